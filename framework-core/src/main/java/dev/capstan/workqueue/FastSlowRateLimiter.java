package dev.capstan.workqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fast retries first, then slow ones ({@link RateLimiter#fastSlow}).
 *
 * <h2>Implementation notes</h2>
 * The attempt count per item lives in a concurrent map, incremented atomically; attempt n (from
 * 1) is fast while {@code n <= maxFastAttempts}.
 */
final class FastSlowRateLimiter<T> implements RateLimiter<T> {

    private final Duration fastDelay;
    private final Duration slowDelay;
    private final int maxFastAttempts;
    /** Retries recorded per item; absent means zero. */
    private final ConcurrentHashMap<T, Integer> attempts = new ConcurrentHashMap<>();

    FastSlowRateLimiter(Duration fastDelay, Duration slowDelay, int maxFastAttempts) {
        this.fastDelay = Objects.requireNonNull(fastDelay, "fastDelay");
        this.slowDelay = Objects.requireNonNull(slowDelay, "slowDelay");
        if (fastDelay.isNegative() || slowDelay.isNegative() || maxFastAttempts < 0) {
            throw new IllegalArgumentException("delays and maxFastAttempts must not be negative");
        }
        this.maxFastAttempts = maxFastAttempts;
    }

    @Override
    public Duration when(T item) {
        Objects.requireNonNull(item, "item");
        int n = attempts.merge(item, 1, (a, b) -> a == Integer.MAX_VALUE ? a : a + 1);
        return n <= maxFastAttempts ? fastDelay : slowDelay;
    }

    @Override
    public void forget(T item) {
        attempts.remove(item);
    }

    @Override
    public int numRequeues(T item) {
        return attempts.getOrDefault(item, 0);
    }
}
