package dev.capstan.leaderelection;

import java.util.Objects;

/**
 * What a {@link LeaderElector} tells its owner: leadership started, leadership stopped, someone
 * (else) leads.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #onStartedLeading} is called only after this candidate's write to the lock
 *       succeeded, on a new thread per term named {@code <lockName>-leading-<term>}. It may start
 *       work elsewhere and return, or do the work itself until its thread is interrupted.</li>
 *   <li>When a term ends (renewals failed up to the renew deadline, another holder took the lock,
 *       or {@link LeaderElector#close()}), the elector first stops reporting
 *       {@link LeaderElector#isLeader()}, then interrupts the term's thread and waits for
 *       {@link #onStartedLeading} to return, then calls {@link #onStoppedLeading} on the elector's
 *       thread. So the two callbacks of one term never run at the same time, and
 *       {@link #onStoppedLeading} is called exactly once per {@link #onStartedLeading} — never
 *       when this candidate did not lead (unlike client-go).</li>
 *   <li>{@link #onStoppedLeading} must stop everything {@link #onStartedLeading} started and
 *       return only once it has stopped: the elector releases the lease, or lets itself win
 *       again, only after it returned. The elector starts a term's end no later than the renew
 *       deadline; the work must be stopped within {@code leaseDuration − renewDeadline} after that
 *       (5 s with the defaults), before any other candidate can take over.</li>
 *   <li>After a term, the elector is a candidate again and may start another term.</li>
 *   <li>{@link #onNewLeader} is called, in order, on the elector's notification thread each time
 *       the observed holder changes to a non-empty identity — this candidate's own included. It
 *       must not block for long: later notifications wait for it.</li>
 * </ul>
 * An exception thrown by a callback is logged and otherwise ignored; in particular it does not
 * end the term. ✅ To give leadership up for good, call {@link LeaderElector#close()} (from any
 * thread, callbacks included).
 *
 * <pre>{@code
 * LeaderCallbacks callbacks = LeaderCallbacks.of(controllers::start, controllers::stopAndAwait);
 * }</pre>
 */
public interface LeaderCallbacks {

    /** This candidate became the leader: start the leading work. Runs on the term's own thread. */
    void onStartedLeading();

    /** The term ended: stop the leading work, and return once it has stopped. Runs on the elector thread. */
    void onStoppedLeading();

    /** The lock is now held by {@code identity} (this candidate's identity included). No-op by default. */
    default void onNewLeader(String identity) { }

    /** Callbacks from two actions; {@link #onNewLeader} does nothing. */
    static LeaderCallbacks of(Runnable onStartedLeading, Runnable onStoppedLeading) {
        Objects.requireNonNull(onStartedLeading, "onStartedLeading");
        Objects.requireNonNull(onStoppedLeading, "onStoppedLeading");
        return new LeaderCallbacks() {
            @Override
            public void onStartedLeading() {
                onStartedLeading.run();
            }

            @Override
            public void onStoppedLeading() {
                onStoppedLeading.run();
            }
        };
    }
}
