package dev.capstan.workqueue;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The default {@link DelayingQueue}: a {@link WorkQueue} plus one timer thread.
 *
 * <h2>Implementation notes</h2>
 * Scheduled items live in a binary heap ordered by ready time, then by scheduling sequence (FIFO
 * among equal times), plus a map from item to its live heap entry. Re-scheduling an item earlier
 * pushes a new entry and repoints the map; the old entry stays in the heap as garbage and is
 * skipped when it surfaces ({@code scheduled.get(item) != entry}). That keeps every operation
 * O(log n) instead of paying {@code PriorityQueue.remove(Object)}'s O(n).
 *
 * <p>The timer thread sleeps on a condition until the head's ready time, at most one heartbeat
 * (10 s by default, as client-go) so a misbehaving clock cannot strand items. It is woken when a
 * new head is scheduled, when a {@link FakeTicker} advances, and on shutdown. Ready items are
 * passed to the inner queue while this queue's lock is held; the lock order is always
 * delaying lock → work-queue lock, and the inner queue never calls back, so this cannot deadlock.
 * Waiting is measured with the injected ticker but slept with the real clock: with a fake ticker
 * nothing fires until the ticker is advanced.
 */
final class DefaultDelayingQueue<T> extends ForwardingWorkQueue<T> implements DelayingQueue<T> {

    private static final AtomicLong THREAD_IDS = new AtomicLong();

    private record Entry<T>(T item, long readyAt, long seq) { }

    private final WorkQueue<T> queue;
    private final Ticker ticker;
    private final WorkQueueMetrics metrics;
    private final long heartbeatNanos;
    private final Runnable unregisterTicker;
    private final Thread timer;

    /** Guards {@code heap}, {@code scheduled}, {@code nextSeq} and {@code stopped}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the earliest ready time may have moved earlier, when time jumps, and on stop. */
    private final Condition wake = lock.newCondition();
    /** Entries by (readyAt, seq); may hold stale entries. Invariant: every value of {@code scheduled} is in {@code heap}. */
    private final PriorityQueue<Entry<T>> heap =
            new PriorityQueue<>(Comparator.<Entry<T>>comparingLong(Entry::readyAt).thenComparingLong(Entry::seq));
    /** The live entry of each scheduled item. */
    private final Map<T, Entry<T>> scheduled = new HashMap<>();
    private long nextSeq;
    private boolean stopped;

    DefaultDelayingQueue(WorkQueue<T> queue, WorkQueueOptions options) {
        super(Objects.requireNonNull(queue, "queue"));
        this.queue = queue;
        this.ticker = options.ticker();
        this.metrics = options.metrics();
        this.heartbeatNanos = options.heartbeat().toNanos();
        this.timer = new Thread(this::runTimer, options.name() + "-delay-" + THREAD_IDS.incrementAndGet());
        timer.setDaemon(true);
        this.unregisterTicker = ticker.onAdvance(this::signalWake);
        timer.start();
    }

    @Override
    public void addAfter(T item, Duration delay) {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(delay, "delay");
        if (queue.isShuttingDown()) {
            return;
        }
        metrics.retried();
        if (delay.isNegative() || delay.isZero()) {
            queue.add(item);
            return;
        }
        long readyAt = ticker.nanoTime() + saturatedNanos(delay);
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            Entry<T> existing = scheduled.get(item);
            if (existing != null && existing.readyAt() - readyAt <= 0) {
                return; // keep the earlier ready time
            }
            Entry<T> entry = new Entry<>(item, readyAt, nextSeq++);
            scheduled.put(item, entry);
            heap.add(entry);
            if (heap.peek() == entry) {
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE / 2; // ~146 years: "never", without overflowing readyAt arithmetic
        }
    }

    private void runTimer() {
        lock.lock();
        try {
            while (!stopped) {
                long now = ticker.nanoTime();
                long waitNanos = heartbeatNanos;
                for (Entry<T> head; (head = heap.peek()) != null; ) {
                    if (scheduled.get(head.item()) != head) {
                        heap.poll(); // stale: the item was rescheduled earlier
                        continue;
                    }
                    long remaining = head.readyAt() - now;
                    if (remaining > 0) {
                        waitNanos = Math.min(waitNanos, remaining);
                        break;
                    }
                    heap.poll();
                    scheduled.remove(head.item());
                    queue.add(head.item());
                }
                try {
                    wake.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    return; // nobody but the JVM should interrupt this private thread; treat it as a stop
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void signalWake() {
        lock.lock();
        try {
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void stopTimer() {
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            heap.clear();
            scheduled.clear();
            wake.signal();
        } finally {
            lock.unlock();
        }
        unregisterTicker.run();
    }

    /** For tests: waits for the timer thread to end after shutdown. */
    boolean awaitTimerStopped(Duration timeout) throws InterruptedException {
        timer.join(timeout.toMillis());
        return !timer.isAlive();
    }

    /** For tests and diagnostics: the number of items waiting for their ready time. */
    int scheduledCount() {
        lock.lock();
        try {
            return scheduled.size();
        } finally {
            lock.unlock();
        }
    }





    @Override
    public void shutDown() {
        super.shutDown();
        stopTimer();
    }

    @Override
    public void shutDownWithDrain() throws InterruptedException {
        stopTimer();
        super.shutDownWithDrain();
    }


}
