package dev.capstan.reliability.fabric8;

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
 * framework-core's {@code LargeObjectIT} against a fabric8 informer: ConfigMaps holding a value of
 * 1,000,000 double quotes (1 MB stored, ~2 MB of JSON each), listed and watched; then the proxy
 * pads one watch event with JSON whitespace to 17 MiB (over Capstan's 16 MiB line limit). Records
 * whether the large objects flow, and what fabric8 does with the oversized event.
 */
@KubernetesTest
class Fabric8LargeObjectIT {
    static final int VALUE_CHARS = 1_000_000;
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    @Test
    void objectsOfTwoMebibytesAndAnEventOf17(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (PeerScenario s = new PeerScenario("large", cluster, namespace.name(), plane)) {
            s.padding = "\"".repeat(VALUE_CHARS);
            List<ConfigMap> objects = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                objects.add(s.create("l" + i, "0")); // listed
            }
            s.startInformer();
            for (int i = 3; i < 5; i++) {
                objects.add(s.create("l" + i, "0")); // watched
            }
            objects.set(0, s.update(objects.get(0), "1"));
            s.delete(objects.remove(1));
            boolean flowed = s.awaitConvergence(RECOVERY_BOUND);
            List<Integer> sizes = s.informer.informer().getStore().list().stream().map(o -> o.getData().get("pad").length()).toList();

            long lists = s.informer.lists();
            int reports = s.informer.exceptions().size();
            Fault oversized = s.proxy.corruptNextWatchEvent(RequestMatcher.watches("configmaps"), WatchCorruption.OVERSIZED);
            long injected = System.nanoTime();
            objects.set(0, s.update(objects.get(0), "2"));
            await().atMost(PeerScenario.WAIT).until(() -> !oversized.active());
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(injected) : "not within " + RECOVERY_BOUND.toSeconds() + " s";
            List<String> reported = s.informer.exceptions().subList(reports, s.informer.exceptions().size());
            long relists = s.informer.lists() - lists;

            InvariantChecker.Verification verification = s.verify();
            String outcome = s.outcome(recovered, RECOVERY_BOUND) + "; the 17 MiB event " + (reported.isEmpty() && relists == 0
                    ? "was accepted (no line limit): no error, no relist"
                    : "led to " + reported.size() + " error(s) and " + relists + " relist(s)");
            PeerResults.of("objects of ~2 MiB; one event of 17 MiB", "1 watch event padded past the 16 MiB line limit", s,
                    List.of(verification), reported.isEmpty() ? "n/a" : "reported", recover, outcome).publish();
            System.out.println("capstan reliability fabric8: large objects: pad sizes " + sizes + ", oversized event: exceptions " + reported
                    + ", relists " + relists + ", violations " + verification.violations());

            assertThat(flowed).as("objects of ~2 MiB flow through fabric8's list and watch").isTrue();
            assertThat(sizes).hasSize(4).allSatisfy(size -> assertThat(size).isEqualTo(VALUE_CHARS));
            assertThat(oversized.hits()).as("the proxy padded one event").isEqualTo(1);
            assertThat(recovered).as("fabric8 takes the 17 MiB event: " + outcome).isTrue();
            assertThat(reported).as("no error for a 17 MiB line").isEmpty();
            assertThat(relists).as("no relist").isZero();
            verification.assertNoViolations();
        }
    }
}
