package dev.capstan.client.rest;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket with reservations: a request that finds no token reserves a future one and
 * is told how long to wait, so waiting happens outside the lock (and, for reactive callers,
 * without blocking a thread).
 *
 * <h2>Thread safety</h2> Synchronized; {@code tokens} and {@code last} are guarded by this.
 * Invariant: {@code tokens <= burst}; it goes negative by the number of outstanding
 * reservations.
 */
final class TokenBucket implements RateLimiter {
    private final double perNano;
    private final int burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(double qps, int burst, LongSupplier nanoClock) {
        if (!(qps > 0) || burst < 1) {
            throw new IllegalArgumentException("rate limit needs qps > 0 and burst >= 1, got qps=" + qps + " burst=" + burst);
        }
        this.perNano = qps / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    @Override
    public synchronized Duration reserve() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / perNano));
    }
}
