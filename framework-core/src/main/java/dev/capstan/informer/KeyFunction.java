package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.meta.v1.ObjectMeta;

/**
 * Computes an object's cache key. The default, {@link #namespaceName()}, is client-go's
 * {@code MetaNamespaceKeyFunc}: {@code namespace/name}, or {@code name} for cluster-scoped objects.
 */
@FunctionalInterface
public interface KeyFunction<T> {

    /**
     * The key of {@code object}.
     *
     * @throws IllegalArgumentException when the object has no name
     */
    String keyOf(T object);

    /** {@code namespace/name}, or {@code name} when the object has no namespace. */
    static <T extends KubernetesObject> KeyFunction<T> namespaceName() {
        return KeyFunction::metaNamespaceKey;
    }

    /** The {@code namespace/name} key of any Kubernetes object. */
    static String metaNamespaceKey(KubernetesObject object) {
        ObjectMeta meta = object.metadata();
        String name = meta == null ? null : meta.name();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(object.kind() + " has no metadata.name, so it has no cache key");
        }
        String namespace = meta.namespace();
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The key for {@code namespace} (null or empty for cluster-scoped) and {@code name}. */
    static String key(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
