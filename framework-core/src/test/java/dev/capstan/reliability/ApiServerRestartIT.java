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
 * kube-apiserver stops and starts again (etcd keeps running) while writers keep writing through
 * the outage, retrying their own failed writes. Proves: the informer notices the broken watch at
 * once, reconnects when the server is back, loses nothing and never goes back in time.
 */
@KubernetesTest
class ApiServerRestartIT {

    @Test
    void anApiServerRestartWhileObjectsChangeLosesNothing(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (Scenario s = new Scenario("restart", cluster, namespace.name(), plane).startInformer(Scenario.fastReflector())) {
            var writers = s.writers(3, 5, 1, 20);
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= 30);
            long watches = s.informer.status().watches();

            plane.stopApiServer(); // blocks until the process is gone (SIGTERM: it may close watches while shutting down)
            long stopped = System.nanoTime();
            await().atMost(Scenario.WAIT).pollInterval(Duration.ofMillis(20)).until(() -> s.informer.status().watches() > watches);
            Duration detect = Duration.ofNanos(System.nanoTime() - stopped);
            long failuresBefore = writers.failures();
            await().atMost(Scenario.WAIT).until(() -> writers.failures() > failuresBefore);
            plane.startApiServer();
            long started = System.nanoTime();
            long writesAfterRestart = writers.writes();
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= writesAfterRestart + 30);
            writers.close();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - started);

            InvariantChecker.Verification violations = s.verify().bounded("relists", s.informer.status().relists(), 0, 2);
            Results.of("apiserver restart while writing", "1 restart (~4 s down)", s, violations, detect, recover).publish();
            s.verify().bounded("relists", s.informer.status().relists(), 0, 2).assertNoViolations();
            assertThat(detect).as("a dead server is noticed at once").isLessThan(Duration.ofSeconds(5));
        }
    }
}
