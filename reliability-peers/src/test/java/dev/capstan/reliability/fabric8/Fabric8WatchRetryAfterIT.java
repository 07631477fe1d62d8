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
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code WatchRetryAfterIT} against a fabric8 informer: after a connection
 * reset, the next 3 watches are refused with 429 and {@code Retry-After: 2}. Capstan waits
 * Retry-After before each re-watch and reports each 429 to its WatchErrorHandler; this records
 * how far apart fabric8's re-watches are and whether the informer hears of the refusals.
 *
 * <p>What fabric8 7.9.0 does (from its code, and its debug log in this test): its HTTP client
 * retries a 429 itself ({@code requestRetryBackoffInterval} 100 ms, doubling, up to
 * {@code requestRetryBackoffLimit} 10 attempts) before the watch manager sees it. It reads the
 * {@code Retry-After} header and logs "retrying after 2000 millis", but
 * {@code AsyncUtils.retryWithExponentialBackoff} then schedules the retry after its own backoff
 * interval, not after the value it computed: Retry-After is read and dropped.
 */
@KubernetesTest
class Fabric8WatchRetryAfterIT {
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** The bound Capstan's test allows for "waited Retry-After" (scheduling slack). */
    static final Duration WAITED = Duration.ofMillis(1900);

    @Test
    void aWatchRefusedWith429(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        try (PeerScenario s = new PeerScenario("retryafter", cluster, namespace.name(), plane).startInformer()) {
            int reports = s.informer.exceptions().size();
            long watchesBefore = s.watchRequests();
            Fault storm = s.proxy.inject(RequestMatcher.watches("configmaps"), InjectedResponse.tooManyRequests(RETRY_AFTER), 3);
            long reset = System.nanoTime();
            s.proxy.resetConnections();
            // 3 refused watches and the one that got through
            await().atMost(PeerScenario.WAIT).until(() -> storm.hits() == 3 && s.watchRequests() >= watchesBefore + 4);
            String recover = PeerResults.since(reset);
            List<ProxiedRequest> watches = s.proxy.requests().stream().filter(RequestMatcher.watches("configmaps")::matches).toList();
            List<ProxiedRequest> last = watches.subList((int) watchesBefore, (int) watchesBefore + 4);
            List<Duration> gaps = new ArrayList<>();
            for (int i = 1; i < last.size(); i++) {
                gaps.add(Duration.between(last.get(i - 1).receivedAt(), last.get(i).receivedAt()));
            }
            Duration shortest = gaps.stream().min(Duration::compareTo).orElseThrow();
            String gapText = gaps.stream().map(g -> String.format(Locale.ROOT, "%.1f", g.toMillis() / 1000.0)).collect(Collectors.joining(", "));
            boolean converged = s.awaitConvergence(Duration.ofSeconds(30));
            List<String> reported = s.informer.exceptions().subList(reports, s.informer.exceptions().size());

            InvariantChecker.Verification verification = s.verify();
            String outcome = s.outcome(converged, Duration.ofSeconds(30)) + "; re-watches " + gapText + " s apart ("
                    + (shortest.compareTo(WAITED) >= 0 ? "Retry-After honoured" : "Retry-After not honoured") + "); "
                    + (reported.isEmpty() ? "no 429 reported to the informer" : reported.size() + " reported");
            PeerResults.of("429 with Retry-After 2 s on a watch", "3 × 429 (Retry-After 2 s) + 1 reset", s, List.of(verification), "n/a",
                    recover, outcome).publish();
            System.out.println("capstan reliability fabric8: retry-after: exceptions " + reported + ", relists " + s.relists()
                    + ", violations " + verification.violations());

            assertThat(storm.hits()).as("the proxy refused 3 watches").isEqualTo(3);
            assertThat(shortest).as("fabric8 ignores Retry-After on a refused watch: re-watches " + gapText + " s apart").isLessThan(WAITED);
            assertThat(reported).as("the watch manager retries a 429 without telling the informer").isEmpty();
            assertThat(converged).as("the informer is still running and in sync: " + outcome).isTrue();
            assertThat(s.relists()).as("no relist").isZero();
            verification.assertNoViolations();
        }
    }
}
