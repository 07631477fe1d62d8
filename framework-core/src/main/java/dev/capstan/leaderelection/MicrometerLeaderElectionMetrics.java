package dev.capstan.leaderelection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link LeaderElectionMetrics} in a Micrometer {@link MeterRegistry}, under client-go's names.
 *
 * <h2>Implementation notes</h2> Micrometer holds a gauge's state object weakly, so the per-name
 * {@link AtomicInteger}s live in {@code status}, which this object keeps for as long as an elector
 * references it. Counters are looked up through the registry, which returns the registered meter.
 */
final class MicrometerLeaderElectionMetrics implements LeaderElectionMetrics {

    static final String MASTER_STATUS = "leader_election_master_status";
    static final String SLOWPATH = "leader_election_slowpath_total";

    private final MeterRegistry registry;
    /** The gauge state of each lock name: 1 leading, 0 not. */
    private final Map<String, AtomicInteger> status = new ConcurrentHashMap<>();

    MicrometerLeaderElectionMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void leaderOn(String name) {
        status(name).set(1);
    }

    @Override
    public void leaderOff(String name) {
        status(name).set(0);
    }

    @Override
    public void slowpathExercised(String name) {
        Counter.builder(SLOWPATH)
                .description("Renewals of the leader that read the lock first because the optimistic update failed")
                .tag("name", name)
                .register(registry)
                .increment();
    }

    private AtomicInteger status(String name) {
        return status.computeIfAbsent(name, key -> {
            AtomicInteger state = new AtomicInteger();
            Gauge.builder(MASTER_STATUS, state, AtomicInteger::get)
                    .description("1 while this process leads the election, 0 otherwise")
                    .tag("name", key)
                    .register(registry);
            return state;
        });
    }
}
