package dev.capstan.reliability.fabric8;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code BadInputIT} against a fabric8 informer: malformed JSON, an event of the
 * wrong kind, a truncated chunk and an unexpected status (418) on the watch, in that order, one
 * update after each. Where fabric8's informer stops for good, the test records it and starts a
 * new informer for the next input (a user would have to do the same), so every input is probed.
 */
@KubernetesTest
class Fabric8BadInputIT {
    static final Duration PROBE_BOUND = Duration.ofSeconds(15);

    /** What one bad input did to the informer that received it. */
    record Probe(String input, String observer, boolean stopped, boolean converged, long relists, List<String> exceptions,
            String deliveredKind) {
        String text() {
            return input + ": " + (stopped ? "informer stopped" : converged ? (relists > 0 ? "recovered by a relist" : "no error, no relist")
                    : "not converged within " + PROBE_BOUND.toSeconds() + " s")
                    + (!stopped && deliveredKind != null && !deliveredKind.equals("ConfigMap") ? " (handler got kind " + deliveredKind + ")" : "");
        }
    }

    @Test
    void badInputOnTheWatch(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (PeerScenario s = new PeerScenario("badinput", cluster, namespace.name(), plane).startInformer()) {
            ConfigMap object = s.create("b", "0");
            assertThat(s.awaitConvergence(PeerScenario.WAIT)).as("synced before the fault").isTrue();
            long started = System.nanoTime();
            int value = 0;
            Map<String, Probe> probes = new LinkedHashMap<>();
            List<InvariantChecker.Verification> verifications = new ArrayList<>();
            for (WatchCorruption corruption : List.of(WatchCorruption.MALFORMED_JSON, WatchCorruption.WRONG_KIND, WatchCorruption.TRUNCATED)) {
                PeerInformer informer = s.informer;
                long lists = informer.lists();
                int exceptions = informer.exceptions().size();
                Fault fault = s.proxy.corruptNextWatchEvent(RequestMatcher.watches("configmaps"), corruption);
                object = s.update(object, Integer.toString(++value));
                await().atMost(PeerScenario.WAIT).until(() -> !fault.active());
                boolean converged = s.awaitConvergence(PROBE_BOUND);
                probes.put(corruption.name(), new Probe(corruption.name(), informer.observer(), informer.stopped(), converged,
                        informer.lists() - lists, informer.exceptions().subList(exceptions, informer.exceptions().size()), informer.lastKind()));
                if (informer.stopped() || !converged) {
                    verifications.add(s.verify(informer)); // what its user is left with
                    s.startInformer();
                }
            }

            PeerInformer informer = s.informer;
            long lists = informer.lists();
            int exceptions = informer.exceptions().size();
            Fault teapot = s.proxy.inject(RequestMatcher.watches("configmaps"), InjectedResponse.status(418), 1);
            s.proxy.resetConnections();
            object = s.update(object, Integer.toString(++value));
            await().atMost(PeerScenario.WAIT).until(() -> teapot.hits() == 1);
            boolean converged = s.awaitConvergence(PROBE_BOUND);
            probes.put("HTTP 418", new Probe("HTTP 418", informer.observer(), informer.stopped(), converged, informer.lists() - lists,
                    informer.exceptions().subList(exceptions, informer.exceptions().size()), informer.lastKind()));
            String recover = PeerResults.since(started);
            verifications.add(s.verify());

            String outcome = probes.values().stream().map(Probe::text).collect(Collectors.joining("; "));
            PeerResults row = PeerResults.of("bad input on the watch", "malformed JSON, wrong kind, truncated chunk, HTTP 418", s,
                    verifications, "n/a", recover, outcome).publish();
            probes.values().forEach(p -> System.out.println("capstan reliability fabric8: bad input: " + p));
            verifications.forEach(v -> System.out.println("capstan reliability fabric8: bad input: violations " + v.violations()));

            assertThat(row.written()).as("writes recorded").isEqualTo(5);
            assertThat(probes).hasSize(4);
            Probe malformed = probes.get("MALFORMED_JSON");
            assertThat(malformed.stopped()).as("malformed JSON stops fabric8's informer for good: " + malformed).isTrue();
            assertThat(malformed.exceptions()).as("reported to the exception handler once, as a WatcherException")
                    .singleElement().asString().startsWith("WatcherException");
            assertThat(row.lost()).as("the stopped informer's object never got its last update").isEqualTo(1);
            Probe wrongKind = probes.get("WRONG_KIND");
            assertThat(wrongKind.stopped() || !wrongKind.converged() || !wrongKind.exceptions().isEmpty() || wrongKind.relists() > 0)
                    .as("an event of the wrong kind is accepted without a word: " + wrongKind).isFalse();
            assertThat(wrongKind.deliveredKind()).as("and handed to the ConfigMap handler with the foreign kind").isEqualTo("Secret");
            Probe truncated = probes.get("TRUNCATED");
            assertThat(truncated.converged() && !truncated.stopped() && truncated.relists() == 0)
                    .as("a truncated stream is resumed from the last resourceVersion: " + truncated).isTrue();
            Probe teapot418 = probes.get("HTTP 418");
            assertThat(teapot418.converged() && !teapot418.stopped() && teapot418.relists() == 0)
                    .as("an unexpected status on a watch is retried: " + teapot418).isTrue();
            assertThat(teapot418.exceptions()).as("without reaching the exception handler").isEmpty();
            verifications.get(verifications.size() - 1).assertNoViolations();
        }
    }
}
