package dev.capstan.workqueue;

import java.time.Duration;
import java.util.Optional;

/**
 * The default {@link RateLimitingQueue}.
 *
 * <h2>Implementation notes</h2>
 * Pure composition, as in client-go: no state or lock of its own. As in client-go,
 * {@code addRateLimited} always consults the limiter (recording a retry), even when the queue is
 * shutting down and the add itself is ignored.
 */
final class DefaultRateLimitingQueue<T> implements RateLimitingQueue<T> {

    private final DelayingQueue<T> queue;
    private final RateLimiter<T> limiter;

    DefaultRateLimitingQueue(DelayingQueue<T> queue, RateLimiter<T> limiter) {
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

    @Override
    public void add(T item) {
        queue.add(item);
    }

    @Override
    public Optional<T> get() throws InterruptedException {
        return queue.get();
    }

    @Override
    public void done(T item) {
        queue.done(item);
    }

    @Override
    public int len() {
        return queue.len();
    }

    @Override
    public void shutDown() {
        queue.shutDown();
    }

    @Override
    public void shutDownWithDrain() throws InterruptedException {
        queue.shutDownWithDrain();
    }

    @Override
    public boolean isShuttingDown() {
        return queue.isShuttingDown();
    }
}
