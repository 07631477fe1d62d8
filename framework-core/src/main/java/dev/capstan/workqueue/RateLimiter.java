package dev.capstan.workqueue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Decides how long an item must wait before it is retried, with client-go's rate-limiter contract.
 *
 * <p>{@link #when} is not a query: it <b>records a failure</b> (or consumes a token) and returns
 * the delay for this retry. {@link #forget} ends tracking of the item (call it when the item
 * succeeded); {@link #numRequeues} reports the failures recorded since the last forget.
 *
 * <p>❌ Calling {@code when} to log the next delay doubles the backoff.
 * ✅ Call {@code when} exactly once per retry — {@link RateLimitingQueue#addRateLimited} does.
 *
 * <h2>Thread safety</h2> Every implementation returned here is safe for concurrent use. Per-item
 * limiters keep one entry per failing item until {@link #forget}.
 */
public interface RateLimiter<T> {

    /** Records a retry of {@code item} and returns how long it must wait; never negative. */
    Duration when(T item);

    /** Stops tracking {@code item}: its next {@link #when} starts over. */
    void forget(T item);

    /** The number of retries recorded for {@code item} since it was last forgotten. */
    int numRequeues(T item);

    /**
     * Per-item exponential backoff: {@code base · 2^failures}, capped at {@code max}. The n-th
     * {@code when} (from 0) since {@link #forget} returns {@code min(base · 2^n, max)}.
     */
    static <T> RateLimiter<T> exponential(Duration base, Duration max) {
        return new ExponentialRateLimiter<>(base, max);
    }

    /** {@link #exponential} with client-go's controller defaults: 5 ms base, 1000 s cap. */
    static <T> RateLimiter<T> exponential() {
        return exponential(Duration.ofMillis(5), Duration.ofSeconds(1000));
    }

    /**
     * An overall token bucket shared by all items (Go's {@code rate.Limiter}): holds up to
     * {@code burst} tokens, refilled at {@code qps} per second, starting full. Each {@code when}
     * takes a token, going into debt if none is left; the delay is the time until the debt is
     * repaid. {@link #forget} does nothing and {@link #numRequeues} is always 0.
     */
    static <T> RateLimiter<T> tokenBucket(double qps, int burst, Ticker ticker) {
        return new TokenBucketRateLimiter<>(qps, burst, ticker);
    }

    /** {@link #tokenBucket} with client-go's defaults: 10 qps, burst 100, the system ticker. */
    static <T> RateLimiter<T> tokenBucket() {
        return tokenBucket(10, 100, Ticker.system());
    }

    /**
     * {@code fastDelay} for the first {@code maxFastAttempts} retries of an item, {@code slowDelay}
     * afterwards (until {@link #forget}).
     */
    static <T> RateLimiter<T> fastSlow(Duration fastDelay, Duration slowDelay, int maxFastAttempts) {
        return new FastSlowRateLimiter<>(fastDelay, slowDelay, maxFastAttempts);
    }

    /**
     * Asks every limiter (each one records the retry) and returns the longest delay;
     * {@link #numRequeues} is the maximum of theirs and {@link #forget} forgets in all of them.
     */
    @SafeVarargs
    static <T> RateLimiter<T> maxOf(RateLimiter<T>... limiters) {
        return new MaxOfRateLimiter<>(List.of(limiters));
    }

    /**
     * client-go's {@code DefaultControllerRateLimiter}: {@code maxOf(exponential(5 ms, 1000 s),
     * tokenBucket(10 qps, burst 100))} — per-item backoff, plus an overall ceiling that only
     * bites when many items fail at once.
     */
    static <T> RateLimiter<T> defaultControllerRateLimiter() {
        return defaultControllerRateLimiter(Ticker.system());
    }

    /** {@link #defaultControllerRateLimiter()} with the bucket on {@code ticker}. */
    static <T> RateLimiter<T> defaultControllerRateLimiter(Ticker ticker) {
        Objects.requireNonNull(ticker, "ticker");
        return maxOf(exponential(), tokenBucket(10, 100, ticker));
    }
}
