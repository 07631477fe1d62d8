package dev.capstan.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.workqueue.FakeTicker;
import dev.capstan.workqueue.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The elector against an in-memory lock and a fake ticker: time moves only when a test advances
 * it, and only once every elector sleeps, so no test sleeps and none races the elector.
 * Timings are the defaults: lease 15 s, renew deadline 10 s, retry 2 s; candidates retry exactly
 * every 2 s (no jitter).
 */
class LeaderElectorTest {
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeTicker ticker = new FakeTicker();
    private final long t0 = ticker.nanoTime();
    private final FakeLock lock = new FakeLock();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<DefaultLeaderElector> electors = new ArrayList<>();

    @AfterEach
    void closeElectors() {
        lock.hanging(false);
        electors.forEach(DefaultLeaderElector::close);
    }

    // ---- acquiring ---------------------------------------------------------------------------

    @Test
    void acquiresWhenTheLeaseDoesNotExistYet() {
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker);
        DefaultLeaderElector a = start("a", callbacks);
        awaitIdle();

        assertThat(a.isLeader()).isTrue();
        assertThat(a.leaderIdentity()).contains("a");
        assertThat(lock.record()).isEqualTo(new LeaderElectionRecord("a", 15, wallTime(0), wallTime(0), 0));
        await().until(() -> callbacks.events().containsAll(List.of("started", "new-leader a")));
        assertThat(metrics.leading).isTrue();
    }

    @Test
    void acquiresAFreeLeaseAndCountsTheTransition() {
        lock.put(new LeaderElectionRecord("", 1, EPOCH, EPOCH, 4));
        DefaultLeaderElector a = start("a", new RecordingCallbacks(ticker));
        awaitIdle();

        assertThat(a.isLeader()).isTrue();
        assertThat(lock.record()).isEqualTo(new LeaderElectionRecord("a", 15, wallTime(0), wallTime(0), 5));
    }

    /** The remote renewTime is never compared with the local clock: neither a stale nor a future one matters. */
    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "3000-01-01T00:00:00Z"})
    void waitsOutAnotherHoldersLeaseOnTheLocalClockWhateverItsRenewTime(String renewTime) {
        lock.put(new LeaderElectionRecord("other", 15, EPOCH, Instant.parse(renewTime), 3));
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker);
        DefaultLeaderElector b = start("b", callbacks);
        awaitIdle();
        assertThat(b.isLeader()).isFalse();
        assertThat(b.leaderIdentity()).contains("other");

        advanceTo(Duration.ofSeconds(14)); // attempts at 2, 4, …, 14 s: 14 s after the record was seen, still valid
        assertThat(b.isLeader()).isFalse();
        assertThat(lock.record().holderIdentity()).isEqualTo("other");
        assertThat(lock.updates()).isZero();

        advance(RETRY); // 16 s ≥ 15 s: expired
        assertThat(b.isLeader()).isTrue();
        assertThat(lock.record()).isEqualTo(new LeaderElectionRecord("b", 15, wallTime(16), wallTime(16), 4));
        await().until(() -> callbacks.events().equals(List.of("new-leader other", "new-leader b", "started"))
                || callbacks.events().equals(List.of("new-leader other", "started", "new-leader b")));
    }

    @Test
    void aHolderThatKeepsRenewingKeepsTheLease() {
        lock.put(new LeaderElectionRecord("other", 15, EPOCH, EPOCH, 0));
        DefaultLeaderElector b = start("b", new RecordingCallbacks(ticker));
        awaitIdle();

        advanceTo(Duration.ofSeconds(8));
        lock.put(new LeaderElectionRecord("other", 15, EPOCH, EPOCH.plusSeconds(9), 0)); // renewed at 9 s, seen at 10 s
        advanceTo(Duration.ofSeconds(24));
        assertThat(b.isLeader()).as("valid until 10 s + 15 s").isFalse();

        advance(RETRY);
        assertThat(b.isLeader()).isTrue();
    }

    @Test
    void aLeaseWithoutDurationCountsWithTheConfiguredOne() {
        lock.put(new LeaderElectionRecord("other", 0, null, null, 0));
        DefaultLeaderElector b = start("b", new RecordingCallbacks(ticker));
        awaitIdle();
        advanceTo(Duration.ofSeconds(14));
        assertThat(b.isLeader()).isFalse();
        advance(RETRY);
        assertThat(b.isLeader()).isTrue();
    }

    // ---- renewing ----------------------------------------------------------------------------

    @Test
    void renewalsKeepLeadershipWithOptimisticUpdates() {
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker);
        DefaultLeaderElector a = start("a", callbacks);
        awaitIdle();
        int getsAfterAcquiring = lock.gets();

        advanceTo(Duration.ofSeconds(40)); // well past the lease duration
        assertThat(a.isLeader()).isTrue();
        assertThat(lock.record()).isEqualTo(new LeaderElectionRecord("a", 15, wallTime(0), wallTime(40), 0));
        assertThat(lock.updates()).as("one renewal per retry period").isEqualTo(20);
        assertThat(lock.gets()).as("no read: the leader updates with the version it wrote").isEqualTo(getsAfterAcquiring);
        assertThat(metrics.slowpath).hasValue(0);
        assertThat(callbacks.stopped).hasValue(0);
    }

    @Test
    void aConflictOnTheOptimisticUpdateTakesTheSlowPath() {
        DefaultLeaderElector a = start("a", new RecordingCallbacks(ticker));
        awaitIdle();
        int gets = lock.gets();

        lock.touch(); // a label changed: the version moved, the record did not
        advance(RETRY);

        assertThat(a.isLeader()).isTrue();
        assertThat(lock.conflicts()).isEqualTo(1);
        assertThat(lock.gets()).isEqualTo(gets + 1);
        assertThat(metrics.slowpath).hasValue(1);
        assertThat(lock.record()).isEqualTo(new LeaderElectionRecord("a", 15, wallTime(0), wallTime(2), 0));

        advance(RETRY);
        assertThat(metrics.slowpath).as("back on the fast path").hasValue(1);
    }

    @Test
    void failingRenewalsEndTheTermBeforeTheRenewDeadlineThenTheElectorRejoins() {
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker);
        DefaultLeaderElector a = start("a", callbacks);
        awaitIdle();
        await().until(() -> callbacks.started.get() == 1);

        lock.failing(true);
        advanceTo(Duration.ofSeconds(6)); // renewals at 2, 4, 6 s fail; 8 s still fits before 10 s
        assertThat(a.isLeader()).isTrue();
        assertThat(callbacks.stopped).hasValue(0);

        advance(RETRY); // the renewal at 8 s fails and the next one (10 s) would be too late: step down now
        assertThat(a.isLeader()).isFalse();
        await().until(() -> callbacks.stopped.get() == 1);
        assertThat(callbacks.stoppedAt()).containsExactly(t0 + Duration.ofSeconds(8).toNanos());
        assertThat(metrics.leading).isFalse();

        lock.failing(false);
        advance(RETRY); // a candidate again; its own record is still in the lock
        assertThat(a.isLeader()).isTrue();
        await().until(() -> callbacks.started.get() == 2);
        assertThat(callbacks.events()).containsSubsequence("started", "stopped", "started");
        assertThat(lock.record().leaderTransitions()).as("same holder: no transition").isZero();
    }

    @Test
    void aLockCallThatHangsEndsTheTermAtTheRenewDeadline() {
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker);
        DefaultLeaderElector a = start("a", callbacks);
        awaitIdle();

        lock.hanging(true);
        ticker.advance(RETRY); // the renewal at 2 s hangs
        await().until(() -> lock.hung() == 1 && parkedForCall(a));
        ticker.advance(Duration.ofSeconds(8).minusNanos(1));
        await().until(() -> parkedForCall(a));
        assertThat(a.isLeader()).isTrue();

        ticker.advance(Duration.ofNanos(1)); // 10 s: the deadline of the write sent at 0 s
        assertThat(a.isLeader()).as("turns false by itself, before the elector thread reacts").isFalse();
        await().until(() -> callbacks.stopped.get() == 1);
        assertThat(callbacks.stoppedAt()).containsExactly(t0 + Duration.ofSeconds(10).toNanos());

        lock.hanging(false);
        for (int i = 0; i < 3 && !a.isLeader(); i++) {
            advance(RETRY);
        }
        assertThat(a.isLeader()).as("rejoined and won again").isTrue();
    }

    @Test
    void anotherHolderInTheLockEndsTheTermAtOnce() {
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker);
        DefaultLeaderElector a = start("a", callbacks);
        awaitIdle();

        lock.put(new LeaderElectionRecord("intruder", 15, EPOCH, EPOCH, 1));
        advance(RETRY);

        assertThat(a.isLeader()).isFalse();
        assertThat(a.leaderIdentity()).contains("intruder");
        assertThat(metrics.slowpath).hasValue(1);
        await().until(() -> callbacks.events().containsAll(List.of("stopped", "new-leader intruder")));
        advanceTo(Duration.ofSeconds(16));
        assertThat(a.isLeader()).as("the intruder's lease is valid until 2 s + 15 s").isFalse();
        advance(RETRY);
        assertThat(a.isLeader()).isTrue();
        assertThat(lock.record().leaderTransitions()).isEqualTo(2);
    }

    // ---- two candidates ----------------------------------------------------------------------

    /** Here the two candidates act on alternate seconds (time moves 1 s at a time), so the order is fixed. */
    @Test
    void leaderTransitionsCountOnlyChangesOfHolder() {
        DefaultLeaderElector a = start(config("a").withReleaseOnCancel(false), new RecordingCallbacks(ticker));
        awaitIdle();
        advance(SECOND);
        DefaultLeaderElector b = start("b", new RecordingCallbacks(ticker)); // reads at 1, 3, 5, …
        awaitIdle();
        advanceTo(Duration.ofSeconds(6), SECOND); // a renews at 2, 4, 6
        assertThat(lock.record().holderIdentity()).isEqualTo("a");
        assertThat(lock.record().leaderTransitions()).as("created, then renewed").isZero();
        assertThat(b.isLeader()).isFalse();

        a.close(); // no release: b waits out the lease it saw renewed at 7 s
        advanceTo(Duration.ofSeconds(21), SECOND);
        assertThat(b.isLeader()).isFalse();
        advanceTo(Duration.ofSeconds(23), SECOND);
        assertThat(b.isLeader()).isTrue();
        assertThat(lock.record().leaderTransitions()).isEqualTo(1);

        DefaultLeaderElector a2 = start("a", new RecordingCallbacks(ticker));
        advanceTo(Duration.ofSeconds(25), SECOND);
        assertThat(lock.record().holderIdentity()).isEqualTo("b");
        assertThat(lock.record().leaderTransitions()).as("b renewed").isEqualTo(1);

        b.close(); // released: holder empty, transitions unchanged
        assertThat(lock.record().holderIdentity()).isEmpty();
        assertThat(lock.record().leaderTransitions()).isEqualTo(1);
        advance(RETRY);
        assertThat(a2.isLeader()).isTrue();
        assertThat(lock.record().leaderTransitions()).isEqualTo(2);
    }

    @Test
    void twoCandidatesNeverLeadAtTheSameTime() {
        RecordingCallbacks callbacksA = new RecordingCallbacks(ticker);
        RecordingCallbacks callbacksB = new RecordingCallbacks(ticker);
        DefaultLeaderElector a = start("a", callbacksA);
        DefaultLeaderElector b = start("b", callbacksB);
        for (int i = 1; i <= 40; i++) {
            advance(RETRY);
            lock.failing(i >= 10 && i < 20);
            assertThat(a.isLeader() && b.isLeader()).isFalse();
            int terms = callbacksA.started.get() - callbacksA.stopped.get() + callbacksB.started.get() - callbacksB.stopped.get();
            assertThat(terms).as("terms whose work has not been stopped").isLessThanOrEqualTo(1);
        }
        assertThat(a.isLeader() || b.isLeader()).isTrue();
        assertThat(callbacksA.stopped.get() + callbacksB.stopped.get()).as("the outage ended a term").isPositive();
    }

    // ---- closing -----------------------------------------------------------------------------

    @Test
    void closeReleasesTheLeaseOnlyAfterTheWorkStopped() {
        List<String> log = new ArrayList<>();
        AtomicReference<String> holderWhileStopping = new AtomicReference<>();
        CountDownLatch never = new CountDownLatch(1);
        LeaderCallbacks callbacks = new LeaderCallbacks() {
            @Override
            public void onStartedLeading() {
                try {
                    never.await(); // blocking-style work: runs until interrupted
                } catch (InterruptedException e) {
                    log(log, "work interrupted");
                }
            }

            @Override
            public void onStoppedLeading() {
                holderWhileStopping.set(lock.record().holderIdentity());
                log(log, "onStoppedLeading returns");
            }
        };
        lock.put(new LeaderElectionRecord("", 1, EPOCH, EPOCH, 7));
        DefaultLeaderElector a = start("a", callbacks);
        awaitIdle();
        advance(RETRY);
        lock.onWrite(record -> log(log, "write holder='" + record.holderIdentity() + "'"));

        a.close();

        assertThat(holderWhileStopping).hasValue("a");
        assertThat(log).containsExactly("work interrupted", "onStoppedLeading returns", "write holder=''");
        assertThat(lock.record().holderIdentity()).isEmpty();
        assertThat(lock.record().leaseDurationSeconds()).isEqualTo(1);
        assertThat(lock.record().leaderTransitions()).as("unchanged").isEqualTo(8);
        assertThat(a.isLeader()).isFalse();
        assertThat(a.terminated()).isTrue();
    }

    @Test
    void releaseRetriesAfterAConflict() {
        DefaultLeaderElector a = start("a", new RecordingCallbacks(ticker));
        awaitIdle();
        lock.touch();

        a.close();

        assertThat(lock.conflicts()).isEqualTo(1);
        assertThat(lock.record()).isEqualTo(new LeaderElectionRecord("", 1, wallTime(0), wallTime(0), 0));
    }

    @Test
    void withoutReleaseOnCancelTheLeaseIsKept() {
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker);
        DefaultLeaderElector a = start(config("a").withReleaseOnCancel(false), callbacks);
        awaitIdle();

        a.close();

        assertThat(callbacks.stopped).hasValue(1);
        assertThat(lock.record().holderIdentity()).isEqualTo("a");
    }

    @Test
    void closingACandidateWritesNothingAndCallsNoCallback() {
        lock.put(new LeaderElectionRecord("other", 15, EPOCH, EPOCH, 0));
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker);
        DefaultLeaderElector b = start("b", callbacks);
        awaitIdle();
        int writes = lock.writes().size();

        b.close();

        assertThat(lock.writes()).hasSize(writes);
        assertThat(callbacks.started).hasValue(0);
        assertThat(callbacks.stopped).hasValue(0);
        assertThat(b.terminated()).isTrue();
    }

    @Test
    void closeFromOnStartedLeadingEndsTheElection() {
        AtomicReference<LeaderElector> self = new AtomicReference<>();
        RecordingCallbacks callbacks = new RecordingCallbacks(ticker) {
            @Override
            public void onStartedLeading() {
                super.onStartedLeading();
                self.get().close(); // must not deadlock
            }
        };
        DefaultLeaderElector a = elector(config("a"), callbacks);
        self.set(a);
        a.start();

        await().until(a::terminated);
        assertThat(callbacks.events()).containsSubsequence("started", "stopped");
        assertThat(lock.record().holderIdentity()).isEmpty();
    }

    @Test
    void startIsRefusedTwiceAndAfterClose() {
        DefaultLeaderElector a = start("a", new RecordingCallbacks(ticker));
        assertThatThrownBy(a::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
        a.close();
        assertThatThrownBy(a::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

        DefaultLeaderElector never = elector(config("n"), new RecordingCallbacks(ticker));
        never.close();
        assertThatThrownBy(never::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void builderNamesWhatIsMissing() {
        LeaderElectionConfig config = config("a");
        assertThatThrownBy(() -> LeaderElector.builder(config).lock(lock).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs callbacks");
        assertThatThrownBy(() -> LeaderElector.builder(config).callbacks(new RecordingCallbacks(ticker)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a lock");
        try (LeaderElector built = LeaderElector.builder(config).lock(lock).callbacks(new RecordingCallbacks(ticker))
                .ticker(ticker).build()) {
            assertThat(built.identity()).isEqualTo("a");
            assertThat(built.isLeader()).isFalse();
        }
    }

    // ---- harness -----------------------------------------------------------------------------

    private static LeaderElectionConfig config(String identity) {
        return LeaderElectionConfig.defaults("test", "lock").withIdentity(identity);
    }

    private DefaultLeaderElector elector(LeaderElectionConfig config, LeaderCallbacks callbacks) {
        DefaultLeaderElector elector = new DefaultLeaderElector(config, lock, callbacks, metrics, ticker,
                new TickerClock(ticker), () -> 0.0);
        electors.add(elector);
        return elector;
    }

    private DefaultLeaderElector start(LeaderElectionConfig config, LeaderCallbacks callbacks) {
        DefaultLeaderElector elector = elector(config, callbacks);
        elector.start();
        return elector;
    }

    private DefaultLeaderElector start(String identity, LeaderCallbacks callbacks) {
        return start(config(identity), callbacks);
    }

    private static ConditionFactory await() {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1));
    }

    /** Waits until every running elector sleeps on the clock (not on a lock call) since the current reading. */
    private void awaitIdle() {
        await().until(() -> electors.stream().allMatch(this::idle));
    }

    private boolean idle(DefaultLeaderElector elector) {
        if (elector.terminated()) {
            return true;
        }
        DefaultLeaderElector.Park park = elector.park();
        return park != null && !park.forCall() && park.at() == ticker.nanoTime();
    }

    private static boolean parkedForCall(DefaultLeaderElector elector) {
        DefaultLeaderElector.Park park = elector.park();
        return park != null && park.forCall();
    }

    private void advance(Duration delta) {
        awaitIdle();
        ticker.advance(delta);
        awaitIdle();
    }

    /** Advances in retry periods until {@code sinceStart} after the test began. */
    private void advanceTo(Duration sinceStart) {
        advanceTo(sinceStart, RETRY);
    }

    private void advanceTo(Duration sinceStart, Duration step) {
        while (ticker.nanoTime() - t0 < sinceStart.toNanos()) {
            advance(step);
        }
    }

    /** The wall time written at {@code seconds} after the test began. */
    private static Instant wallTime(long seconds) {
        return EPOCH.plusSeconds(seconds);
    }

    private static void log(List<String> log, String event) {
        synchronized (log) {
            log.add(event);
        }
    }

    /** A wall clock that moves with the ticker, starting at {@link #EPOCH}. */
    private final class TickerClock extends Clock {
        private final Ticker source;

        TickerClock(Ticker source) {
            this.source = Objects.requireNonNull(source);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return EPOCH.plusNanos(source.nanoTime() - t0);
        }
    }
}
