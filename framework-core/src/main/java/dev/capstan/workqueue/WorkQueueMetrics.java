package dev.capstan.workqueue;

import java.time.Duration;

/**
 * Receives one queue's measurements; every method is a no-op by default and {@link #NOOP} is the
 * default of {@link WorkQueueOptions}.
 *
 * <p>Bind each method to the metric client-go exports, so Go operators' dashboards work
 * (labels {@code name}, {@code controller}):
 * <ul>
 *   <li>{@link #depth} → {@code workqueue_depth} (gauge)</li>
 *   <li>{@link #added} → {@code workqueue_adds_total}</li>
 *   <li>{@link #queueLatency} → {@code workqueue_queue_duration_seconds} (histogram)</li>
 *   <li>{@link #workDuration} → {@code workqueue_work_duration_seconds} (histogram)</li>
 *   <li>{@link #retried} → {@code workqueue_retries_total}</li>
 * </ul>
 * Not yet reported: {@code workqueue_unfinished_work_seconds} and
 * {@code workqueue_longest_running_processor_seconds}.
 *
 * <h2>Thread safety</h2> Called from any thread, sometimes while the queue holds its lock:
 * implementations must be thread-safe, fast, must not block and must not call back into the queue.
 */
public interface WorkQueueMetrics {

    /** Discards everything. */
    WorkQueueMetrics NOOP = new WorkQueueMetrics() { };

    /** The number of items waiting to be handed out changed to {@code depth}. */
    default void depth(int depth) { }

    /** An item was accepted by {@code add} (including duplicates, as client-go counts them). */
    default void added() { }

    /** An item waited {@code latency} between entering the queue and being handed out by {@code get}. */
    default void queueLatency(Duration latency) { }

    /** A worker held an item for {@code duration}, from {@code get} to {@code done}. */
    default void workDuration(Duration duration) { }

    /** {@code addAfter} (and so {@code addRateLimited}) was called. */
    default void retried() { }
}
