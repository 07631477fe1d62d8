package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

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
 * framework-core's {@code HammerIT} against a fabric8 informer: 4 writers × 6 keys, and every
 * 1–4 s a random fault (apiserver restart, connection reset, black hole 0.5–3 s, 1–5 × 429) from
 * a seed printed at the start; then the faults stop and the informer must converge.
 *
 * <ul>
 *   <li>{@code -Dcapstan.reliability.seed=N} replays a run, and gives Capstan's HammerIT and this
 *       test the same fault schedule and writer choices in one run (see docs/reliability-peers.md).</li>
 *   <li>{@code -Dcapstan.reliability.hammer.duration=PT30M} makes it a soak (default 30 s).</li>
 * </ul>
 */
@KubernetesTest
class Fabric8HammerIT {
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    @Test
    void randomFaultsWhileManyWritersWrite(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        long seed = Long.getLong("capstan.reliability.seed", System.nanoTime());
        Duration duration = Duration.parse(System.getProperty("capstan.reliability.hammer.duration", "PT30S"));
        System.out.println("capstan reliability fabric8: hammer seed " + seed + " for " + duration
                + " (replay with -Dcapstan.reliability.seed=" + seed + ")");
        FaultSchedule schedule = FaultSchedule.random(seed, duration);
        try (PeerScenario s = new PeerScenario("hammer", cluster, namespace.name(), plane).startInformer()) {
            var writers = s.writers(4, 6, seed, 10);
            // the same faults as Capstan's HammerIT for the same seed
            List<String> faults = schedule.run(s.proxy, plane, RequestMatcher.watches("configmaps"), writers::writes);
            long calm = System.nanoTime();
            writers.close();
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(calm) : "not within " + RECOVERY_BOUND.toSeconds() + " s";
            System.out.println("capstan reliability fabric8: hammer seed " + seed + " faults " + faults);

            InvariantChecker.Verification verification = s.verify();
            PeerResults row = PeerResults.of("randomized hammer (seed " + seed + ")", faults.size() + " random faults ("
                    + duration.toSeconds() + " s schedule)", s, List.of(verification), "n/a", recover, s.outcome(recovered, RECOVERY_BOUND)).publish();
            System.out.println("capstan reliability fabric8: hammer: exceptions " + s.informer.exceptions() + ", violations "
                    + verification.violations());

            assertThat(faults).as("faults injected").isNotEmpty();
            assertThat(row.written()).as("writes recorded").isPositive();
            assertThat(recovered).as("fabric8 converges after random faults (seed " + seed + "): " + row.outcome()).isTrue();
            assertThat(s.relists()).as("relists").isBetween(0L, faults.size() + 1L);
            verification.assertNoViolations();
        }
    }
}
