package dev.capstan.reliability.fabric8;

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
 * framework-core's {@code BlackHoleIT} against a fabric8 informer: a half-open connection (the
 * proxy keeps every socket open and forwards nothing) while 2 writers write. Capstan replaces
 * such a watch within {@code 2 × minWatchTimeout + watchIdleGrace}; fabric8 ends each watch by a
 * client timer after 5–10 min ({@code Reflector.MIN_TIMEOUT}, not configurable) and has no idle
 * detection, so the test waits {@link #DETECT_BOUND} and then heals the network, recording whether
 * a new watch was opened meanwhile and whether fabric8 catches up once the held data flows.
 */
@KubernetesTest
class Fabric8BlackHoleIT {
    /** How long the test keeps the black hole open waiting for fabric8 to notice (Capstan's bound in its test is 9 s). */
    static final Duration DETECT_BOUND = Duration.ofSeconds(30);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    @Test
    void aBlackHoledWatch(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (PeerScenario s = new PeerScenario("blackhole", cluster, namespace.name(), plane).startInformer()) {
            var writers = s.writers(2, 4, 4, 50);
            await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= 10);
            long watches = s.watchRequests();
            long writesBefore = writers.writes();

            long holed = System.nanoTime();
            s.proxy.blackHole();
            boolean detected = PeerScenario.awaitOrGiveUp(DETECT_BOUND, Duration.ofMillis(50), () -> s.watchRequests() > watches);
            String detect = detected ? PeerResults.since(holed) : "not within " + DETECT_BOUND.toSeconds() + " s";
            boolean claimsWatching = s.informer.watching();
            long writtenDuringHole = writers.writes() - writesBefore;
            s.proxy.endBlackHole();
            long healed = System.nanoTime();
            long writesNow = writers.writes();
            await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= writesNow + 10);
            writers.close();
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(healed) : "not within " + RECOVERY_BOUND.toSeconds() + " s";

            InvariantChecker.Verification verification = s.verify();
            String outcome = (detected ? "new watch opened" : "still on the dead watch after " + DETECT_BOUND.toSeconds() + " s, "
                    + (claimsWatching ? "isWatching() true" : "isWatching() false")) + "; " + s.outcome(recovered, RECOVERY_BOUND)
                    + (recovered && !detected ? " when the held data flowed after the heal" : "");
            PeerResults row = PeerResults.of("half-open connection (black hole)", "1 black hole (" + DETECT_BOUND.toSeconds() + " s)", s,
                    List.of(verification), detect, recover, outcome).publish();
            System.out.println("capstan reliability fabric8: black hole: writes during the hole " + writtenDuringHole + ", exceptions "
                    + s.informer.exceptions() + ", violations " + verification.violations());

            assertThat(writtenDuringHole).as("the writers kept writing during the black hole").isPositive();
            assertThat(detected).as("fabric8 has no idle-watch detection: no new watch within " + DETECT_BOUND).isFalse();
            assertThat(claimsWatching).as("fabric8 reports the dead watch as watching").isTrue();
            assertThat(recovered).as("fabric8 catches up once the network heals: " + outcome).isTrue();
            verification.assertNoViolations();
        }
    }
}
