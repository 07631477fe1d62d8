package dev.capstan.reliability;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The informer misses changes (black hole), etcd is compacted past its resourceVersion and the
 * apiserver restarted (its watch cache emptied), so the re-watch gets 410 Gone. Proves: one
 * relist (bounded: no endless "too old resource version" loop, the stuck-informer bugs of
 * kubernetes#107133 / #129266, fabric8 #6065), missed deletions arrive as final-state-unknown.
 */
@KubernetesTest
class CompactionIT {

    @Test
    void compactionForcesABoundedRelistAndNothingIsLost(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (Scenario s = new Scenario("compaction", cluster, namespace.name(), plane).startInformer(Scenario.fastReflector())) {
            List<ConfigMap> objects = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                objects.add(s.create("c" + i, "0"));
            }
            s.awaitConvergence();

            s.proxy.blackHole();
            for (int i = 0; i < 4; i++) {
                s.delete(objects.get(i));
                s.update(objects.get(9 - i), "changed");
                s.create("n" + i, "0");
            }
            plane.compactEtcd();
            plane.restartApiServer();
            long faulted = System.nanoTime();
            s.proxy.resetConnections();
            s.proxy.endBlackHole();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - faulted);
            long lists = s.informer.status().lists();
            // no "too old" loop: the list count stays put for a few watch cycles
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> s.informer.status().lists() == lists);

            InvariantChecker.Verification violations = s.verify();
            Results.of("compaction → 410 Gone", "compaction + apiserver restart while partitioned", s, violations, null, recover).publish();
            s.verify().bounded("relists", s.informer.status().relists(), 1, 2).assertNoViolations();
        }
    }
}
