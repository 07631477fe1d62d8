package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.TestClients;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.invariant.InvariantChecker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kube-apiserver with {@code --watch-cache=false}, on a control plane of its own (no
 * controllers, so it starts in seconds): every list and watch is served by etcd. Proves the
 * informer's list/watch/relist semantics still hold: the first list (resourceVersion 0, which a
 * watch cache may answer from a stale cache) is served consistently by etcd and holds what was
 * written before (kube-apiserver v1.36 serves even the streaming list from etcd); watches resume after resets without a relist; a watch from a compacted revision
 * gets 410 from etcd and leads to exactly one relist; nothing is lost.
 */
@Tag("integration")
class WatchCacheOffIT {

    @Test
    void listWatchAndRelistHoldWithoutTheWatchCache() {
        try (LocalControlPlane plane = LocalControlPlane.builder().controllers(List.of())
                .apiServerArgs(List.of("--watch-cache=false")).build().start()) {
            TestCluster cluster = TestCluster.of(plane);
            String namespace = "watch-cache-off";
            try (KubernetesClient admin = TestClients.client(cluster, "default")) {
                admin.rest().call(RestRequest.of("POST", "/api/v1/namespaces").body(("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                        + "\"metadata\":{\"name\":\"" + namespace + "\"}}").getBytes(StandardCharsets.UTF_8), "application/json"));
            }
            try (Scenario s = new Scenario("nocache", cluster, namespace, plane)) {
                List<ConfigMap> objects = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    objects.add(s.create("c" + i, "0"));
                }
                s.startInformer(Scenario.fastReflector());
                assertThat(s.cache()).as("the first list (resourceVersion 0) holds every write before it").isEqualTo(s.freshList());
                boolean streaming = s.informer.status().streamingList(); // v1.36 serves it from etcd too

                Writers writers = new Writers(s, 2, 4, 51, 40);
                for (int i = 0; i < 2; i++) {
                    long watches = s.informer.status().watches();
                    long writes = writers.writes();
                    await().atMost(Scenario.WAIT).until(() -> writers.writes() > writes + 15);
                    s.proxy.resetConnections();
                    await().atMost(Scenario.WAIT).until(() -> s.informer.status().watches() > watches && s.informer.status().watching());
                }
                writers.close();
                s.awaitConvergence();
                assertThat(s.informer.status().relists()).as("resets resume the watch from etcd without a relist").isZero();

                long faulted = System.nanoTime();
                s.proxy.blackHole();
                s.delete(objects.get(0));
                s.update(objects.get(1), "changed");
                s.create("n0", "0");
                String before = s.informer.status().lastSyncResourceVersion();
                long compacted = plane.compactEtcd();
                int requestsBefore = s.proxy.requests().size();
                long watchesBefore = s.informer.status().watches();
                s.proxy.resetConnections();
                // the broken watch is replaced (the new request waits in the black hole) before the held events could flow
                await().atMost(Scenario.WAIT).until(() -> s.informer.status().watches() > watchesBefore);
                s.proxy.endBlackHole();
                s.awaitConvergence();
                Duration recover = Duration.ofNanos(System.nanoTime() - faulted);
                System.out.println("capstan reliability: watch cache off: synced at " + before + ", compacted at " + compacted
                        + "; requests after: " + s.proxy.requests().subList(requestsBefore, s.proxy.requests().size())
                        + "; errors " + s.errors);

                InvariantChecker.Verification violations = s.verify();
                Results.of("watch cache off (--watch-cache=false)", "2 resets; compaction while partitioned (first list: " + (streaming ? "streaming" : "paged") + ")", s, violations, null, recover)
                        .publish();
                s.verify().bounded("informer relists", s.informer.status().relists(), 1, 1).assertNoViolations();
            }
        }
    }
}
