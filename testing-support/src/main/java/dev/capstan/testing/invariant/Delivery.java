package dev.capstan.testing.invariant;

import java.time.Instant;

/**
 * One notification a handler received.
 *
 * @param observer which handler (or informer) received it
 * @param type add, update or delete
 * @param key {@code namespace/name} (or {@code name})
 * @param uid the object's uid
 * @param resourceVersion the object's resourceVersion (for a delete: the last known one)
 * @param finalStateUnknown for a delete: whether it was inferred by a relist
 * @param at when it was recorded
 */
public record Delivery(String observer, Type type, String key, String uid, String resourceVersion, boolean finalStateUnknown,
        Instant at) {

    /** The kind of notification. */
    public enum Type { ADD, UPDATE, DELETE }
}
