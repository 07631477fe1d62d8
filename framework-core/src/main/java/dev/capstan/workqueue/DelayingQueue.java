package dev.capstan.workqueue;

import java.time.Duration;

/**
 * A {@link WorkQueue} that can also add an item later, with client-go's delaying-queue contract.
 *
 * <ul>
 *   <li>{@link #addAfter} with a zero or negative delay is a plain {@link #add}.</li>
 *   <li>An item scheduled again before it is ready keeps the <b>earlier</b> ready time.</li>
 *   <li>When the ready time passes, the item is {@link #add}ed, so the work-queue rules (dedup,
 *       dirty/processing) apply from then on. Items ready at the same time are added in the order
 *       they were scheduled.</li>
 *   <li>All waiting is done by one timer thread per queue with a priority queue, never a thread
 *       or task per item. The thread is a daemon and stops at {@link #shutDown} or
 *       {@link #shutDownWithDrain}; items still scheduled then are dropped (adds are ignored after
 *       shutdown anyway).</li>
 * </ul>
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use; {@link #addAfter} never blocks.
 */
public interface DelayingQueue<T> extends WorkQueue<T> {

    /**
     * Adds {@code item} once {@code delay} has passed on the queue's {@link Ticker}. Ignored while
     * shutting down. Counts as a retry in the metrics ({@code workqueue_retries_total}).
     */
    void addAfter(T item, Duration delay);

    /** A delaying queue with default options. */
    static <T> DelayingQueue<T> create() {
        return create(WorkQueueOptions.defaults());
    }

    /** A delaying queue with the given options; starts its timer thread. */
    static <T> DelayingQueue<T> create(WorkQueueOptions options) {
        return new DefaultDelayingQueue<>(WorkQueue.create(options), options);
    }
}
