package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A half-open connection: the proxy keeps every socket open and forwards nothing. Proves: the
 * reflector notices a watch that stays open past the timeout it asked the server for plus
 * {@code watchIdleGrace}, replaces it without a relist, and catches up once the network heals.
 *
 * <p>Bound: with {@code minWatchTimeout} = 2 s the server is asked to end each watch within
 * [2 s, 4 s]; with {@code watchIdleGrace} = 3 s the dead watch is replaced at most
 * 4 + 3 = 7 s after it was opened (defaults: 10 min + 30 s); 2 s margin for a loaded machine.
 */
@KubernetesTest
class BlackHoleIT {
    static final Duration MIN_WATCH_TIMEOUT = Duration.ofSeconds(2);
    static final Duration GRACE = Duration.ofSeconds(3);
    static final Duration BOUND = MIN_WATCH_TIMEOUT.multipliedBy(2).plus(GRACE).plusSeconds(2);

    @Test
    void aBlackHoledWatchIsDetectedWithinTheBoundAndRecoveredWithoutARelist(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) {
        try (Scenario s = new Scenario("blackhole", cluster, namespace.name(), plane)
                .startInformer(Scenario.fastReflector().withMinWatchTimeout(MIN_WATCH_TIMEOUT).withWatchIdleGrace(GRACE))) {
            var writers = s.writers(2, 4, 4, 50);
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= 10);
            long watches = s.informer.status().watches();

            long holed = System.nanoTime();
            s.proxy.blackHole();
            await().atMost(BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> s.informer.status().watches() > watches);
            Duration detect = Duration.ofNanos(System.nanoTime() - holed);
            s.proxy.endBlackHole();
            long healed = System.nanoTime();
            long writesNow = writers.writes();
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= writesNow + 10);
            writers.close();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - healed);

            InvariantChecker.Verification violations = s.verify();
            Results.of("half-open connection (black hole)", "1 black hole until detected", s, violations, detect, recover).publish();
            s.verify().bounded("relists", s.informer.status().relists(), 0, 0).assertNoViolations();
            assertThat(detect).as("detected within 2 × minWatchTimeout + watchIdleGrace + 2 s").isLessThanOrEqualTo(BOUND);
        }
    }
}
