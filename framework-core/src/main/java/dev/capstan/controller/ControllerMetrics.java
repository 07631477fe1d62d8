package dev.capstan.controller;

import dev.capstan.workqueue.WorkQueueMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A controller's Micrometer meters, with controller-runtime's names and labels so the dashboards
 * and alerts of Go operators work unchanged (Prometheus names):
 * <ul>
 *   <li>{@code controller_runtime_reconcile_total{controller,result}} — result is
 *       {@code success}, {@code error}, {@code requeue} or {@code requeue_after};</li>
 *   <li>{@code controller_runtime_reconcile_errors_total{controller}},
 *       {@code controller_runtime_terminal_reconcile_errors_total{controller}};</li>
 *   <li>{@code controller_runtime_reconcile_time_seconds{controller}} (histogram);</li>
 *   <li>{@code controller_runtime_max_concurrent_reconciles{controller}},
 *       {@code controller_runtime_active_workers{controller}};</li>
 *   <li>{@code workqueue_depth}, {@code workqueue_adds_total},
 *       {@code workqueue_queue_duration_seconds}, {@code workqueue_work_duration_seconds},
 *       {@code workqueue_retries_total}, {@code workqueue_unfinished_work_seconds},
 *       {@code workqueue_longest_running_processor_seconds}, labelled {@code name} and
 *       {@code controller} (both the controller's name).</li>
 * </ul>
 * Without a registry every method does nothing.
 */
final class ControllerMetrics {
    private final @Nullable MeterRegistry registry;
    private final String controller;
    private final AtomicInteger activeWorkers = new AtomicInteger();
    private final @Nullable Counter errors;
    private final @Nullable Counter terminalErrors;
    private final @Nullable Timer reconcileTime;
    /** The current queue's in-flight view; a controller gets a new queue each time its workers restart. */
    private final AtomicReference<WorkQueueMetrics.@Nullable InFlight> inFlight = new AtomicReference<>();
    private final AtomicInteger depth = new AtomicInteger();

    ControllerMetrics(@Nullable MeterRegistry registry, String controller, int workers) {
        this.registry = registry;
        this.controller = controller;
        if (registry == null) {
            errors = null;
            terminalErrors = null;
            reconcileTime = null;
            return;
        }
        Tags tags = Tags.of("controller", controller);
        errors = Counter.builder("controller_runtime_reconcile_errors").description("Total number of reconciliation errors per controller")
                .tags(tags).register(registry);
        terminalErrors = Counter.builder("controller_runtime_terminal_reconcile_errors")
                .description("Total number of terminal reconciliation errors per controller").tags(tags).register(registry);
        reconcileTime = Timer.builder("controller_runtime_reconcile_time").description("Length of time per reconciliation per controller")
                .tags(tags).publishPercentileHistogram().register(registry);
        Gauge.builder("controller_runtime_max_concurrent_reconciles", () -> workers)
                .description("Maximum number of concurrent reconciles per controller").tags(tags).register(registry);
        Gauge.builder("controller_runtime_active_workers", activeWorkers, AtomicInteger::get)
                .description("Number of currently used workers per controller").tags(tags).register(registry);
        for (String result : new String[] {"success", "error", "requeue", "requeue_after"}) {
            result(result); // present from the start, at zero, as controller-runtime does
        }
        Tags queueTags = Tags.of("name", controller, "controller", controller);
        Gauge.builder("workqueue_depth", depth, AtomicInteger::get).description("Current depth of workqueue").tags(queueTags)
                .register(registry);
        Gauge.builder("workqueue_unfinished_work_seconds", inFlight, v -> seconds(v.get(), false))
                .description("How many seconds of work has been done that is in progress and hasn't been observed by work_duration")
                .tags(queueTags).register(registry);
        Gauge.builder("workqueue_longest_running_processor_seconds", inFlight, v -> seconds(v.get(), true))
                .description("How many seconds has the longest running processor for workqueue been running").tags(queueTags)
                .register(registry);
    }

    private static double seconds(WorkQueueMetrics.@Nullable InFlight view, boolean longest) {
        if (view == null) {
            return 0;
        }
        Duration d = longest ? view.longestRunning() : view.unfinishedWork();
        return d.toNanos() / 1e9;
    }

    private Counter result(String result) {
        return Counter.builder("controller_runtime_reconcile").description("Total number of reconciliations per controller")
                .tags("controller", controller, "result", result).register(registry);
    }

    void workerStarted() {
        activeWorkers.incrementAndGet();
    }

    void workerStopped() {
        activeWorkers.decrementAndGet();
    }

    void reconciled(String result, long nanos, boolean error, boolean terminal) {
        if (registry == null) {
            return;
        }
        result(result).increment();
        reconcileTime.record(nanos, TimeUnit.NANOSECONDS);
        if (error) {
            errors.increment();
        }
        if (terminal) {
            terminalErrors.increment();
        }
    }

    /** The work-queue hook for one incarnation of the controller's queue. */
    WorkQueueMetrics queueMetrics() {
        if (registry == null) {
            return WorkQueueMetrics.NOOP;
        }
        Tags tags = Tags.of("name", controller, "controller", controller);
        Counter adds = Counter.builder("workqueue_adds").description("Total number of adds handled by workqueue").tags(tags)
                .register(registry);
        Counter retries = Counter.builder("workqueue_retries").description("Total number of retries handled by workqueue").tags(tags)
                .register(registry);
        Timer queueDuration = Timer.builder("workqueue_queue_duration")
                .description("How long in seconds an item stays in workqueue before being requested").tags(tags)
                .publishPercentileHistogram().register(registry);
        Timer workDuration = Timer.builder("workqueue_work_duration")
                .description("How long in seconds processing an item from workqueue takes").tags(tags)
                .publishPercentileHistogram().register(registry);
        return new WorkQueueMetrics() {
            @Override
            public void depth(int value) {
                depth.set(value);
            }

            @Override
            public void added() {
                adds.increment();
            }

            @Override
            public void queueLatency(Duration latency) {
                queueDuration.record(latency);
            }

            @Override
            public void workDuration(Duration duration) {
                workDuration.record(duration);
            }

            @Override
            public void retried() {
                retries.increment();
            }

            @Override
            public void inFlight(InFlight view) {
                inFlight.set(view);
            }
        };
    }

}
