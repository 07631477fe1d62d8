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
 * framework-core's {@code ApiServerRestartIT} against a fabric8 informer: kube-apiserver stops
 * and starts again (etcd keeps running) while 3 writers keep writing through the outage and retry
 * their own failed writes.
 */
@KubernetesTest
class Fabric8ApiServerRestartIT {
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    @Test
    void anApiServerRestartWhileObjectsChange(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (PeerScenario s = new PeerScenario("restart", cluster, namespace.name(), plane).startInformer()) {
            var writers = s.writers(3, 5, 1, 20);
            await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= 30);
            long watches = s.watchRequests();

            plane.stopApiServer(); // blocks until the process is gone
            long stopped = System.nanoTime();
            boolean detected = PeerScenario.awaitOrGiveUp(PeerScenario.WAIT, Duration.ofMillis(20), () -> s.watchRequests() > watches);
            String detect = detected ? PeerResults.since(stopped) : "no new watch within " + PeerScenario.WAIT.toSeconds() + " s";
            long failuresBefore = writers.failures();
            await().atMost(PeerScenario.WAIT).until(() -> writers.failures() > failuresBefore);
            plane.startApiServer();
            long started = System.nanoTime();
            long writesAfterRestart = writers.writes();
            await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= writesAfterRestart + 30);
            writers.close();
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(started) : "not within " + RECOVERY_BOUND.toSeconds() + " s";

            InvariantChecker.Verification verification = s.verify();
            PeerResults row = PeerResults.of("apiserver restart while writing", "1 restart (~4 s down)", s, List.of(verification), detect,
                    recover, s.outcome(recovered, RECOVERY_BOUND)).publish();
            System.out.println("capstan reliability fabric8: restart: exceptions " + s.informer.exceptions() + ", violations "
                    + verification.violations());

            assertThat(row.written()).as("the writers wrote through the checker").isGreaterThanOrEqualTo(60);
            assertThat(detected).as("fabric8 opened a new watch after the apiserver stopped").isTrue();
            assertThat(recovered).as("fabric8 recovers from an apiserver restart: " + row.outcome()).isTrue();
            assertThat(s.relists()).as("relists").isBetween(0L, 2L);
            verification.assertNoViolations();
        }
    }
}
