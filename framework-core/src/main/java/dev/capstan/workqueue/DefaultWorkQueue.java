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
 * <p>Two conditions, one per kind of waiter: workers wait on {@code itemQueued} and are woken one
 * per queued item ({@code signal}: one item satisfies one worker); {@code shutDownWithDrain} waits
 * on {@code drained}, signalled only while a drain is in progress and {@code processing} has just
 * become empty. Keeping them apart matters for speed: with a single shared condition every
 * {@code done} that empties {@code processing} (with a few workers, nearly every {@code done}) had
 * to {@code signalAll}, waking every idle worker only for it to find nothing and sleep again —
 * measured at about four wake-ups per key with four workers, and a sixfold CPU cost per key.
 * Timestamps for the latency metrics are only kept when metrics are not {@link WorkQueueMetrics#NOOP}.
 */
final class DefaultWorkQueue<T> implements WorkQueue<T> {

    private final Ticker ticker;
    private final WorkQueueMetrics metrics;
    private final boolean measuring;

    /** Guards every field below. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Workers wait here: signalled once per queued item, and for all on shutdown. */
    private final Condition itemQueued = lock.newCondition();
    /** {@code shutDownWithDrain} waits here: signalled when processing empties during a drain. */
    private final Condition drained = lock.newCondition();

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
        itemQueued.signal();
    }

    @Override
    public Optional<T> get() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                itemQueued.await();
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
            } else if (drain && processing.isEmpty()) {
                drained.signalAll();
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
            itemQueued.signalAll();
            drained.signalAll();
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
            itemQueued.signalAll();
            while (!processing.isEmpty() && drain) {
                drained.await();
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
