package dev.capstan.informer;

import java.util.Objects;

/**
 * A deletion as handlers see it: the last known object, typed, and whether the deletion itself
 * was observed. Replaces client-go's {@code DeletedFinalStateUnknown} tombstone, which every Go
 * handler must type-check.
 *
 * <p>When {@code finalStateUnknown} is true the watch missed the deletion (it was down, or the
 * server expired its history) and a relist found the object gone; {@code object} is then the
 * state the cache last held, which may be older than the state at deletion.
 *
 * @param object the last known state of the deleted object
 * @param finalStateUnknown whether the deletion was inferred from a relist
 */
public record DeletedObject<T>(T object, boolean finalStateUnknown) {
    public DeletedObject {
        Objects.requireNonNull(object, "object");
    }
}
