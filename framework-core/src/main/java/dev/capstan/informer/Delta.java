package dev.capstan.informer;

import java.util.Objects;

/**
 * One change to one object, as it travels from the {@link Reflector} through a {@link DeltaQueue}
 * to the informer.
 *
 * <p>{@code finalStateUnknown} is only ever true on a {@link Type#DELETED} delta that a relist
 * produced: the object vanished while the watch was down, so {@code object} is the last state
 * this client knew, not the state at deletion (client-go's {@code DeletedFinalStateUnknown}).
 *
 * @param type what happened
 * @param object the object after the change; for a deletion, the last known state
 * @param finalStateUnknown whether a deletion was inferred from a relist rather than observed
 */
public record Delta<T>(Type type, T object, boolean finalStateUnknown) {

    /** The kinds of change, with client-go's names. */
    public enum Type {
        /** Seen for the first time on a watch. */
        ADDED,
        /** Changed on a watch. */
        UPDATED,
        /** Deleted on a watch, or missing from a relist ({@code finalStateUnknown}). */
        DELETED,
        /** Present in a relist (the whole list replaces the cache). */
        REPLACED,
        /** Re-delivered by a periodic resync; no change on the server. */
        SYNC
    }

    public Delta {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(object, "object");
        if (finalStateUnknown && type != Type.DELETED) {
            throw new IllegalArgumentException("only a DELETED delta can have an unknown final state, not " + type);
        }
    }

    public static <T> Delta<T> of(Type type, T object) {
        return new Delta<>(type, object, false);
    }

    /** A deletion inferred from a relist: {@code lastKnown} is what the cache held. */
    public static <T> Delta<T> deletedFinalStateUnknown(T lastKnown) {
        return new Delta<>(Type.DELETED, lastKnown, true);
    }
}
