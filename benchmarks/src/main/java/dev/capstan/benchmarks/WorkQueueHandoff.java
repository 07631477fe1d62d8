package dev.capstan.benchmarks;

import dev.capstan.benchmarks.LatencyTrace.Distribution;
import dev.capstan.workqueue.WorkQueue;
import dev.capstan.workqueue.WorkQueueOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The work queue's hand-off alone, in process: one thread adds distinct keys at a fixed rate
 * (one at a time, as an informer's handler does at moderate rates), W worker threads
 * {@code get} and {@code done} them at once, as {@link ReconcileLatency}'s trivial reconciler
 * does. Reports the add → get latency and the workers' context switches per key, for several W.
 *
 * <p>A diagnostic for the controller stage of {@link ReconcileLatency} without an API server:
 * with the queue idle between keys, a voluntary context switch is a worker going to sleep, so
 * switches per key count the wake-ups each key costs — one is the hand-off itself; more are
 * workers woken for nothing.
 *
 * <p>Usage: {@code WorkQueueHandoff [--rate 1000] [--seconds 10] [--workers 1,4,16]} (prints only).
 */
public final class WorkQueueHandoff {
    private WorkQueueHandoff() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        List<Integer> counts = new ArrayList<>();
        for (String w : options.getOrDefault("workers", "1,4,16").split(",")) {
            counts.add(Integer.parseInt(w.trim()));
        }
        run(rate, 2, counts.get(0)); // warm-up
        System.out.println("| workers | keys | add → get p50 µs | p90 µs | p99 µs | max µs | worker wake-ups per key | worker CPU µs per key |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int workers : counts) {
            Result r = run(rate, seconds, workers);
            Distribution d = r.latency();
            System.out.printf(Locale.ROOT, "| %d | %,d | %.0f | %.0f | %.0f | %.0f | %.2f | %.1f |%n", workers, d.count(),
                    d.millis(0.5) * 1000, d.millis(0.9) * 1000, d.millis(0.99) * 1000, d.maxMillis() * 1000,
                    r.switchesPerKey(), r.cpuMicrosPerKey());
        }
    }

    private record Result(Distribution latency, double switchesPerKey, double cpuMicrosPerKey) {}

    private static Result run(int rate, int seconds, int workers) throws InterruptedException {
        int n = rate * seconds;
        WorkQueue<Integer> queue = WorkQueue.create(WorkQueueOptions.defaults().withName("handoff"));
        AtomicLongArray added = new AtomicLongArray(n);
        AtomicLongArray got = new AtomicLongArray(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(() -> {
                try {
                    for (Optional<Integer> next; (next = queue.get()).isPresent(); ) {
                        got.set(next.get(), System.nanoTime());
                        queue.done(next.get());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "capstan-controller-handoff-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        TimeUnit.MILLISECONDS.sleep(100);
        CpuMeter.Reading before = CpuMeter.read(Map.of());
        long start = System.nanoTime();
        double period = 1e9 / rate;
        for (int i = 0; i < n; i++) {
            long due = start + Math.round(i * period);
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            added.set(i, System.nanoTime());
            queue.add(i);
        }
        while (queue.len() > 0) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        TimeUnit.MILLISECONDS.sleep(50);
        CpuMeter.Usage used = CpuMeter.between(before, CpuMeter.read(Map.of()));
        queue.shutDown();
        for (Thread thread : threads) {
            thread.join();
        }
        long[] latencies = new long[n];
        for (int i = 0; i < n; i++) {
            latencies[i] = got.get(i) - added.get(i);
        }
        return new Result(Distribution.of(latencies), used.switchesOf("workers")[0] / (double) n,
                used.groupNanos().getOrDefault("workers", 0L) / 1e3 / n);
    }
}
