package dev.capstan.reliability;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.FaultSchedule;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Randomized hammer: several writers, and random faults at random times (apiserver restart,
 * connection reset, a short black hole, a 429 burst) from a seed printed at the start; then the
 * faults stop, the informer must converge, and every invariant must hold.
 *
 * <ul>
 *   <li>{@code -Dcapstan.reliability.seed=N} replays a run (the fault schedule, drawn in full
 *       before the run by {@link FaultSchedule}, and each writer's choices; thread timing is not
 *       reproducible). Fabric8HammerIT gets the same faults for the same seed.</li>
 *   <li>{@code -Dcapstan.reliability.hammer.duration=PT30M} makes it a soak (default 30 s).</li>
 * </ul>
 */
@KubernetesTest
class HammerIT {

    @Test
    void randomFaultsWhileManyWritersWriteLoseNothing(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        long seed = Long.getLong("capstan.reliability.seed", System.nanoTime());
        Duration duration = Duration.parse(System.getProperty("capstan.reliability.hammer.duration", "PT30S"));
        System.out.println("capstan reliability: hammer seed " + seed + " for " + duration
                + " (replay with -Dcapstan.reliability.seed=" + seed + ")");
        FaultSchedule schedule = FaultSchedule.random(seed, duration);
        try (Scenario s = new Scenario("hammer", cluster, namespace.name(), plane)
                .startInformer(Scenario.fastReflector().withMinWatchTimeout(Duration.ofSeconds(2)).withWatchIdleGrace(Duration.ofSeconds(3)))) {
            var writers = s.writers(4, 6, seed, 10);
            List<String> faults = schedule.run(s.proxy, plane, RequestMatcher.watches("configmaps"), writers::writes);
            long calm = System.nanoTime();
            writers.close();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - calm);
            System.out.println("capstan reliability: hammer seed " + seed + " faults " + faults);

            InvariantChecker.Verification violations = s.verify();
            Results.of("randomized hammer (seed " + seed + ")", faults.size() + " random faults (" + duration.toSeconds() + " s schedule)", s,
                    violations, null, recover).publish();
            s.verify().bounded("relists", s.informer.status().relists(), 0, faults.size() + 1).assertNoViolations();
        }
    }
}
