package dev.capstan.workqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * Options shared by every queue factory.
 *
 * @param name names the queue in thread names (and, by convention, in metrics); default {@code "workqueue"}
 * @param ticker the time source; default {@link Ticker#system()}
 * @param metrics the measurement sink; default {@link WorkQueueMetrics#NOOP}
 * @param heartbeat the longest the delaying queue's timer thread sleeps without re-reading the
 *     ticker (client-go's guard against clock trouble); default 10 s
 */
public record WorkQueueOptions(String name, Ticker ticker, WorkQueueMetrics metrics, Duration heartbeat) {

    public WorkQueueOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
        }
    }

    /** All defaults. */
    public static WorkQueueOptions defaults() {
        return new WorkQueueOptions("workqueue", Ticker.system(), WorkQueueMetrics.NOOP, Duration.ofSeconds(10));
    }

    public WorkQueueOptions withName(String name) {
        return new WorkQueueOptions(name, ticker, metrics, heartbeat);
    }

    public WorkQueueOptions withTicker(Ticker ticker) {
        return new WorkQueueOptions(name, ticker, metrics, heartbeat);
    }

    public WorkQueueOptions withMetrics(WorkQueueMetrics metrics) {
        return new WorkQueueOptions(name, ticker, metrics, heartbeat);
    }

    public WorkQueueOptions withHeartbeat(Duration heartbeat) {
        return new WorkQueueOptions(name, ticker, metrics, heartbeat);
    }
}
