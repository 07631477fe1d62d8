package dev.capstan.workqueue;

import java.time.Duration;

/**
 * The default {@link RateLimitingQueue}.
 *
 * <h2>Implementation notes</h2>
 * Pure composition, as in client-go: no state or lock of its own. As in client-go,
 * {@code addRateLimited} always consults the limiter (recording a retry), even when the queue is
 * shutting down and the add itself is ignored.
 */
final class DefaultRateLimitingQueue<T> extends ForwardingWorkQueue<T> implements RateLimitingQueue<T> {

    private final DelayingQueue<T> queue;
    private final RateLimiter<T> limiter;

    DefaultRateLimitingQueue(DelayingQueue<T> queue, RateLimiter<T> limiter) {
        super(queue);
        this.queue = queue;
        this.limiter = limiter;
    }

    @Override
    public void addRateLimited(T item) {
        queue.addAfter(item, limiter.when(item));
    }

    @Override
    public void forget(T item) {
        limiter.forget(item);
    }

    @Override
    public int numRequeues(T item) {
        return limiter.numRequeues(item);
    }

    @Override
    public void addAfter(T item, Duration delay) {
        queue.addAfter(item, delay);
    }







}
