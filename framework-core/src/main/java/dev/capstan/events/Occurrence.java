package dev.capstan.events;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.core.v1.ObjectReference;
import java.time.Instant;
import java.util.IllegalFormatException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One call of {@link EventRecorder#event}, checked and resolved on the caller's thread.
 *
 * @param regarding the full reference, resourceVersion included (written on the Event)
 * @param time the wall-clock time of the occurrence ({@code eventTime}, {@code lastObservedTime})
 * @param nanos the ticker's reading at the occurrence (windows and buckets)
 */
record Occurrence(EventKey key, ObjectReference regarding, @Nullable ObjectReference related, Instant time, long nanos) {

    /**
     * Checks the arguments of {@link EventRecorder#event} and resolves them.
     *
     * @throws IllegalArgumentException naming the first problem found
     */
    static Occurrence of(KubernetesObject regarding, @Nullable KubernetesObject related, EventType type, String reason,
            String action, String note, Object @Nullable [] args, Instant time, long nanos) {
        ObjectReference regardingRef = EventFields.reference(regarding, "regarding");
        ObjectReference relatedRef = related == null ? null : EventFields.reference(related, "related");
        String message = check(type, reason, action, note, args);
        EventKey key = new EventKey(EventFields.identity(regardingRef), relatedRef == null ? null : EventFields.identity(relatedRef),
                type, reason, action, EventFields.note(message));
        return new Occurrence(key, regardingRef, relatedRef, time, nanos);
    }

    /** The checks of {@link #of}, for recorders that record nothing. */
    static void check(KubernetesObject regarding, @Nullable KubernetesObject related, EventType type, String reason,
            String action, String note, Object @Nullable [] args) {
        EventFields.reference(regarding, "regarding");
        if (related != null) {
            EventFields.reference(related, "related");
        }
        check(type, reason, action, note, args);
    }

    /** Checks the scalar arguments; returns the note, formatted when there are arguments. */
    private static String check(EventType type, String reason, String action, String note, Object @Nullable [] args) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null (EventType.NORMAL or EventType.WARNING)");
        }
        EventFields.checkShortField(reason, "reason", EventFields.MAX_REASON_BYTES);
        EventFields.checkShortField(action, "action", EventFields.MAX_ACTION_BYTES);
        if (note == null) {
            throw new IllegalArgumentException("note must not be null");
        }
        if (args == null || args.length == 0) {
            return note;
        }
        try {
            return String.format(Locale.ROOT, note, args);
        } catch (IllegalFormatException e) {
            throw new IllegalArgumentException("note pattern '" + note + "' does not fit its " + args.length + " argument(s): "
                    + e.getMessage(), e);
        }
    }
}
