package dev.capstan.leaderelection;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Receives an elector's measurements; every method is a no-op by default and {@link #NOOP} is the
 * elector's default. {@code name} is the lock's name ({@link LeaderElectionConfig#lockName()}), so
 * one instance can serve several electors.
 *
 * <p>Bound to client-go's metrics, so Go operators' dashboards and alerts work
 * ({@link #micrometer}):
 * <ul>
 *   <li>{@link #leaderOn}/{@link #leaderOff} → {@code leader_election_master_status{name}},
 *       a gauge that is 1 while leading and 0 otherwise</li>
 *   <li>{@link #slowpathExercised} → {@code leader_election_slowpath_total{name}}, renewals that
 *       could not use the optimistic update and read the lock first</li>
 * </ul>
 *
 * <h2>Thread safety</h2> Called from the elector's threads: implementations must be thread-safe,
 * fast, and must not block or call back into the elector.
 */
public interface LeaderElectionMetrics {

    /** Discards everything. */
    LeaderElectionMetrics NOOP = new LeaderElectionMetrics() { };

    /** The elector for {@code name} started leading. */
    default void leaderOn(String name) { }

    /** The elector for {@code name} stopped leading (also reported once when it starts as a candidate). */
    default void leaderOff(String name) { }

    /** The leader for {@code name} had to read the lock before renewing (its optimistic update failed or was not possible). */
    default void slowpathExercised(String name) { }

    /**
     * Metrics in {@code registry}: the gauge {@code leader_election_master_status} and the counter
     * {@code leader_election_slowpath_total}, each tagged {@code name}. Meters are registered on first
     * use per name.
     */
    static LeaderElectionMetrics micrometer(MeterRegistry registry) {
        return new MicrometerLeaderElectionMetrics(registry);
    }
}
