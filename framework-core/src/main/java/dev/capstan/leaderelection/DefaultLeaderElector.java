package dev.capstan.leaderelection;

import dev.capstan.leaderelection.ResourceLock.Versioned;
import dev.capstan.workqueue.Ticker;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link LeaderElector}: one elector thread that owns the election state, helper
 * threads for the (blocking) lock calls, one thread per term for
 * {@link LeaderCallbacks#onStartedLeading}, and one for {@link LeaderCallbacks#onNewLeader}.
 *
 * <h2>Implementation notes</h2>
 * <b>One owner.</b> {@code observed}, {@code observedAt}, {@code reportedLeader} and the term's
 * thread are read and written only by the elector thread. A lock call runs on a helper thread as
 * a pure function of a snapshot of that state and returns an {@link Attempt}; the elector applies
 * the attempt only if it is still waiting for it. So an abandoned call (it hung past its deadline
 * and was interrupted) can finish whenever it likes without touching anything.
 *
 * <p><b>Why lock calls leave the elector thread.</b> A leader must step down by its renew
 * deadline even when the API server does not answer (etcd frozen, a half-open connection). The
 * elector waits for a call on a condition, with the deadline measured on the injected
 * {@link Ticker}; when it passes, the call is cancelled (its thread interrupted, which cancels the
 * HTTP request) and the term ends on time. client-go gets the same from its context deadline.
 *
 * <p><b>Deadlines.</b> {@code renewDeadlineAt} is the ticker reading taken just before the last
 * successful write was sent, plus {@code renewDeadline}. The write reached the server after that
 * reading, and every other candidate saw it later still, so they wait at least
 * {@code leaseDuration} from a later point: the gap {@code leaseDuration − renewDeadline} belongs
 * to the stopping work. Renewals go out every {@code retryPeriod} from the previous one's start
 * (no jitter, as client-go); a failed renewal ends the term at once when the next attempt could
 * not start before the deadline — waiting for it would gain nothing. {@link #isLeader()} compares
 * the deadline with the ticker itself, so it turns false on time even while the elector thread is
 * busy.
 *
 * <p><b>Observation.</b> Validity of another holder's lease follows client-go's rule: the record
 * is valid until {@code observedAt + leaseDurationSeconds}, where {@code observedAt} is the ticker
 * reading taken after the read that first returned this record value. The remote
 * {@code renewTime} is never compared. A record without a positive {@code leaseDurationSeconds}
 * counts with the configured lease duration (client-go would treat it as expired).
 *
 * <p><b>Waiting.</b> All waits are on {@code wake}, signalled when the ticker jumps (a
 * {@link dev.capstan.workqueue.FakeTicker}), when a lock call completes and on close; the real
 * time slept is the remaining ticker time, so with a fake ticker nothing fires until it is
 * advanced. {@link #park()} tells tests where the elector sleeps, so they advance time only when it waits.
 */
final class DefaultLeaderElector implements LeaderElector {

    private static final System.Logger LOG = System.getLogger(LeaderElector.class.getName());
    private static final AtomicLong HELPER_IDS = new AtomicLong();

    /** What one acquire/renew call found. {@code observed} null means: the state did not change. */
    private record Attempt(Outcome outcome, @Nullable Versioned observed, long observedAt, @Nullable RuntimeException failure) {
        enum Outcome { ACQUIRED, HELD_BY_OTHER, FAILED, RELEASED }

        static Attempt acquired(Versioned written, long at) {
            return new Attempt(Outcome.ACQUIRED, written, at, null);
        }

        static Attempt failed(@Nullable Versioned observed, long observedAt, RuntimeException failure) {
            return new Attempt(Outcome.FAILED, observed, observedAt, failure);
        }
    }

    private final LeaderElectionConfig config;
    private final ResourceLock resourceLock;
    private final LeaderCallbacks callbacks;
    private final LeaderElectionMetrics metrics;
    private final Ticker ticker;
    private final Clock clock;
    private final DoubleSupplier random;
    private final String identity;
    private final String name;
    private final long leaseNanos;
    private final long renewDeadlineNanos;
    private final long retryNanos;

    private final Thread electorThread;
    /** Runs lock calls; cached, so a hung call never delays the next one. */
    private final ExecutorService lockCalls;
    /** Runs {@link LeaderCallbacks#onNewLeader}, one at a time, in order. */
    private final ExecutorService notifier;
    private final Runnable unregisterTicker;

    /** Guards {@code started} and {@code closeRequested}; {@code wake} is its condition. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the ticker jumps, when a lock call completes and when close is requested. */
    private final Condition wake = lock.newCondition();
    private boolean started;
    private boolean closeRequested;

    // Owned by the elector thread.
    /** The record as last read or written by this elector; null while unknown or absent. */
    private @Nullable Versioned observed;
    /** Ticker reading when {@code observed} was first seen with its current value. */
    private long observedAt;
    /** The last holder passed to onNewLeader; null after a free or missing lock. */
    private @Nullable String reportedLeader;
    private long term;

    // Published to other threads.
    /** True from a term's first successful write until the term starts to end. */
    private volatile boolean leading;
    /** Ticker reading by which the current term must end; meaningful while {@code leading}. */
    private volatile long renewDeadlineAt;
    private volatile @Nullable String leaderIdentity;
    /** The thread running onStartedLeading for the current (or last) term. */
    private volatile @Nullable Thread leadingThread;
    /** Where the elector thread sleeps, or null while it runs; for tests. */
    private volatile @Nullable Park park;

    DefaultLeaderElector(LeaderElectionConfig config, ResourceLock resourceLock, LeaderCallbacks callbacks,
            LeaderElectionMetrics metrics, Ticker ticker, Clock clock) {
        this(config, resourceLock, callbacks, metrics, ticker, clock, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random} yields values in [0, 1) for the candidates' jitter; tests pass a constant. */
    DefaultLeaderElector(LeaderElectionConfig config, ResourceLock resourceLock, LeaderCallbacks callbacks,
            LeaderElectionMetrics metrics, Ticker ticker, Clock clock, DoubleSupplier random) {
        this.config = Objects.requireNonNull(config, "config");
        this.resourceLock = Objects.requireNonNull(resourceLock, "resourceLock");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.identity = config.identity();
        this.name = config.lockName();
        this.leaseNanos = config.leaseDuration().toNanos();
        this.renewDeadlineNanos = config.renewDeadline().toNanos();
        this.retryNanos = config.retryPeriod().toNanos();
        this.electorThread = new Thread(this::run, name + "-leader-elector");
        electorThread.setDaemon(true);
        this.lockCalls = Executors.newCachedThreadPool(daemon(name + "-leader-lock-"));
        this.notifier = Executors.newSingleThreadExecutor(daemon(name + "-leader-notify-"));
        this.unregisterTicker = ticker.onAdvance(this::signal);
    }

    private static ThreadFactory daemon(String prefix) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + HELPER_IDS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- public API ----------------------------------------------------------------------------

    @Override
    public void start() {
        lock.lock();
        try {
            if (closeRequested) {
                throw new IllegalStateException("leader elector for " + resourceLock.describe() + " is closed");
            }
            if (started) {
                throw new IllegalStateException("leader elector for " + resourceLock.describe() + " is already started");
            }
            started = true;
            electorThread.start(); // under the lock, so a concurrent close() finds it alive and waits for it
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isLeader() {
        return leading && ticker.nanoTime() - renewDeadlineAt < 0;
    }

    @Override
    public Optional<String> leaderIdentity() {
        return Optional.ofNullable(leaderIdentity);
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void close() {
        boolean running;
        lock.lock();
        try {
            closeRequested = true;
            running = started;
            started = true; // a later start() is refused either way
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (!running) {
            shutDownHelpers();
            return;
        }
        Thread current = Thread.currentThread();
        if (current == electorThread || current == leadingThread) {
            return; // called from a callback: the elector finishes once the callback returns
        }
        joinUninterruptibly(electorThread);
    }

    @Override
    public String toString() {
        return "LeaderElector[" + resourceLock.describe() + ", identity=" + identity + ", leader=" + isLeader() + "]";
    }

    // ---- for tests -----------------------------------------------------------------------------

    /**
     * How the elector thread sleeps: since ticker reading {@code at}, and whether it waits for a lock
     * call ({@code forCall}) or only for time to pass.
     */
    record Park(long at, boolean forCall) { }

    /** Where the elector thread sleeps now, or null while it runs (or has ended). */
    @Nullable Park park() {
        return park;
    }

    /** Whether the elector thread has ended. */
    boolean terminated() {
        return started() && !electorThread.isAlive();
    }

    private boolean started() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    // ---- the elector thread --------------------------------------------------------------------

    private void run() {
        try {
            metrics.leaderOff(name);
            while (!closing()) {
                if (acquire()) {
                    lead();
                }
            }
            if (config.releaseOnCancel()) {
                release();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, () -> "leader election on " + resourceLock.describe() + " failed; no longer a candidate", e);
        } finally {
            leading = false;
            shutDownHelpers();
        }
    }

    /** Tries to acquire until it succeeds (true) or close is requested (false). */
    private boolean acquire() {
        LOG.log(Level.DEBUG, () -> identity + " is a candidate for " + resourceLock.describe());
        long next = ticker.nanoTime();
        while (true) {
            if (!sleepUntil(next, true)) {
                return false;
            }
            long start = ticker.nanoTime();
            Versioned snapshot = observed;
            long snapshotAt = observedAt;
            Attempt attempt = call(() -> tryAcquireOrRenew(snapshot, snapshotAt, false), start + renewDeadlineNanos, true);
            if (attempt == null) {
                if (closing()) {
                    return false;
                }
                LOG.log(Level.WARNING, () -> "no answer from " + resourceLock.describe() + " within the renew deadline ("
                        + LeaderElectionConfig.seconds(config.renewDeadline()) + "); retrying");
            } else {
                apply(attempt);
                if (attempt.outcome() == Attempt.Outcome.ACQUIRED) {
                    if (ticker.nanoTime() - (start + renewDeadlineNanos) < 0) {
                        beginTerm(start);
                        return true;
                    }
                    next = ticker.nanoTime(); // the write took too long to count: renew at once
                    continue;
                }
                if (attempt.outcome() == Attempt.Outcome.FAILED) {
                    RuntimeException failure = attempt.failure();
                    LOG.log(Level.WARNING, () -> "could not acquire " + resourceLock.describe() + ": " + failure);
                }
            }
            next = start + jittered(retryNanos);
        }
    }

    /** Renews until the term ends, then ends it. */
    private void lead() {
        long nextRenew = renewDeadlineAt - renewDeadlineNanos + retryNanos;
        String reason = "the elector failed";
        try {
            while (true) {
                long deadline = renewDeadlineAt;
                if (!sleepUntil(Math.min(nextRenew, deadline), true)) {
                    reason = "closing";
                    return;
                }
                long start = ticker.nanoTime();
                if (start - deadline >= 0) {
                    reason = "renew deadline passed";
                    return;
                }
                Versioned snapshot = observed;
                long snapshotAt = observedAt;
                Attempt attempt = call(() -> tryAcquireOrRenew(snapshot, snapshotAt, true), deadline, true);
                if (attempt == null) {
                    reason = closing() ? "closing" : "renew deadline passed while the lock call was unanswered";
                    return;
                }
                apply(attempt);
                switch (attempt.outcome()) {
                    case ACQUIRED -> {
                        renewDeadlineAt = start + renewDeadlineNanos;
                        nextRenew = start + retryNanos;
                    }
                    case HELD_BY_OTHER -> {
                        reason = "the lock is held by " + Objects.requireNonNull(attempt.observed()).record().holderIdentity();
                        return;
                    }
                    default -> {
                        nextRenew = start + retryNanos;
                        if (nextRenew - deadline >= 0) {
                            reason = "renewal failed and no retry fits before the renew deadline: " + attempt.failure();
                            return;
                        }
                        RuntimeException failure = attempt.failure();
                        LOG.log(Level.WARNING, () -> "could not renew " + resourceLock.describe() + ", retrying: " + failure);
                    }
                }
            }
        } finally {
            endTerm(reason);
        }
    }

    private void beginTerm(long sentAt) {
        renewDeadlineAt = sentAt + renewDeadlineNanos;
        leading = true;
        metrics.leaderOn(name);
        long number = ++term;
        LOG.log(Level.INFO, () -> identity + " became the leader of " + resourceLock.describe() + " (term " + number + ")");
        Thread thread = new Thread(this::runStartedLeading, name + "-leading-" + number);
        thread.setDaemon(true);
        leadingThread = thread;
        thread.start();
    }

    private void runStartedLeading() {
        try {
            callbacks.onStartedLeading();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, () -> "onStartedLeading for " + resourceLock.describe() + " threw; the term goes on", e);
        }
    }

    /** Stops reporting leadership, interrupts and awaits the term's thread, then calls onStoppedLeading. */
    private void endTerm(String reason) {
        leading = false;
        metrics.leaderOff(name);
        long began = ticker.nanoTime();
        LOG.log(reason.equals("closing") ? Level.INFO : Level.WARNING,
                () -> identity + " stops leading " + resourceLock.describe() + ": " + reason);
        Thread thread = leadingThread;
        if (thread != null) {
            thread.interrupt();
            joinUninterruptibly(thread);
        }
        try {
            callbacks.onStoppedLeading();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, () -> "onStoppedLeading for " + resourceLock.describe() + " threw", e);
        }
        long took = ticker.nanoTime() - began;
        if (took > leaseNanos - renewDeadlineNanos) {
            LOG.log(Level.WARNING, () -> "stopping the leading work of " + resourceLock.describe() + " took "
                    + took / 1_000_000 + " ms, longer than leaseDuration - renewDeadline: another candidate may have "
                    + "started leading before it stopped");
        }
    }

    /** Gives the lock up if this candidate holds it, retrying conflicts for at most the renew deadline. */
    private void release() {
        Versioned held = observed;
        if (held == null || !held.record().isHeldBy(identity)) {
            return;
        }
        long deadline = ticker.nanoTime() + renewDeadlineNanos;
        while (true) {
            long start = ticker.nanoTime();
            Versioned snapshot = observed;
            Attempt attempt = snapshot == null ? null : call(() -> releaseOnce(snapshot), deadline, false);
            if (attempt == null) {
                LOG.log(Level.WARNING, () -> "could not release " + resourceLock.describe() + " within the renew deadline; "
                        + "other candidates take over once it expires");
                return;
            }
            apply(attempt);
            if (attempt.outcome() != Attempt.Outcome.FAILED) {
                LOG.log(Level.INFO, () -> identity + " released " + resourceLock.describe());
                return;
            }
            RuntimeException failure = attempt.failure();
            LOG.log(Level.WARNING, () -> "could not release " + resourceLock.describe() + ", retrying: " + failure);
            long next = start + retryNanos;
            if (next - deadline >= 0 || !sleepUntil(next, false)) {
                LOG.log(Level.WARNING, () -> "gave up releasing " + resourceLock.describe()
                        + "; other candidates take over once it expires");
                return;
            }
        }
    }

    // ---- lock calls (on a helper thread; pure functions of their arguments) --------------------

    /**
     * One round of client-go's acquire-or-renew: the leader first updates optimistically with the
     * version it last saw; otherwise (or when that fails) read, judge validity by the local clock,
     * and write with the version just read.
     */
    private Attempt tryAcquireOrRenew(@Nullable Versioned known, long knownAt, boolean asLeader) {
        Instant now = wallNow();
        int seconds = config.leaseDurationSeconds();
        if (asLeader && known != null && known.record().isHeldBy(identity)) {
            LeaderElectionRecord renewed = new LeaderElectionRecord(identity, seconds, known.record().acquireTime(), now,
                    known.record().leaderTransitions());
            try {
                return Attempt.acquired(resourceLock.update(known.resourceVersion(), renewed), ticker.nanoTime());
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return Attempt.failed(null, knownAt, e);
                }
                LOG.log(Level.DEBUG, () -> "optimistic renewal of " + resourceLock.describe() + " failed, reading it: " + e);
            }
        }
        if (asLeader) {
            metrics.slowpathExercised(name);
        }
        Optional<Versioned> read;
        try {
            read = resourceLock.get();
        } catch (RuntimeException e) {
            return Attempt.failed(null, knownAt, e);
        }
        long seenAt = ticker.nanoTime();
        if (read.isEmpty()) {
            try {
                return Attempt.acquired(resourceLock.create(new LeaderElectionRecord(identity, seconds, now, now, 0)),
                        ticker.nanoTime());
            } catch (RuntimeException e) {
                return Attempt.failed(null, knownAt, e);
            }
        }
        Versioned current = read.get();
        LeaderElectionRecord record = current.record();
        long changedAt = known != null && known.record().equals(record) ? knownAt : seenAt;
        if (record.isHeld() && !record.isHeldBy(identity) && seenAt - changedAt < validityNanos(record)) {
            return new Attempt(Attempt.Outcome.HELD_BY_OTHER, current, changedAt, null);
        }
        LeaderElectionRecord next = record.isHeldBy(identity)
                ? new LeaderElectionRecord(identity, seconds, record.acquireTime() != null ? record.acquireTime() : now, now,
                        record.leaderTransitions())
                : new LeaderElectionRecord(identity, seconds, now, now, record.leaderTransitions() + 1);
        try {
            return Attempt.acquired(resourceLock.update(current.resourceVersion(), next), ticker.nanoTime());
        } catch (RuntimeException e) {
            return Attempt.failed(current, changedAt, e);
        }
    }

    /** Writes the lock free (empty holder, 1 s, transitions unchanged); on conflict reads it and tries again. */
    private Attempt releaseOnce(Versioned held) {
        Versioned target = held;
        while (true) {
            LeaderElectionRecord record = target.record();
            if (!record.isHeldBy(identity)) {
                return new Attempt(Attempt.Outcome.RELEASED, target, ticker.nanoTime(), null); // nothing left to release
            }
            Instant now = wallNow();
            LeaderElectionRecord free = new LeaderElectionRecord("", 1, now, now, record.leaderTransitions());
            try {
                return new Attempt(Attempt.Outcome.RELEASED, resourceLock.update(target.resourceVersion(), free),
                        ticker.nanoTime(), null);
            } catch (RuntimeException e) {
                if (!resourceLock.isConflict(e) || Thread.currentThread().isInterrupted()) {
                    return Attempt.failed(null, 0, e);
                }
            }
            try {
                Optional<Versioned> read = resourceLock.get();
                if (read.isEmpty()) {
                    return new Attempt(Attempt.Outcome.RELEASED, null, 0, null);
                }
                target = read.get();
            } catch (RuntimeException e) {
                return Attempt.failed(null, 0, e);
            }
        }
    }

    private long validityNanos(LeaderElectionRecord record) {
        return record.leaseDurationSeconds() > 0 ? record.leaseDurationSeconds() * 1_000_000_000L : leaseNanos;
    }

    private Instant wallNow() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS); // MicroTime precision, so written equals read
    }

    // ---- state, waiting, helpers ---------------------------------------------------------------

    /** Records what an attempt saw, and tells onNewLeader when the holder changed. Elector thread only. */
    private void apply(Attempt attempt) {
        if (attempt.observed() != null) {
            observed = attempt.observed();
            observedAt = attempt.observedAt();
        }
        Versioned now = observed;
        String holder = now != null && now.record().isHeld() ? now.record().holderIdentity() : null;
        leaderIdentity = holder;
        if (holder == null) {
            reportedLeader = null;
        } else if (!holder.equals(reportedLeader)) {
            reportedLeader = holder;
            try {
                notifier.execute(() -> notifyNewLeader(holder));
            } catch (RejectedExecutionException closed) {
                // closing: nobody listens any more
            }
        }
    }

    private void notifyNewLeader(String holder) {
        try {
            callbacks.onNewLeader(holder);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, () -> "onNewLeader for " + resourceLock.describe() + " threw", e);
        }
    }

    /**
     * Runs {@code task} on a helper thread and waits for it until {@code deadline} (ticker time) or,
     * if {@code stopOnClose}, until close is requested. Returns null when it gave up; the call is
     * then cancelled and interrupted, and its result ignored.
     */
    private @Nullable Attempt call(Callable<Attempt> task, long deadline, boolean stopOnClose) {
        FutureTask<Attempt> future = new FutureTask<>(task) {
            @Override
            protected void done() {
                signal();
            }
        };
        try {
            lockCalls.execute(future);
        } catch (RejectedExecutionException e) {
            return null;
        }
        boolean done;
        lock.lock();
        try {
            while (!(done = future.isDone())) {
                if (stopOnClose && closeRequested) {
                    break;
                }
                long now = ticker.nanoTime();
                long remaining = deadline - now;
                if (remaining <= 0) {
                    break;
                }
                parkInLock(now, remaining, true);
            }
        } finally {
            lock.unlock();
        }
        if (!done) {
            future.cancel(true);
            return null;
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("lock call failed unexpectedly", cause);
        } catch (InterruptedException | java.util.concurrent.CancellationException e) {
            return null; // cannot happen: the future is done and was not cancelled
        }
    }

    /** Sleeps until the ticker reaches {@code until}; false if close was requested first (and {@code stopOnClose}). */
    private boolean sleepUntil(long until, boolean stopOnClose) {
        lock.lock();
        try {
            while (true) {
                if (stopOnClose && closeRequested) {
                    return false;
                }
                long now = ticker.nanoTime();
                long remaining = until - now;
                if (remaining <= 0) {
                    return true;
                }
                parkInLock(now, remaining, false);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits on {@code wake} for at most {@code nanos}; an interrupt of the elector thread counts as close. */
    private void parkInLock(long now, long nanos, boolean forCall) {
        park = new Park(now, forCall);
        try {
            wake.awaitNanos(nanos);
        } catch (InterruptedException e) {
            closeRequested = true;
        } finally {
            park = null;
        }
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean closing() {
        lock.lock();
        try {
            return closeRequested;
        } finally {
            lock.unlock();
        }
    }

    private long jittered(long nanos) {
        return nanos + (long) (nanos * LeaderElectionConfig.JITTER_FACTOR * random.getAsDouble());
    }

    private void shutDownHelpers() {
        unregisterTicker.run();
        lockCalls.shutdownNow();
        notifier.shutdown();
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
