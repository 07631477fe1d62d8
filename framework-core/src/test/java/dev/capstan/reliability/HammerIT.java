package dev.capstan.reliability;

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
 * Randomized hammer: several writers, and random faults at random times (apiserver restart,
 * connection reset, a short black hole, a 429 burst) from a seed printed at the start; then the
 * faults stop, the informer must converge, and every invariant must hold.
 *
 * <ul>
 *   <li>{@code -Dcapstan.reliability.seed=N} replays a run (the fault schedule and each writer's
 *       choices; thread timing is not reproducible).</li>
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
        Random random = new Random(seed);
        List<String> faults = new ArrayList<>();
        try (Scenario s = new Scenario("hammer", cluster, namespace.name(), plane)
                .startInformer(Scenario.fastReflector().withMinWatchTimeout(Duration.ofSeconds(2)).withWatchIdleGrace(Duration.ofSeconds(3)))) {
            var writers = s.writers(4, 6, seed, 10);
            long end = System.nanoTime() + duration.toNanos();
            int restarts = 0;
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
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - calm);
            System.out.println("capstan reliability: hammer seed " + seed + " faults " + faults);

            InvariantChecker.Verification violations = s.verify();
            Results.of("randomized hammer (seed " + seed + ")", faults.size() + " random faults in " + duration.toSeconds() + " s", s,
                    violations, null, recover).publish();
            s.verify().bounded("relists", s.informer.status().relists(), 0, faults.size() + 1).assertNoViolations();
        }
    }
}
