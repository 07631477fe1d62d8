package dev.capstan.benchmarks;

import dev.capstan.api.core.v1.ConfigMap;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * When each write of {@link ReconcileLatency} passed each point on its way from the writer to the
 * start of its reconcile: one timestamp per write and {@link Stage}.
 *
 * <p>Writes are numbered ({@code seq}); the writer puts the number into the object it writes
 * ({@code data.seq}), so every later point identifies the write from the object alone, whatever
 * order the HTTP response and the watch event arrive in. Each key is written again only long
 * after the previous write to it has been reconciled, so no two writes share a reconcile.
 *
 * <h2>Thread safety</h2> {@link #stamp} may be called from any thread; the first stamp of a
 * (stage, seq) wins and later ones are counted as repeats. Timestamps are
 * {@link System#nanoTime()} of this JVM, kept relative to an origin so that 0 means "not yet".
 */
final class LatencyTrace {
    /** The points a write passes, in order. */
    enum Stage {
        /** The slot of the open-loop schedule: when the write was due to be sent. */
        INTENDED,
        /** When the writer handed the request to the HTTP client. */
        SENT,
        /** When the HTTP response arrived (the write was committed before the server answered). */
        RESPONDED,
        /** The watch event, decoded, on the reflector's thread (the informer's transform). */
        REFLECTOR,
        /** The controller's event handler, just before it adds the key to the work queue (its event filter). */
        HANDLER,
        /** The first line of the reconciler, for the object state the lister returns. */
        RECONCILED
    }

    private final long origin = System.nanoTime();
    private final Map<Stage, AtomicLongArray> stamps = new EnumMap<>(Stage.class);
    private final Map<Stage, AtomicInteger> repeats = new EnumMap<>(Stage.class);

    LatencyTrace(int capacity) {
        for (Stage stage : Stage.values()) {
            stamps.put(stage, new AtomicLongArray(capacity));
            repeats.put(stage, new AtomicInteger());
        }
    }

    int capacity() {
        return stamps.get(Stage.INTENDED).length();
    }

    /** Records {@code stage} of write {@code seq} now; see {@link #stamp(Stage, int, long)}. */
    boolean stamp(Stage stage, int seq) {
        return stamp(stage, seq, System.nanoTime());
    }

    /**
     * Records that write {@code seq} passed {@code stage} at {@code nanoTime}. Returns false, and
     * records nothing, for a {@code seq} outside the trace (objects not written by the benchmark)
     * or a repeat (the first time wins).
     */
    boolean stamp(Stage stage, int seq, long nanoTime) {
        if (seq < 0 || seq >= capacity()) {
            return false;
        }
        if (stamps.get(stage).compareAndSet(seq, 0, nanoTime - origin + 1)) {
            return true;
        }
        repeats.get(stage).incrementAndGet();
        return false;
    }

    /** The timestamp (relative to this trace's origin, in ns), or 0 when the write has not passed {@code stage}. */
    long get(Stage stage, int seq) {
        return stamps.get(stage).get(seq);
    }

    /** {@code nanoTime} on this trace's scale, to compare with {@link #get}. */
    long relative(long nanoTime) {
        return nanoTime - origin + 1;
    }

    /** How many stamps of {@code stage} were repeats (ignored). */
    int repeats(Stage stage) {
        return repeats.get(stage).get();
    }

    /** How many of writes {@code [from, to)} passed {@code stage}. */
    int count(Stage stage, int from, int to) {
        AtomicLongArray values = stamps.get(stage);
        int n = 0;
        for (int seq = from; seq < to; seq++) {
            if (values.get(seq) != 0) {
                n++;
            }
        }
        return n;
    }

    /** How many of writes {@code [from, to)} passed {@code stage} within {@code [start, end)} (trace scale). */
    int countWithin(Stage stage, int from, int to, long start, long end) {
        AtomicLongArray values = stamps.get(stage);
        int n = 0;
        for (int seq = from; seq < to; seq++) {
            long t = values.get(seq);
            if (t != 0 && t >= start && t < end) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@code to − from} for each of writes {@code [first, last)} that passed both stages; the
     * difference may be negative (a watch event can overtake the HTTP response).
     */
    Distribution between(Stage from, Stage to, int first, int last) {
        AtomicLongArray a = stamps.get(from);
        AtomicLongArray b = stamps.get(to);
        long[] values = new long[last - first];
        int n = 0;
        for (int seq = first; seq < last; seq++) {
            long start = a.get(seq);
            long end = b.get(seq);
            if (start != 0 && end != 0) {
                values[n++] = end - start;
            }
        }
        return Distribution.of(Arrays.copyOf(values, n));
    }

    /** The write number an object carries in {@code data.seq}, or -1 (not written by the benchmark, or gone). */
    static int seqOf(@Nullable ConfigMap configMap) {
        if (configMap == null || configMap.data() == null) {
            return -1;
        }
        String seq = configMap.data().get("seq");
        if (seq == null) {
            return -1;
        }
        try {
            return Integer.parseInt(seq);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Sorted nanosecond samples and their percentiles (nearest rank). */
    record Distribution(long[] sorted) {
        static Distribution of(long[] values) {
            Arrays.sort(values);
            return new Distribution(values);
        }

        int count() {
            return sorted.length;
        }

        /** The {@code q}-quantile (0 < q ≤ 1) in milliseconds, nearest rank; NaN without samples. */
        double millis(double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        double maxMillis() {
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
        }

        double minMillis() {
            return sorted.length == 0 ? Double.NaN : sorted[0] / 1e6;
        }

        double meanMillis() {
            return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(Double.NaN) / 1e6;
        }
    }
}
