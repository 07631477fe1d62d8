package dev.capstan.events;

import dev.capstan.api.core.v1.ObjectReference;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * A token bucket per regarding object, remembered in an LRU: client-go's
 * {@code EventSourceObjectSpamFilter} for one source (the recorder). A bucket starts full with
 * {@code burst} tokens and earns one token per {@code refillInterval}.
 *
 * <h2>Implementation notes</h2> A bucket is kept as <i>credit</i> in ticker nanoseconds rather
 * than as a fractional token count: a token costs {@code refillInterval}, a full bucket holds
 * {@code burst × refillInterval}, and credit grows one nanosecond per nanosecond. Integer
 * arithmetic keeps "exactly one token after exactly one interval" exact. An evicted bucket is
 * forgotten, so an object that comes back after 4096 others starts full again (as in client-go).
 *
 * <h2>Thread safety</h2> Not thread-safe: the recorder calls it under its lock.
 */
final class SpamFilter {
    private final long costNanos;
    private final long capacityNanos;
    private final int maxEntries;
    /** Per object identity: {@code [credit, lastNanos]}; access-ordered, eldest first. */
    private final LinkedHashMap<ObjectReference, long[]> buckets = new LinkedHashMap<>(16, 0.75f, true);

    SpamFilter(int burst, Duration refillInterval, int maxEntries) {
        this.costNanos = refillInterval.toNanos();
        this.capacityNanos = saturatedMultiply(costNanos, burst);
        this.maxEntries = maxEntries;
    }

    /** Takes a token of {@code object}'s bucket if it has one; {@code nowNanos} is the ticker's reading. */
    boolean tryAcquire(ObjectReference object, long nowNanos) {
        long[] bucket = buckets.get(object);
        if (bucket == null) {
            bucket = new long[] {capacityNanos, nowNanos};
            buckets.put(object, bucket);
            if (buckets.size() > maxEntries) {
                Iterator<long[]> eldest = buckets.values().iterator();
                eldest.next();
                eldest.remove();
            }
        } else {
            long elapsed = nowNanos - bucket[1];
            if (elapsed > 0) { // readings taken just before another caller's may arrive after it
                bucket[0] = Math.min(capacityNanos, saturatedAdd(bucket[0], elapsed));
                bucket[1] = nowNanos;
            }
        }
        if (bucket[0] < costNanos) {
            return false;
        }
        bucket[0] -= costNanos;
        return true;
    }

    int size() {
        return buckets.size();
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
