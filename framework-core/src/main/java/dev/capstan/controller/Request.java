package dev.capstan.controller;

import dev.capstan.api.KubernetesObject;
import dev.capstan.informer.KeyFunction;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to reconcile: the namespace and name of one primary object.
 *
 * <p>Deliberately carries no event and no object: reconciliation is level-based. The reconciler
 * reads the current state from listers (the object may have changed again, or be gone), so
 * several events for one object collapse into one request in the work queue.
 *
 * @param namespace the namespace, or null for a cluster-scoped object
 * @param name the name
 */
public record Request(@Nullable String namespace, String name) {

    public Request {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a request needs a name");
        }
        namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    }

    /** The request for {@code object}. */
    public static Request of(KubernetesObject object) {
        Objects.requireNonNull(object, "object");
        if (object.metadata() == null || object.metadata().name() == null) {
            throw new IllegalArgumentException(object.kind() + " has no metadata.name; it cannot be reconciled");
        }
        return new Request(object.metadata().namespace(), object.metadata().name());
    }

    /** A request for a cluster-scoped object. */
    public static Request of(String name) {
        return new Request(null, name);
    }

    public static Request of(@Nullable String namespace, String name) {
        return new Request(namespace, name);
    }

    /** The cache key: {@code namespace/name}, or {@code name}. */
    public String key() {
        return KeyFunction.key(namespace, name);
    }

    @Override
    public String toString() {
        return key();
    }
}
