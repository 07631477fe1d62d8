package dev.capstan.workqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default {@link WorkQueue}.
 *
 * <h2>Implementation notes</h2>
 * Three collections under one lock, as in client-go's {@code queue.go}: {@code queue} (the order
 * items are handed out), {@code dirty} (items that need processing) and {@code processing} (items
 * held by a worker). {@code add} puts an item in {@code dirty} and, unless a worker holds it, in
 * {@code queue}; {@code get} moves it from {@code queue}/{@code dirty} to {@code processing};
 * {@code done} removes it from {@code processing} and re-queues it if it became dirty meanwhile.
 * That one rule gives both guarantees: no concurrent processing of an item, no lost add.
 *
 * <p>One condition serves both waits: workers waiting for items, and {@code shutDownWithDrain}
 * waiting for {@code processing} to empty. Both are rare enough that {@code signalAll} on the
 * transitions that matter (item queued → one waiter, last item done / shutdown → all) is cheap;
 * {@code add} uses {@code signal} since one item can satisfy one worker, but because the drain
 * waiter shares the condition a signal could land on it, so it re-signals if it wakes for nothing.
 * Timestamps for the latency metrics are only kept when metrics are not {@link WorkQueueMetrics#NOOP}.
 */
final class DefaultWorkQueue<T> implements WorkQueue<T> {

    private final Ticker ticker;
    private final WorkQueueMetrics metrics;
    private final boolean measuring;

    /** Guards every field below. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an item is queued, when processing becomes empty, and on shutdown. */
    private final Condition changed = lock.newCondition();

    /** Hand-out order. Invariant: an item is in {@code queue} iff it is in {@code dirty} and not in {@code processing}; no duplicates. */
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    /** Items that need processing (waiting, or re-added while processing). */
    private final Set<T> dirty = new HashSet<>();
    /** Items handed out by {@code get} and not yet {@code done}. */
    private final Set<T> processing = new HashSet<>();
    /** When each queued item entered {@code queue} (only when measuring). */
    private final Map<T, Long> addedAt = new HashMap<>();
    /** When each processing item was handed out (only when measuring). */
    private final Map<T, Long> startedAt = new HashMap<>();
    private boolean shuttingDown;
    /** True while a {@code shutDownWithDrain} waits; cleared by {@code shutDown}. */
    private boolean drain;

    DefaultWorkQueue(WorkQueueOptions options) {
        Objects.requireNonNull(options, "options");
        this.ticker = options.ticker();
        this.metrics = options.metrics();
        this.measuring = metrics != WorkQueueMetrics.NOOP;
        if (measuring) {
            metrics.inFlight(new WorkQueueMetrics.InFlight() {
                @Override
                public Duration unfinishedWork() {
                    return inFlight(false);
                }

                @Override
                public Duration longestRunning() {
                    return inFlight(true);
                }
            });
        }
    }

    private Duration inFlight(boolean longest) {
        lock.lock();
        try {
            long now = ticker.nanoTime();
            long total = 0;
            long max = 0;
            for (long started : startedAt.values()) {
                long running = Math.max(0, now - started);
                total += running;
                max = Math.max(max, running);
            }
            return Duration.ofNanos(longest ? max : total);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void add(T item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(item)) {
                return;
            }
            metrics.added();
            if (processing.contains(item)) {
                return; // done() queues it
            }
            enqueueLocked(item);
        } finally {
            lock.unlock();
        }
    }

    private void enqueueLocked(T item) {
        queue.addLast(item);
        if (measuring) {
            addedAt.put(item, ticker.nanoTime());
            metrics.depth(queue.size());
        }
        changed.signal();
    }

    @Override
    public Optional<T> get() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                changed.await();
            }
            if (queue.isEmpty()) {
                return Optional.empty();
            }
            T item = queue.removeFirst();
            dirty.remove(item);
            processing.add(item);
            if (measuring) {
                long now = ticker.nanoTime();
                Long added = addedAt.remove(item);
                if (added != null) {
                    metrics.queueLatency(Duration.ofNanos(now - added));
                }
                startedAt.put(item, now);
                metrics.depth(queue.size());
            }
            if (!queue.isEmpty()) {
                changed.signal(); // in case a previous signal was consumed by the drain waiter
            }
            return Optional.of(item);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void done(T item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (!processing.remove(item)) {
                return;
            }
            if (measuring) {
                Long started = startedAt.remove(item);
                if (started != null) {
                    metrics.workDuration(Duration.ofNanos(ticker.nanoTime() - started));
                }
            }
            if (dirty.contains(item)) {
                enqueueLocked(item);
                if (drain) {
                    changed.signalAll();
                }
            } else if (processing.isEmpty()) {
                changed.signalAll(); // wakes a shutDownWithDrain
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int len() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutDown() {
        lock.lock();
        try {
            drain = false;
            shuttingDown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutDownWithDrain() throws InterruptedException {
        lock.lock();
        try {
            drain = true;
            shuttingDown = true;
            changed.signalAll();
            while (!processing.isEmpty() && drain) {
                changed.await();
                if (!queue.isEmpty()) {
                    changed.signal(); // pass on a wake-up meant for a worker
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }
}
