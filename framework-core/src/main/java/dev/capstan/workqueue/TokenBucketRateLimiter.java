package dev.capstan.workqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * An overall token bucket ({@link RateLimiter#tokenBucket}), with the reservation semantics of
 * Go's {@code rate.Limiter.Reserve} that client-go's {@code BucketRateLimiter} uses.
 *
 * <h2>Implementation notes</h2>
 * {@code tokens} is refilled lazily: each call first adds {@code elapsed · qps}, capped at
 * {@code burst}, then takes one token. Tokens may go negative (a reservation in the future); the
 * delay is the time for the bucket to climb back to zero, {@code -tokens / qps}. Later callers
 * therefore queue up behind earlier ones, spaced {@code 1/qps} apart. Time comes from the injected
 * ticker, so the sequence is deterministic in tests.
 */
final class TokenBucketRateLimiter<T> implements RateLimiter<T> {

    private final double qps;
    private final int burst;
    private final Ticker ticker;

    /** Guards {@code tokens} and {@code last}. Invariant: {@code tokens <= burst}. */
    private final Object lock = new Object();
    private double tokens;
    private long last;

    TokenBucketRateLimiter(double qps, int burst, Ticker ticker) {
        if (!(qps > 0) || Double.isInfinite(qps) || burst < 1) {
            throw new IllegalArgumentException("qps must be positive and finite, burst at least 1: " + qps + ", " + burst);
        }
        this.qps = qps;
        this.burst = burst;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.tokens = burst;
        this.last = ticker.nanoTime();
    }

    @Override
    public Duration when(T item) {
        synchronized (lock) {
            long now = ticker.nanoTime();
            long elapsed = now - last;
            if (elapsed > 0) {
                tokens = Math.min(burst, tokens + elapsed * qps / 1e9);
                last = now;
            }
            tokens -= 1;
            if (tokens >= 0) {
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil(-tokens / qps * 1e9));
        }
    }

    @Override
    public void forget(T item) {
        // overall limiter: nothing per item
    }

    @Override
    public int numRequeues(T item) {
        return 0;
    }
}
