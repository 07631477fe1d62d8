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
 *   <li>{@link #inFlight} → {@code workqueue_unfinished_work_seconds} and
 *       {@code workqueue_longest_running_processor_seconds} (gauges read at scrape time)</li>
 * </ul>
 *
 * <h2>Thread safety</h2> Called from any thread, sometimes while the queue holds its lock:
 * implementations must be thread-safe, fast, must not block and must not call back into the queue.
 */
public interface WorkQueueMetrics {

    /**
     * What a queue's in-flight items (handed out, not yet done) have cost so far: read on demand
     * (it takes the queue's lock briefly), never from inside another metrics callback.
     */
    interface InFlight {
        /** The sum of the time every in-flight item has been processing. */
        Duration unfinishedWork();

        /** How long the longest-running in-flight item has been processing. */
        Duration longestRunning();
    }

    /** Called once, when the queue is built, with a view of its in-flight items. */
    default void inFlight(InFlight view) { }

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
