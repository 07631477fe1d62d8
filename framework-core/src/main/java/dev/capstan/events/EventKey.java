package dev.capstan.events;

import dev.capstan.api.core.v1.ObjectReference;
import org.jspecify.annotations.Nullable;

/**
 * What makes two occurrences "the same event" for aggregation. The reporting controller and
 * instance are the recorder's own, so they are the same for every key of one recorder.
 *
 * @param regarding the regarding object's identity (no resourceVersion: a new version of the
 *     object does not start a new series)
 * @param related the related object's identity, if any
 */
record EventKey(ObjectReference regarding, @Nullable ObjectReference related, EventType type, String reason, String action,
        String note) {
}
