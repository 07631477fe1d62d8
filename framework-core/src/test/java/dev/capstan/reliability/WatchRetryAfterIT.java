package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.Fault;
import dev.capstan.testing.fault.InjectedResponse;
import dev.capstan.testing.fault.ProxiedRequest;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 429 with Retry-After on a watch is honoured — the next watch no earlier than Retry-After —
 * and reported to the WatchErrorHandler. (The bug this test found: RestClient.openStream wrapped
 * the 429 as a code-0 "the stream broke" exception, so the reflector re-watched at once, with no
 * backoff, no Retry-After and no report.)
 */
@KubernetesTest
class WatchRetryAfterIT {

    @Test
    void aWatchRefusedWith429WaitsRetryAfterAndReportsIt(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (Scenario s = new Scenario("retryafter", cluster, namespace.name(), plane).startInformer(Scenario.fastReflector())) {
            int reports = s.errors.size();
            Fault storm = s.proxy.inject(RequestMatcher.watches("configmaps"), InjectedResponse.tooManyRequests(Duration.ofSeconds(2)), 3);
            long reset = System.nanoTime();
            s.proxy.resetConnections();
            await().atMost(Scenario.WAIT).until(() -> storm.hits() == 3 && s.informer.status().watching());
            Duration recover = Duration.ofNanos(System.nanoTime() - reset);
            List<ProxiedRequest> watches = s.proxy.requests().stream().filter(RequestMatcher.watches("configmaps")::matches).toList();
            List<ProxiedRequest> last = watches.subList(watches.size() - 4, watches.size()); // 3 refused + the one that got through
            for (int i = 1; i < last.size(); i++) {
                assertThat(Duration.between(last.get(i - 1).receivedAt(), last.get(i).receivedAt()))
                        .as("watch %d waited Retry-After after a 429", i).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            }
            assertThat(s.errors.size() - reports).as("each 429 is reported").isGreaterThanOrEqualTo(3);
            s.awaitConvergence();
            InvariantChecker.Verification verification = s.verify();
            // The row fabric8's Fabric8WatchRetryAfterIT pairs with (reliability-peers/run.sh).
            Results.of("429 with Retry-After 2 s on a watch", "3 × 429 (Retry-After 2 s) + 1 reset", s, verification, null, recover)
                    .publish();
            assertThat(s.informer.status().relists()).as("a refused watch is retried, not relisted").isZero();
            verification.assertNoViolations();
        }
    }
}
