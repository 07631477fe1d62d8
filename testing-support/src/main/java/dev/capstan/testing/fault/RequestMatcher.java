package dev.capstan.testing.fault;

import java.util.Objects;

/**
 * Which requests a fault applies to: a predicate on method, path and query.
 *
 * <pre>{@code
 * RequestMatcher.watches("configmaps")                 // only watches of configmaps
 * RequestMatcher.lists("pods").or(RequestMatcher.watches("pods"))
 * r -> r.method().equals("PUT") && r.path().endsWith("/status")
 * }</pre>
 */
@FunctionalInterface
public interface RequestMatcher {
    /** Whether the fault applies to {@code request}. Called on a proxy I/O thread: must be fast and must not block. */
    boolean matches(ProxiedRequest request);

    /** Every request. */
    static RequestMatcher any() {
        return r -> true;
    }

    /** Watches of {@code resource} (plural, e.g. {@code configmaps}) in any namespace. */
    static RequestMatcher watches(String resource) {
        Objects.requireNonNull(resource, "resource");
        return r -> r.kind() == RequestKind.WATCH && r.resource().equals(resource);
    }

    /** Lists of {@code resource} in any namespace. */
    static RequestMatcher lists(String resource) {
        Objects.requireNonNull(resource, "resource");
        return r -> r.kind() == RequestKind.LIST && r.resource().equals(resource);
    }

    /** Requests of one kind (watch, list, other), any resource. */
    static RequestMatcher kind(RequestKind kind) {
        Objects.requireNonNull(kind, "kind");
        return r -> r.kind() == kind;
    }

    /** Requests to {@code resource} of any kind. */
    static RequestMatcher resource(String resource) {
        Objects.requireNonNull(resource, "resource");
        return r -> r.resource().equals(resource);
    }

    default RequestMatcher and(RequestMatcher other) {
        Objects.requireNonNull(other, "other");
        return r -> matches(r) && other.matches(r);
    }

    default RequestMatcher or(RequestMatcher other) {
        Objects.requireNonNull(other, "other");
        return r -> matches(r) || other.matches(r);
    }
}
