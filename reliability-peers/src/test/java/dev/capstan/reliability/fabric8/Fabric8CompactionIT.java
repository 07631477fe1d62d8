package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

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
 * framework-core's {@code CompactionIT} against a fabric8 informer: the informer misses changes
 * (black hole), etcd is compacted past its resourceVersion and the apiserver restarted (watch
 * cache emptied), so the re-watch gets 410 Gone. The question is the one of fabric8 #6065 and
 * kubernetes#107133: one relist, or an endless "too old resource version" loop?
 */
@KubernetesTest
class Fabric8CompactionIT {
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    @Test
    void compactionForcesARelist(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (PeerScenario s = new PeerScenario("compaction", cluster, namespace.name(), plane).startInformer()) {
            List<ConfigMap> objects = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                objects.add(s.create("c" + i, "0"));
            }
            assertThat(s.awaitConvergence(PeerScenario.WAIT)).as("synced before the fault").isTrue();
            long listsBefore = s.informer.lists();

            s.proxy.blackHole();
            for (int i = 0; i < 4; i++) {
                s.delete(objects.get(i));
                s.update(objects.get(9 - i), "changed");
                s.create("n" + i, "0");
            }
            long revision = plane.compactEtcd();
            plane.restartApiServer();
            long faulted = System.nanoTime();
            s.proxy.resetConnections();
            s.proxy.endBlackHole();
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(faulted) : "not within " + RECOVERY_BOUND.toSeconds() + " s";
            boolean watchingAtConvergence = s.informer.watching(); // documented in docs/reliability-peers.md, not asserted
            long lists = s.informer.lists();
            // no "too old" loop: the list count stays put for a few watch cycles
            boolean settled = PeerScenario.holdsFor(Duration.ofSeconds(3), () -> s.informer.lists() == lists);

            InvariantChecker.Verification verification = s.verify();
            String outcome = s.outcome(recovered, RECOVERY_BOUND) + (settled ? "" : "; relisting in a loop");
            PeerResults row = PeerResults.of("compaction → 410 Gone", "compaction + apiserver restart while partitioned", s,
                    List.of(verification), "n/a", recover, outcome).publish();
            System.out.println("capstan reliability fabric8: compaction: compacted at " + revision + ", isWatching() at convergence "
                    + watchingAtConvergence + ", exceptions "
                    + s.informer.exceptions() + ", violations " + verification.violations());

            assertThat(s.proxy.resets()).as("the proxy reset the connections").isEqualTo(1);
            assertThat(row.written()).as("writes recorded").isEqualTo(22);
            assertThat(recovered).as("fabric8 relists on 410 Gone and converges: " + outcome).isTrue();
            assertThat(settled).as("no endless relist loop").isTrue();
            assertThat(s.informer.lists() - listsBefore).as("relists caused by the 410").isBetween(1L, 2L);
            verification.assertNoViolations();
        }
    }
}
