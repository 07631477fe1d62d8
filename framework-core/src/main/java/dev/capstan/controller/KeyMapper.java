package dev.capstan.controller;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.ResourceType;
import dev.capstan.api.meta.v1.OwnerReference;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Maps an object seen by an informer to the primary objects to reconcile (controller-runtime's
 * {@code EventHandler}s): the object itself, its controlling owner, or anything a function
 * computes (for example from an index).
 *
 * <p>Runs on the informer's delivery thread for the handler; reading listers is fine, calling
 * the API server is not.
 */
@FunctionalInterface
public interface KeyMapper<T extends KubernetesObject> {

    /** The requests for {@code object}; empty for none. */
    Collection<Request> map(T object);

    /** The object itself (for the primary resource). */
    static <T extends KubernetesObject> KeyMapper<T> self() {
        return object -> List.of(Request.of(object));
    }

    /**
     * The object's controlling owner ({@code ownerReferences} entry with {@code controller: true})
     * when it is of {@code ownerType}; nothing otherwise. The owner is taken to be in the
     * object's namespace (owner references never cross namespaces; a cluster-scoped owner gets
     * no namespace).
     */
    static <T extends KubernetesObject> KeyMapper<T> controllerOwner(ResourceType<?> ownerType) {
        Objects.requireNonNull(ownerType, "ownerType");
        String apiVersion = ownerType.apiVersion();
        String kind = ownerType.kind();
        return object -> {
            if (object.metadata() == null || object.metadata().ownerReferences() == null) {
                return List.of();
            }
            for (OwnerReference owner : object.metadata().ownerReferences()) {
                if (Boolean.TRUE.equals(owner.controller()) && kind.equals(owner.kind()) && sameGroup(apiVersion, owner.apiVersion())) {
                    return List.of(new Request(ownerType.namespaced() ? object.metadata().namespace() : null, owner.name()));
                }
            }
            return List.of();
        };
    }

    /** Owner references match on group, whatever the version (an owner may be referenced at another version). */
    private static boolean sameGroup(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        int e = expected.indexOf('/');
        int a = actual.indexOf('/');
        String expectedGroup = e < 0 ? "" : expected.substring(0, e);
        String actualGroup = a < 0 ? "" : actual.substring(0, a);
        return expectedGroup.equals(actualGroup);
    }
}
