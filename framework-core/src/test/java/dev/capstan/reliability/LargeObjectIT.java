package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.Fault;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.fault.WatchCorruption;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Large objects. A ConfigMap holds at most 1 MiB of data (the API server's validation), and etcd
 * takes requests up to 1.5 MiB; but a value of 1,000,000 double quotes is stored as 1 MB and
 * travels as 2 MB of JSON (each quote escaped), so list responses and watch events carry
 * objects of about 2 MiB. Then the proxy pads one watch event to 17 MiB, over the client's
 * 16 MiB limit for one line. Proves: the large objects flow through list, watch and relist; the
 * oversized event is reported once as bad input with a message that says what happened, and is
 * recovered by a relist; nothing is lost.
 */
@KubernetesTest
class LargeObjectIT {
    static final int VALUE_CHARS = 1_000_000;

    @Test
    void objectsOfTwoMebibytesFlowAndAnOversizedEventIsRecoveredByARelist(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) {
        try (Scenario s = new Scenario("large", cluster, namespace.name(), plane)) {
            s.padding = "\"".repeat(VALUE_CHARS);
            List<ConfigMap> objects = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                objects.add(s.create("l" + i, "0")); // listed
            }
            s.startInformer(Scenario.fastReflector().withStreamingList(false));
            for (int i = 3; i < 5; i++) {
                objects.add(s.create("l" + i, "0")); // watched
            }
            objects.set(0, s.update(objects.get(0), "1"));
            s.delete(objects.remove(1));
            s.awaitConvergence();
            assertThat(s.informer.indexer().list()).allSatisfy(o -> assertThat(o.data().get("pad")).hasSize(VALUE_CHARS));

            long lists = s.informer.status().lists();
            int reports = s.errors.size();
            Fault oversized = s.proxy.corruptNextWatchEvent(RequestMatcher.watches("configmaps"), WatchCorruption.OVERSIZED);
            long injected = System.nanoTime();
            objects.set(0, s.update(objects.get(0), "2"));
            await().atMost(Scenario.WAIT).until(() -> !oversized.active() && s.errors.size() > reports);
            Duration detect = Duration.ofNanos(System.nanoTime() - injected);
            s.awaitConvergence();
            await().atMost(Scenario.WAIT).until(() -> s.informer.status().lists() > lists);
            Duration recover = Duration.ofNanos(System.nanoTime() - injected);
            List<String> reported = List.copyOf(s.errors.subList(reports, s.errors.size()));
            System.out.println("capstan reliability: oversized event reported as " + reported);

            InvariantChecker.Verification violations = s.verify();
            Results.of("objects of ~2 MiB; one event of 17 MiB", "1 watch event padded past the 16 MiB line limit", s, violations, detect,
                    recover).publish();
            s.verify().bounded("informer relists", s.informer.status().relists(), 1, 1).assertNoViolations();
            assertThat(reported).as("reported once, saying what was wrong").hasSize(1).first().asString()
                    .contains("exceeded 16777216 bytes").contains("watch configmaps");
        }
    }
}
