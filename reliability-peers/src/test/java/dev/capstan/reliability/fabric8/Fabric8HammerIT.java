package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.InjectedResponse;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
        Random random = new Random(seed);
        List<String> faults = new ArrayList<>();
        try (PeerScenario s = new PeerScenario("hammer", cluster, namespace.name(), plane).startInformer()) {
            var writers = s.writers(4, 6, seed, 10);
            long end = System.nanoTime() + duration.toNanos();
            int restarts = 0;
            // the same schedule as Capstan's HammerIT for the same seed
            while (System.nanoTime() < end) {
                long pause = 1000 + random.nextInt(3000);
                long writes = writers.writes();
                // pacing between faults: wait for the writers to make progress, bounded by the random pause
                await().atMost(Duration.ofMillis(pause + 60_000)).pollDelay(Duration.ofMillis(pause))
                        .until(() -> writers.writes() > writes);
                int dice = random.nextInt(4);
                if (dice == 0 && restarts < Math.max(2, duration.toMinutes())) {
                    restarts++;
                    faults.add("restart");
                    plane.restartApiServer();
                } else if (dice <= 1) {
                    faults.add("reset");
                    s.proxy.resetConnections();
                } else if (dice == 2) {
                    long millis = 500 + random.nextInt(2500);
                    faults.add("black hole " + millis + " ms");
                    s.proxy.blackHole();
                    long holed = System.nanoTime();
                    await().atMost(Duration.ofMillis(millis + 60_000)).pollDelay(Duration.ofMillis(millis))
                            .until(() -> System.nanoTime() - holed >= millis * 1_000_000);
                    s.proxy.endBlackHole();
                } else {
                    int burst = 1 + random.nextInt(5);
                    faults.add(burst + " × 429");
                    s.proxy.inject(RequestMatcher.watches("configmaps"), InjectedResponse.tooManyRequests(Duration.ofSeconds(1)), burst);
                    s.proxy.resetConnections();
                }
            }
            s.proxy.clearFaults();
            long calm = System.nanoTime();
            writers.close();
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(calm) : "not within " + RECOVERY_BOUND.toSeconds() + " s";
            System.out.println("capstan reliability fabric8: hammer seed " + seed + " faults " + faults);

            InvariantChecker.Verification verification = s.verify();
            PeerResults row = PeerResults.of("randomized hammer (seed " + seed + ")", faults.size() + " random faults in "
                    + duration.toSeconds() + " s", s, List.of(verification), "n/a", recover, s.outcome(recovered, RECOVERY_BOUND)).publish();
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
