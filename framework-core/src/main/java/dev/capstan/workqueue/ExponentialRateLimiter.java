package dev.capstan.workqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-item exponential backoff ({@link RateLimiter#exponential}).
 *
 * <h2>Implementation notes</h2>
 * The failure count per item lives in a concurrent map and is updated atomically with
 * {@code merge}; the delay is computed from the count <i>before</i> the increment, so the first
 * retry waits {@code base}. Doubling stops being computed once it passes {@code max} (or would
 * overflow), which also keeps a huge failure count from overflowing.
 */
final class ExponentialRateLimiter<T> implements RateLimiter<T> {

    private final long baseNanos;
    private final long maxNanos;
    /** Retries recorded per item; absent means zero. */
    private final ConcurrentHashMap<T, Integer> failures = new ConcurrentHashMap<>();

    ExponentialRateLimiter(Duration base, Duration max) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(max, "max");
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative: " + base + ", " + max);
        }
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    @Override
    public Duration when(T item) {
        Objects.requireNonNull(item, "item");
        int exp = failures.merge(item, 1, (a, b) -> a == Integer.MAX_VALUE ? a : a + 1) - 1;
        return Duration.ofNanos(delayNanos(exp));
    }

    private long delayNanos(int exp) {
        if (baseNanos == 0) {
            return 0;
        }
        if (exp >= 63 || baseNanos > (Long.MAX_VALUE >> exp)) {
            return maxNanos;
        }
        return Math.min(baseNanos << exp, maxNanos);
    }

    @Override
    public void forget(T item) {
        failures.remove(item);
    }

    @Override
    public int numRequeues(T item) {
        return failures.getOrDefault(item, 0);
    }
}
