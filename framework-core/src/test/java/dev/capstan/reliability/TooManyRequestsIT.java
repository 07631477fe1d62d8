package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.Fault;
import dev.capstan.testing.fault.InjectedResponse;
import dev.capstan.testing.fault.RequestKind;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A storm of 429 Too Many Requests (with Retry-After, as API Priority and Fairness sends them)
 * on the informer's watches while objects change. Proves: the informer backs off and watches
 * again without relisting (one list in total, counted by the proxy), loses nothing, and recovers.
 */
@KubernetesTest
class TooManyRequestsIT {
    /** A relist: a list, or a watch asking for initial events (a streaming list). */
    static final RequestMatcher RELISTS = RequestMatcher.lists("configmaps").or(r -> r.kind() == RequestKind.WATCH
            && r.resource().equals("configmaps") && "true".equals(r.query().get("sendInitialEvents")));

    @Test
    void aTooManyRequestsStormOnWatchesIsRiddenOutWithoutARelist(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) {
        try (Scenario s = new Scenario("throttled", cluster, namespace.name(), plane).startInformer(Scenario.fastReflector())) {
            for (int i = 0; i < 5; i++) {
                s.create("t" + i, "0");
            }
            s.awaitConvergence();
            assertThat(s.proxy.count(RELISTS)).as("the initial list").isEqualTo(1);

            Fault storm = s.proxy.inject(RequestMatcher.watches("configmaps"), InjectedResponse.tooManyRequests(Duration.ofSeconds(1)), 5);
            long injected = System.nanoTime();
            s.proxy.resetConnections(); // the open watch breaks; every re-watch meets the storm
            var writers = s.writers(2, 4, 3, 50);
            await().atMost(Scenario.WAIT).until(() -> storm.hits() == 5);
            Duration detect = Duration.ofNanos(System.nanoTime() - injected);
            long stormOver = System.nanoTime();
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= 40);
            writers.close();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - stormOver);

            InvariantChecker.Verification violations = s.verify().bounded("lists and streaming lists seen by the proxy", s.proxy.count(RELISTS), 1, 1)
                    ;
            Results.of("429 storm on watches", "5 × 429 (Retry-After 1 s) + 1 reset", s, violations, detect, recover).publish();
            s.verify().bounded("lists and streaming lists seen by the proxy", s.proxy.count(RELISTS), 1, 1)
                    .bounded("informer relists", s.informer.status().relists(), 0, 0).assertNoViolations();
        }
    }
}
