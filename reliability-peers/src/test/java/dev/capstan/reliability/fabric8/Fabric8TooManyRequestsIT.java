package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.Fault;
import dev.capstan.testing.fault.InjectedResponse;
import dev.capstan.testing.fault.ProxiedRequest;
import dev.capstan.testing.fault.RequestKind;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code TooManyRequestsIT} against a fabric8 informer: 5 × 429 Too Many
 * Requests with {@code Retry-After: 1} (what API Priority and Fairness sends) on the informer's
 * watches, after a connection reset, while 2 writers write. Records whether fabric8 relists and
 * how far apart its re-watches are (does it honour Retry-After?).
 */
@KubernetesTest
class Fabric8TooManyRequestsIT {
    /** A relist: a list, or a watch asking for initial events (a streaming list); as in Capstan's test. */
    static final RequestMatcher RELISTS = RequestMatcher.lists("configmaps").or(r -> r.kind() == RequestKind.WATCH
            && r.resource().equals("configmaps") && "true".equals(r.query().get("sendInitialEvents")));
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    @Test
    void aTooManyRequestsStormOnWatches(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (PeerScenario s = new PeerScenario("throttled", cluster, namespace.name(), plane).startInformer()) {
            for (int i = 0; i < 5; i++) {
                s.create("t" + i, "0");
            }
            assertThat(s.awaitConvergence(PeerScenario.WAIT)).as("synced before the fault").isTrue();
            assertThat(s.proxy.count(RELISTS)).as("the initial list").isEqualTo(1);

            int firstStormRequest = s.proxy.requests().size();
            Fault storm = s.proxy.inject(RequestMatcher.watches("configmaps"), InjectedResponse.tooManyRequests(RETRY_AFTER), 5);
            long injected = System.nanoTime();
            s.proxy.resetConnections(); // the open watch breaks; every re-watch meets the storm
            var writers = s.writers(2, 4, 3, 50);
            await().atMost(PeerScenario.WAIT).until(() -> storm.hits() == 5);
            String detect = PeerResults.since(injected);
            long stormOver = System.nanoTime();
            await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= 40);
            writers.close();
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(stormOver) : "not within " + RECOVERY_BOUND.toSeconds() + " s";

            // gaps between consecutive watch requests from the first refused one to the first accepted one
            List<ProxiedRequest> watches = s.proxy.requests().subList(firstStormRequest, s.proxy.requests().size()).stream()
                    .filter(r -> r.kind() == RequestKind.WATCH).limit(6).toList();
            List<Duration> gaps = new ArrayList<>();
            for (int i = 1; i < watches.size(); i++) {
                gaps.add(Duration.between(watches.get(i - 1).receivedAt(), watches.get(i).receivedAt()));
            }
            Duration shortest = gaps.stream().min(Duration::compareTo).orElse(Duration.ZERO);
            String gapText = gaps.stream().map(g -> String.format(Locale.ROOT, "%.1f", g.toMillis() / 1000.0)).collect(Collectors.joining(", "));
            long relistRequests = s.proxy.count(RELISTS) - 1;

            InvariantChecker.Verification verification = s.verify();
            String outcome = s.outcome(recovered, RECOVERY_BOUND) + "; re-watches " + gapText + " s apart ("
                    + (shortest.compareTo(RETRY_AFTER) >= 0 ? "Retry-After honoured" : "Retry-After not honoured") + ")";
            PeerResults row = PeerResults.of("429 storm on watches", "5 × 429 (Retry-After 1 s) + 1 reset", s, List.of(verification),
                    detect, recover, outcome).publish();
            System.out.println("capstan reliability fabric8: 429: lists/streaming lists after the first " + relistRequests
                    + ", exceptions " + s.informer.exceptions() + ", violations " + verification.violations());

            assertThat(storm.hits()).as("the proxy refused 5 watches").isEqualTo(5);
            assertThat(row.written()).as("writes recorded").isGreaterThanOrEqualTo(45);
            assertThat(recovered).as("fabric8 rides out a 429 storm: " + outcome).isTrue();
            assertThat(relistRequests).as("no relist").isZero();
            assertThat(shortest).as("fabric8 ignores Retry-After on a refused watch: re-watches " + gapText + " s apart")
                    .isLessThan(RETRY_AFTER);
            verification.assertNoViolations();
        }
    }
}
