package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.Fault;
import dev.capstan.testing.fault.InjectedResponse;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.fault.WatchCorruption;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the watch stream, injected by the proxy: malformed JSON, an event of the wrong
 * kind, a truncated chunk, an unexpected status code. Proves: each is reported (counted in the
 * informer's status errors, except a truncated stream, which is a broken connection resumed
 * from the last resourceVersion), the informer recovers by relisting, and its cache converges.
 */
@KubernetesTest
class BadInputIT {

    @Test
    void corruptedWatchEventsAreReportedAndRecoveredByARelist(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (Scenario s = new Scenario("badinput", cluster, namespace.name(), plane).startInformer(Scenario.fastReflector())) {
            ConfigMap object = s.create("b", "0");
            s.awaitConvergence();
            long started = System.nanoTime();
            int value = 0;
            for (WatchCorruption corruption : List.of(WatchCorruption.MALFORMED_JSON, WatchCorruption.WRONG_KIND)) {
                long errors = s.informer.status().errors();
                long lists = s.informer.status().lists();
                int reports = s.errors.size();
                Fault fault = s.proxy.corruptNextWatchEvent(RequestMatcher.watches("configmaps"), corruption);
                object = s.update(object, Integer.toString(++value));
                await().atMost(Scenario.WAIT).until(() -> !fault.active());
                s.awaitConvergence();
                assertThat(s.informer.status().errors()).as(corruption + " is counted").isGreaterThan(errors);
                assertThat(s.informer.status().lists()).as(corruption + " is recovered by a relist").isGreaterThan(lists);
                assertThat(s.errors.subList(reports, s.errors.size())).as(corruption + " is reported once").hasSize(1);
            }

            Fault truncated = s.proxy.corruptNextWatchEvent(RequestMatcher.watches("configmaps"), WatchCorruption.TRUNCATED);
            object = s.update(object, Integer.toString(++value));
            await().atMost(Scenario.WAIT).until(() -> !truncated.active());
            s.awaitConvergence();

            long errors = s.informer.status().errors();
            Fault teapot = s.proxy.inject(RequestMatcher.watches("configmaps"), InjectedResponse.status(418), 1);
            s.proxy.resetConnections();
            object = s.update(object, Integer.toString(++value));
            await().atMost(Scenario.WAIT).until(() -> teapot.hits() == 1);
            s.awaitConvergence();
            assertThat(s.informer.status().errors()).as("an unexpected status is counted").isGreaterThan(errors);
            Duration recover = Duration.ofNanos(System.nanoTime() - started);

            InvariantChecker.Verification violations = s.verify();
            Results.of("bad input on the watch", "malformed JSON, wrong kind, truncated chunk, HTTP 418", s, violations, null, recover)
                    .publish();
            s.verify().assertNoViolations();
        }
    }
}
