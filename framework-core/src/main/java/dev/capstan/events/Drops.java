package dev.capstan.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Counts occurrences that never reach the API server, by reason; mirrored to the Micrometer
 * counter {@code capstan.events.dropped{controller, reason}} when a registry is given.
 * Thread-safe.
 */
final class Drops {

    /** Why occurrences were dropped; {@link #tag()} is the metric's {@code reason}. */
    enum Reason {
        /** The write queue was full. */
        QUEUE_FULL("queue_full"),
        /** The regarding object had no token left. */
        SPAM_FILTER("spam_filter"),
        /** The server rejected the write, or every try failed. */
        WRITE_FAILED("write_failed"),
        /** Recorded after {@code close}, or still queued when its timeout ran out. */
        SHUT_DOWN("shut_down");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }

    private final Map<Reason, AtomicLong> counts = new EnumMap<>(Reason.class);
    private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

    Drops(@Nullable MeterRegistry registry, String controller) {
        for (Reason reason : Reason.values()) {
            counts.put(reason, new AtomicLong());
            if (registry != null) {
                counters.put(reason, Counter.builder("capstan.events.dropped")
                        .description("Event occurrences the recorder dropped instead of writing")
                        .tag("controller", controller).tag("reason", reason.tag()).register(registry));
            }
        }
    }

    void add(Reason reason, long occurrences) {
        if (occurrences <= 0) {
            return;
        }
        counts.get(reason).addAndGet(occurrences);
        Counter counter = counters.get(reason);
        if (counter != null) {
            counter.increment(occurrences);
        }
    }

    long get(Reason reason) {
        return counts.get(reason).get();
    }
}
