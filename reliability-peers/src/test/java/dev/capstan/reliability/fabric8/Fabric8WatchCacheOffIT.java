package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.invariant.InvariantChecker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code WatchCacheOffIT} against a fabric8 informer: kube-apiserver with
 * {@code --watch-cache=false} on a control plane of its own (no controllers), so every list and
 * watch is served by etcd. Same steps: 5 objects before the informer starts (does its first list,
 * {@code resourceVersion=0}, hold them?), 2 connection resets while 2 writers write (resumed
 * without a relist?), then a black hole, 3 changes, an etcd compaction and a reset (the re-watch
 * from the compacted revision gets 410 from etcd: how many relists?).
 */
@Tag("integration")
class Fabric8WatchCacheOffIT {
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    @Test
    void listWatchAndRelistWithoutTheWatchCache() {
        try (LocalControlPlane plane = LocalControlPlane.builder().controllers(List.of())
                .apiServerArgs(List.of("--watch-cache=false")).build().start()) {
            TestCluster cluster = TestCluster.of(plane);
            String namespace = "watch-cache-off";
            try (PeerScenario s = new PeerScenario("nocache", cluster, namespace, plane)) {
                s.direct.rest().call(RestRequest.of("POST", "/api/v1/namespaces").body(("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                        + "\"metadata\":{\"name\":\"" + namespace + "\"}}").getBytes(StandardCharsets.UTF_8), "application/json"));
                List<ConfigMap> objects = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    objects.add(s.create("c" + i, "0"));
                }
                s.startInformer();
                Map<String, String> firstList = s.informer.cache();
                Map<String, String> fresh = s.freshList();

                var writers = s.writers(2, 4, 51, 40);
                for (int i = 0; i < 2; i++) {
                    long watches = s.watchRequests();
                    long writes = writers.writes();
                    await().atMost(PeerScenario.WAIT).until(() -> writers.writes() > writes + 15);
                    s.proxy.resetConnections();
                    await().atMost(PeerScenario.WAIT).until(() -> s.watchRequests() > watches && s.informer.watching());
                }
                writers.close();
                boolean resumed = s.awaitConvergence(RECOVERY_BOUND);
                long relistsAfterResets = s.relists();

                long faulted = System.nanoTime();
                s.proxy.blackHole();
                s.delete(objects.get(0));
                s.update(objects.get(1), "changed");
                s.create("n0", "0");
                long compacted = plane.compactEtcd();
                int requestsBefore = s.proxy.requests().size();
                long watchesBefore = s.watchRequests();
                s.proxy.resetConnections();
                // the broken watch is replaced (the new request waits in the black hole) before the held events could flow
                await().atMost(PeerScenario.WAIT).until(() -> s.watchRequests() > watchesBefore);
                s.proxy.endBlackHole();
                boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
                String recover = recovered ? PeerResults.since(faulted) : "not within " + RECOVERY_BOUND.toSeconds() + " s";
                long relistsAfterCompaction = s.relists() - relistsAfterResets;

                InvariantChecker.Verification verification = s.verify();
                String outcome = s.outcome(recovered, RECOVERY_BOUND) + "; resets resumed " + (relistsAfterResets == 0 ? "without a relist"
                        : "after " + relistsAfterResets + " relist(s)") + "; 410 from etcd ⇒ " + relistsAfterCompaction + " relist(s)";
                PeerResults.of("watch cache off (--watch-cache=false)", "2 resets; compaction while partitioned (first list: plain)", s,
                        List.of(verification), "n/a", recover, outcome).publish();
                System.out.println("capstan reliability fabric8: watch cache off: compacted at " + compacted + "; requests after: "
                        + s.proxy.requests().subList(requestsBefore, s.proxy.requests().size()) + "; exceptions " + s.informer.exceptions()
                        + ", violations " + verification.violations());

                assertThat(firstList).as("the first list (resourceVersion 0) holds every write before it").isEqualTo(fresh);
                assertThat(resumed).as("fabric8 follows the writes across 2 resets").isTrue();
                assertThat(relistsAfterResets).as("resets resume the watch from etcd without a relist").isZero();
                assertThat(recovered).as("fabric8 recovers from the compaction: " + outcome).isTrue();
                assertThat(relistsAfterCompaction).as("410 from etcd ⇒ exactly one relist").isEqualTo(1);
                verification.assertNoViolations();
            }
        }
    }
}
