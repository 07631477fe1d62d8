package dev.capstan.events;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.events.v1.Event;
import dev.capstan.api.events.v1.EventSeries;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.workqueue.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link EventRecorder}: correlation on the caller's thread, writes on one thread of
 * its own.
 *
 * <h2>Implementation notes</h2>
 * Everything an occurrence is correlated with lives in a {@link Series}: the first occurrence
 * (which the Event is built from), how many occurrences there were, the last one's time, the
 * Event's name once created and the count the server has. Series are kept in an access-ordered
 * map by {@link EventKey} (the LRU of {@code cacheSize}); the writer's queue holds series that
 * need a write, each at most once. So a thousand repeats while the writer is busy cost one queue
 * slot, and a create that waited long enough goes out already carrying its series.
 *
 * <p>{@link #event} does the correlation under {@link #lock}: it joins a live series (count + 1;
 * queued for a write only when this makes it a series the server does not know yet), or —
 * after the queue-capacity check and the spam filter — starts a new series and queues it.
 * The writer thread takes a series from the queue, copies what it needs under the lock, and
 * writes without the lock: a create (with {@code series} when the count is already 2 or more),
 * or a merge patch of {@code series} falling back to a create when the Event is gone. Back under
 * the lock it records what the server now has and queues the series again if a prompt write is
 * still owed. A series that needs no prompt write waits for housekeeping.
 *
 * <p>Housekeeping runs on the writer thread whenever it wakes and at least every quarter of
 * {@code min(seriesWindow, seriesRefresh)} of ticker time: series quiet for the window are ended
 * (removed; their final count queued), and series whose count has grown but was last written a
 * refresh interval ago are queued. A {@link dev.capstan.workqueue.FakeTicker} wakes the writer
 * when it advances. Client-go runs these two sweeps on timers of 6 and 30 minutes, so its
 * windows are up to twice as long; here a repeat is compared with the series' last occurrence
 * when it arrives, so the 6-minute rule is exact.
 *
 * <p>Lock discipline: the writer never holds the lock during I/O or a retry pause, and warnings
 * are logged after the lock is released, so {@link #event} only ever waits for bookkeeping.
 */
final class DefaultEventRecorder implements EventRecorder {
    private static final System.Logger LOG = System.getLogger(EventRecorder.class.getName());
    private static final AtomicLong THREAD_IDS = new AtomicLong();
    /** The least time between two "queue full" warnings. */
    private static final long QUEUE_FULL_LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    /** A correlated run of identical occurrences and what the server has of it. Fields guarded by {@link #lock}. */
    private static final class Series {
        final Occurrence first;
        /** Occurrences so far, the first included. */
        int count = 1;
        Instant lastObserved;
        long lastObservedNanos;
        /** The Event's name once created; null before. */
        @Nullable String name;
        /** The count the server has: 0 before the create, 1 for a singleton Event. */
        int written;
        long lastWriteNanos;
        /** Whether it waits in {@link #queue}. Invariant: {@code queued} iff it is in {@code queue}. */
        boolean queued;
        /** No longer in {@link #series}: nothing joins it any more; its final count may still be owed. */
        boolean retired;

        Series(Occurrence first) {
            this.first = first;
            this.lastObserved = first.time();
            this.lastObservedNanos = first.nanos();
        }

        int unwritten() {
            return count - written;
        }
    }

    /**
     * What the writer needs of a series, copied under the lock.
     *
     * @param takenNanos the ticker's reading when the writer took the series: its write time
     */
    private record Snapshot(Occurrence first, @Nullable String name, int count, int written, Instant lastObserved, long takenNanos) { }

    private enum Result { WRITTEN, NOTHING_TO_DO, FAILED, ABANDONED }

    private record Outcome(Result result, @Nullable String name, int count) {
        static final Outcome NOTHING_TO_DO = new Outcome(Result.NOTHING_TO_DO, null, 0);
        static final Outcome FAILED = new Outcome(Result.FAILED, null, 0);
        static final Outcome ABANDONED = new Outcome(Result.ABANDONED, null, 0);

        static Outcome written(String name, int count) {
            return new Outcome(Result.WRITTEN, name, count);
        }
    }

    private final EventWriter writer;
    private final String controller;
    private final String instance;
    private final int capacity;
    private final int cacheSize;
    private final long windowNanos;
    private final long refreshNanos;
    private final long housekeepingNanos;
    private final int maxTries;
    private final long retryDelayNanos;
    private final Ticker ticker;
    private final Clock clock;
    private final Drops drops;
    private final Thread thread;
    private final Runnable unregisterTicker;

    /** Guards every field below and every {@link Series}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a series is queued, when time jumps, and on close. The writer waits on it. */
    private final Condition wake = lock.newCondition();
    /** Signalled when the writer finishes a write or exits. {@link #close} waits on it. */
    private final Condition progress = lock.newCondition();
    /** Live series by key, least recently used first. Invariant: no value is retired. */
    private final LinkedHashMap<EventKey, Series> series = new LinkedHashMap<>(64, 0.75f, true);
    /** Series owing a write, in order. Invariant: size at most {@code capacity}; no duplicates. */
    private final ArrayDeque<Series> queue = new ArrayDeque<>();
    private final SpamFilter spamFilter;
    /** The series being written, outside the lock. */
    private @Nullable Series writing;
    private long lastHousekeepingNanos;
    /** {@link #close} was called: occurrences are dropped; housekeeping stops. */
    private boolean closed;
    /** {@link #close} timed out: the writer stops at the next opportunity. */
    private boolean abandoned;
    /** The writer thread has exited. */
    private boolean writerDone;
    private long queueFullSinceLog;
    private long lastQueueFullLogNanos;
    private boolean queueFullLogged;
    /** A warning from housekeeping, logged by the writer once it has released the lock. */
    private @Nullable String housekeepingWarning;

    /** The last name suffix used; writer thread only. */
    private long lastSuffix;

    DefaultEventRecorder(EventWriter writer, EventRecorderOptions options) {
        this.writer = Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(options, "options");
        EventRecorderOptions.Correlation correlation = options.correlation();
        this.controller = options.reportingController();
        this.instance = options.reportingInstance();
        this.capacity = options.queueCapacity();
        this.cacheSize = correlation.cacheSize();
        this.windowNanos = correlation.seriesWindow().toNanos();
        this.refreshNanos = correlation.seriesRefresh().toNanos();
        this.housekeepingNanos = Math.max(1, Math.min(windowNanos, refreshNanos) / 4);
        this.maxTries = options.retry().maxTries();
        this.retryDelayNanos = options.retry().delay().toNanos();
        this.ticker = options.ticker();
        this.clock = options.clock();
        this.drops = new Drops(options.meterRegistry(), controller);
        this.spamFilter = new SpamFilter(correlation.spamBurst(), correlation.spamRefillInterval(), cacheSize);
        this.lastHousekeepingNanos = ticker.nanoTime();
        this.thread = new Thread(this::runWriter, "capstan-events-" + THREAD_IDS.incrementAndGet());
        thread.setDaemon(true);
        this.unregisterTicker = ticker.onAdvance(this::signalWake);
        thread.start();
    }

    @Override
    public void event(KubernetesObject regarding, EventType type, String reason, String action, String note, Object... args) {
        record(regarding, null, type, reason, action, note, args);
    }

    @Override
    public void event(KubernetesObject regarding, @Nullable KubernetesObject related, EventType type, String reason,
            String action, String note, Object... args) {
        record(regarding, related, type, reason, action, note, args);
    }

    private void record(KubernetesObject regarding, @Nullable KubernetesObject related, EventType type, String reason,
            String action, String note, Object @Nullable [] args) {
        Occurrence occurrence = Occurrence.of(regarding, related, type, reason, action, note, args, clock.instant(), ticker.nanoTime());
        LOG.log(System.Logger.Level.DEBUG, () -> "event " + describe(occurrence) + ": " + occurrence.key().note());
        String warning;
        lock.lock();
        try {
            warning = correlateLocked(occurrence);
        } finally {
            lock.unlock();
        }
        if (warning != null) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
    }

    /** Joins the occurrence to its series or starts one; returns a warning to log, if any. */
    private @Nullable String correlateLocked(Occurrence occurrence) {
        if (closed) {
            drops.add(Drops.Reason.SHUT_DOWN, 1);
            return null;
        }
        long now = occurrence.nanos();
        String warning = null;
        Series current = series.get(occurrence.key());
        if (current != null && now - current.lastObservedNanos >= windowNanos) {
            series.remove(occurrence.key());
            warning = retireLocked(current, now);
            current = null;
        }
        if (current != null) {
            current.count++;
            if (now - current.lastObservedNanos > 0) { // two callers may take the lock out of their clocks' order
                current.lastObserved = occurrence.time();
                current.lastObservedNanos = now;
            }
            if (current.name != null && current.written < 2) {
                enqueueLocked(current); // the series shows at once; if the queue is full, its refresh or end writes it
            }
            return null;
        }
        if (queue.size() >= capacity) {
            String full = queueFullLocked(1, now);
            return warning != null ? warning : full;
        }
        if (!spamFilter.tryAcquire(occurrence.key().regarding(), now)) {
            drops.add(Drops.Reason.SPAM_FILTER, 1); // expected under load, so not a warning; the metric shows it
            return warning;
        }
        Series started = new Series(occurrence);
        series.put(occurrence.key(), started);
        enqueueLocked(started);
        if (series.size() > cacheSize) {
            Iterator<Series> eldest = series.values().iterator();
            Series evicted = eldest.next();
            eldest.remove();
            String evictionWarning = retireLocked(evicted, now);
            warning = warning != null ? warning : evictionWarning;
        }
        return warning;
    }

    /** Queues {@code s} unless it is queued already; false if the queue is full. */
    private boolean enqueueLocked(Series s) {
        if (s.queued) {
            return true;
        }
        if (queue.size() >= capacity) {
            return false;
        }
        queue.add(s);
        s.queued = true;
        wake.signal();
        return true;
    }

    /** Ends a series already removed from {@link #series}: its final count is queued if owed. */
    private @Nullable String retireLocked(Series s, long now) {
        s.retired = true;
        if (s.name != null && s.unwritten() > 0 && s != writing && !enqueueLocked(s)) {
            return queueFullLocked(s.unwritten(), now);
        }
        return null; // a series not yet created, or being written, is looked after by the writer
    }

    /** Counts a drop for a full queue; returns a warning at most every 10 s of ticker time. */
    private @Nullable String queueFullLocked(long occurrences, long now) {
        drops.add(Drops.Reason.QUEUE_FULL, occurrences);
        queueFullSinceLog += occurrences;
        if (queueFullLogged && now - lastQueueFullLogNanos < QUEUE_FULL_LOG_INTERVAL_NANOS) {
            return null;
        }
        String warning = "event recorder of " + controller + ": queue full (capacity " + capacity + "), dropped "
                + queueFullSinceLog + " event(s) since the last warning, " + drops.get(Drops.Reason.QUEUE_FULL) + " in total";
        queueFullLogged = true;
        lastQueueFullLogNanos = now;
        queueFullSinceLog = 0;
        return warning;
    }

    // ---- the writer thread ----

    private void runWriter() {
        try {
            while (true) {
                Series next;
                Snapshot snapshot;
                String pending;
                lock.lock();
                try {
                    next = awaitWorkLocked();
                    pending = housekeepingWarning;
                    housekeepingWarning = null;
                    if (next == null) {
                        return;
                    }
                    writing = next;
                    snapshot = new Snapshot(next.first, next.name, next.count, next.written, next.lastObserved, ticker.nanoTime());
                } finally {
                    lock.unlock();
                }
                if (pending != null) {
                    LOG.log(System.Logger.Level.WARNING, pending);
                }
                Outcome outcome = write(snapshot);
                String warning;
                lock.lock();
                try {
                    writing = null;
                    warning = afterWriteLocked(next, outcome, snapshot.takenNanos());
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
                if (warning != null) {
                    LOG.log(System.Logger.Level.WARNING, warning);
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "event recorder of " + controller + ": writer thread failed; events are no longer written", e);
            throw e;
        } finally {
            lock.lock();
            try {
                writerDone = true;
                progress.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits for a series to write, housekeeping as time passes; null when the writer should exit. */
    private @Nullable Series awaitWorkLocked() {
        while (true) {
            if (abandoned) {
                return null;
            }
            long now = ticker.nanoTime();
            long sinceHousekeeping = now - lastHousekeepingNanos;
            if (!closed && sinceHousekeeping >= housekeepingNanos) {
                housekeepingLocked(now);
                lastHousekeepingNanos = now;
                sinceHousekeeping = 0;
            }
            Series next = queue.poll();
            if (next != null) {
                next.queued = false;
                return next;
            }
            if (closed) {
                return null;
            }
            try {
                wake.awaitNanos(housekeepingNanos - sinceHousekeeping);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Ends quiet series and queues the grown counts of old writes. */
    private void housekeepingLocked(long now) {
        long lost = 0;
        for (Iterator<Series> it = series.values().iterator(); it.hasNext(); ) {
            Series s = it.next();
            if (now - s.lastObservedNanos >= windowNanos) {
                it.remove();
                s.retired = true;
                if (s.name != null && s.unwritten() > 0 && s != writing && !enqueueLocked(s)) {
                    lost += s.unwritten();
                }
            } else if (s.name != null && s.unwritten() > 0 && now - s.lastWriteNanos >= refreshNanos && s != writing) {
                enqueueLocked(s); // if the queue is full, the next round tries again
            }
        }
        if (lost > 0) {
            String warning = queueFullLocked(lost, now);
            if (warning != null) {
                housekeepingWarning = warning;
            }
        }
    }

    /** Records what the server now has; queues the series again if a prompt write is still owed. */
    private @Nullable String afterWriteLocked(Series s, Outcome outcome, long writtenAtNanos) {
        switch (outcome.result()) {
            case WRITTEN:
                s.name = outcome.name();
                s.written = outcome.count();
                s.lastWriteNanos = writtenAtNanos;
                break;
            case FAILED:
                drops.add(Drops.Reason.WRITE_FAILED, s.unwritten());
                s.written = s.count; // given up: owes nothing more
                if (!s.retired) {
                    series.remove(s.first.key(), s); // the next occurrence starts afresh
                    s.retired = true;
                }
                return null;
            case ABANDONED:
            case NOTHING_TO_DO:
            default:
                return null;
        }
        boolean owed = s.unwritten() > 0 && (s.written < 2 || s.retired || closed);
        if (owed && !abandoned && !enqueueLocked(s)) {
            return queueFullLocked(s.unwritten(), ticker.nanoTime());
        }
        return null;
    }

    /** One write of a snapshot, with retries; never throws. Runs without the lock. */
    private Outcome write(Snapshot s) {
        if (s.name() != null && s.count() <= s.written()) {
            return Outcome.NOTHING_TO_DO;
        }
        String createName = null;
        for (int attempt = 1; ; attempt++) {
            try {
                if (s.name() != null) {
                    try {
                        writer.patchSeries(namespace(s), s.name(), series(s));
                        return Outcome.written(s.name(), s.count());
                    } catch (KubernetesApiException e) {
                        if (!e.isNotFound() && e.code() != 409) {
                            throw e;
                        }
                        // the Event is gone (the server's event TTL, or deleted): start a new one with the series so far
                    }
                }
                if (createName == null) {
                    createName = nextName(s.first()); // the same name on every try: AlreadyExists then means an earlier try landed
                }
                try {
                    writer.create(event(s, createName));
                } catch (KubernetesApiException e) {
                    if (!e.isAlreadyExists()) {
                        throw e;
                    }
                }
                return Outcome.written(createName, s.count());
            } catch (RuntimeException e) {
                if (isAbandoned()) {
                    return Outcome.ABANDONED;
                }
                if (!retryable(e)) {
                    LOG.log(System.Logger.Level.WARNING, "event recorder of " + controller + ": dropping event " + describe(s.first())
                            + ", the server rejected it: " + e.getMessage());
                    return Outcome.FAILED;
                }
                if (attempt >= maxTries) {
                    LOG.log(System.Logger.Level.WARNING, "event recorder of " + controller + ": dropping event " + describe(s.first())
                            + " after " + attempt + " tries: " + e.getMessage());
                    return Outcome.FAILED;
                }
                int tried = attempt;
                LOG.log(System.Logger.Level.DEBUG, () -> "event recorder of " + controller + ": writing event " + describe(s.first())
                        + " failed (try " + tried + " of " + maxTries + "), will retry: " + e.getMessage());
                if (!pause(attempt)) {
                    return Outcome.ABANDONED;
                }
            }
        }
    }

    /** Transport trouble, 429 and 5xx are worth another try; any other answer of the server is final. */
    private static boolean retryable(RuntimeException e) {
        if (e instanceof KubernetesApiException) {
            KubernetesApiException api = (KubernetesApiException) e;
            return api.code() == 0 || api.isTooManyRequests() || api.isServerError();
        }
        return !(e instanceof IllegalArgumentException);
    }

    /** Sleeps before try {@code attempt + 1}: random up to the delay the first time, the delay after. False if abandoned. */
    private boolean pause(int attempt) {
        long delay = attempt == 1 && retryDelayNanos > 0 ? ThreadLocalRandom.current().nextLong(retryDelayNanos) : retryDelayNanos;
        long deadline = System.nanoTime() + delay;
        lock.lock();
        try {
            for (long left = delay; left > 0 && !abandoned; left = deadline - System.nanoTime()) {
                wake.awaitNanos(left);
            }
            return !abandoned;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean isAbandoned() {
        lock.lock();
        try {
            return abandoned || Thread.currentThread().isInterrupted();
        } finally {
            lock.unlock();
        }
    }

    private Event event(Snapshot s, String name) {
        Occurrence first = s.first();
        EventKey key = first.key();
        return Event.builder()
                .metadata(ObjectMeta.builder().name(name).namespace(namespace(s)).build())
                .eventTime(first.time())
                .regarding(first.regarding())
                .related(first.related())
                .reportingController(controller)
                .reportingInstance(instance)
                .type(key.type().value())
                .reason(key.reason())
                .action(key.action())
                .note(key.note())
                .series(s.count() >= 2 ? series(s) : null)
                .build();
    }

    private static EventSeries series(Snapshot s) {
        return EventSeries.builder().count(s.count()).lastObservedTime(s.lastObserved()).build();
    }

    private static String namespace(Snapshot s) {
        return EventFields.namespaceFor(s.first().regarding());
    }

    /** {@code <regarding-name>.<hex>}: the clock's nanoseconds since the epoch, strictly increasing per recorder. */
    private String nextName(Occurrence first) {
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        lastSuffix = Math.max(nanos, lastSuffix + 1);
        return EventFields.eventName(first.regarding().name(), lastSuffix);
    }

    private static String describe(Occurrence o) {
        String namespace = o.regarding().namespace();
        return o.key().type().value() + " " + o.key().reason() + " about " + o.regarding().kind() + " "
                + (namespace == null ? "" : namespace + "/") + o.regarding().name();
    }

    private void signalWake() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- close ----

    @Override
    public boolean close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        String warning = null;
        boolean drained;
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                long lost = 0;
                for (Series s : series.values()) {
                    s.retired = true;
                    if (s.name != null && s.unwritten() > 0 && s != writing && !enqueueLocked(s)) {
                        lost += s.unwritten();
                    }
                }
                series.clear();
                if (lost > 0) {
                    drops.add(Drops.Reason.QUEUE_FULL, lost);
                }
                wake.signalAll();
            }
            for (long left = deadline - System.nanoTime(); !drainedLocked() && !writerDone && left > 0; left = deadline - System.nanoTime()) {
                progress.awaitNanos(left);
            }
            drained = drainedLocked();
            if (!drained && !abandoned) {
                abandoned = true;
                long lost = 0;
                for (Series s : queue) {
                    s.queued = false;
                    lost += s.unwritten();
                }
                queue.clear();
                drops.add(Drops.Reason.SHUT_DOWN, lost);
                warning = "event recorder of " + controller + ": closed before everything was written; dropped " + lost
                        + " event(s)" + (writing != null ? ", abandoned the write in progress" : "");
                wake.signalAll();
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        } finally {
            lock.unlock();
        }
        unregisterTicker.run();
        if (warning != null) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
        return drained;
    }

    private boolean drainedLocked() {
        return queue.isEmpty() && writing == null;
    }

    // ---- for tests ----

    long dropped(Drops.Reason reason) {
        return drops.get(reason);
    }

    /** Whether nothing is queued or being written. */
    boolean idle() {
        lock.lock();
        try {
            return drainedLocked();
        } finally {
            lock.unlock();
        }
    }

    int seriesCount() {
        lock.lock();
        try {
            return series.size();
        } finally {
            lock.unlock();
        }
    }
}
