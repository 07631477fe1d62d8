package dev.capstan.workqueue;

import java.util.Objects;

/**
 * A {@link DelayingQueue} that retries items with a {@link RateLimiter}: the queue controllers use.
 *
 * <p>{@link #addRateLimited} is {@code addAfter(item, limiter.when(item))}; {@link #forget} and
 * {@link #numRequeues} delegate to the limiter. The usual worker:
 * <pre>{@code
 * RateLimitingQueue<Request> queue = RateLimitingQueue.create(RateLimiter.defaultControllerRateLimiter());
 * Request key = queue.get().orElseThrow();
 * try {
 *     reconcile(key);
 *     queue.forget(key);          // ✅ success resets the backoff
 * } catch (RuntimeException e) {
 *     queue.addRateLimited(key);  // retry later, with a growing delay
 * } finally {
 *     queue.done(key);
 * }
 * }</pre>
 * ❌ {@code forget} does not remove the item from the queue, and {@code done} does not reset the
 * backoff: call both.
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use; none but {@link #get} and
 * {@link #shutDownWithDrain} blocks.
 */
public interface RateLimitingQueue<T> extends DelayingQueue<T> {

    /** Adds {@code item} after the delay the limiter gives (which records a retry, even while shutting down, when the add itself is ignored). */
    void addRateLimited(T item);

    /** Resets the limiter's tracking of {@code item} (call it on success). Does not touch the queue. */
    void forget(T item);

    /** How many times {@code item} was rate-limited since it was last forgotten. */
    int numRequeues(T item);

    /** A rate-limiting queue with default options. */
    static <T> RateLimitingQueue<T> create(RateLimiter<T> limiter) {
        return create(limiter, WorkQueueOptions.defaults());
    }

    /** A rate-limiting queue with the given limiter and options; starts the timer thread. */
    static <T> RateLimitingQueue<T> create(RateLimiter<T> limiter, WorkQueueOptions options) {
        Objects.requireNonNull(limiter, "limiter");
        return new DefaultRateLimitingQueue<>(DelayingQueue.create(options), limiter);
    }
}
