package dev.capstan.testing.invariant;

import java.time.Instant;

/**
 * One write the test made and the server acknowledged.
 *
 * @param type create, update or delete
 * @param key {@code namespace/name} (or {@code name})
 * @param uid the object's uid
 * @param resourceVersion the resourceVersion the server returned (for a delete: the deleted object's, if known, else {@code ""})
 * @param at when it was recorded
 */
public record Write(Type type, String key, String uid, String resourceVersion, Instant at) {

    /** The kind of write. */
    public enum Type { CREATE, UPDATE, DELETE }
}
