package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.ProxiedRequest;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code WatchTimeoutIT} against a fabric8 informer: watches that end about
 * every second for a minute while 2 writers write (same writers, same duration property
 * {@code capstan.reliability.watchtimeout.duration}, default one minute).
 *
 * <p>A fabric8 informer asks the server for {@code timeoutSeconds = 2 × minTimeout} (600 s) and
 * ends each watch itself earlier, by its reflector's timer every {@code (1 + random) × minTimeout}
 * seconds ({@code Reflector.MIN_TIMEOUT}, 5 min). So kube-apiserver's
 * {@code --min-request-timeout} (which only applies to watches without {@code timeoutSeconds})
 * cannot shorten a fabric8 watch either, and the counterpart of Capstan's 1 s
 * {@code minWatchTimeout} is fabric8's own timer at 1 s, set through
 * {@link PeerInformer#watchTimer} (no public option). With it the reflector asks for
 * {@code timeoutSeconds=2} and closes each watch after 1 s (the truncation to whole seconds makes
 * it exactly 1 s): the watches end on the client's side, 1 s before the server would end them.
 * Records whether fabric8 resumes each watch without a relist and without an error.
 */
@KubernetesTest
class Fabric8WatchTimeoutIT {
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    /** How long the test watches the informer after the writers stopped (nothing changes, the watches keep ending). */
    static final Duration QUIET = Duration.ofSeconds(5);

    @Test
    void watchesEndingEverySecond(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        Duration duration = Duration.parse(System.getProperty("capstan.reliability.watchtimeout.duration", "PT60S"));
        try (PeerScenario s = new PeerScenario("watchtimeout", cluster, namespace.name(), plane).startInformer(i -> i.watchTimer(1))) {
            long watches = s.watchRequests();
            var writers = s.writers(2, 5, 9, 40);
            long started = System.nanoTime();
            await().atMost(duration.plus(PeerScenario.WAIT)).pollDelay(duration).until(() -> System.nanoTime() - started >= duration.toNanos());
            writers.close();
            long stopped = System.nanoTime();
            long ended = s.watchRequests() - watches;
            long relistsWhileWriting = s.relists();
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(stopped) : "not within " + RECOVERY_BOUND.toSeconds() + " s";
            // then nothing changes: each 1 s watch now ends without a message (fabric8 treats a clean end without a message
            // within 2 s as "resourceVersion too old"; does the client-side close count as one?)
            long relistsBeforeQuiet = s.relists();
            long watchesBeforeQuiet = s.watchRequests();
            boolean quietWithoutRelist = PeerScenario.holdsFor(QUIET, () -> s.relists() == relistsBeforeQuiet);
            long quietWatches = s.watchRequests() - watchesBeforeQuiet;
            Set<String> timeouts = s.proxy.requests().stream().filter(RequestMatcher.watches("configmaps")::matches)
                    .map(ProxiedRequest::query).map(q -> String.valueOf(q.get("timeoutSeconds"))).collect(Collectors.toSet());
            long listRequests = s.proxy.count(Fabric8TooManyRequestsIT.RELISTS);

            InvariantChecker.Verification verification = s.verify();
            List<String> exceptions = s.informer.exceptions();
            String outcome = s.outcome(recovered, RECOVERY_BOUND) + "; " + (s.relists() == 0 ? "no relist" : s.relists() + " relists")
                    + " (also in " + QUIET.toSeconds() + " s without events after), "
                    + (exceptions.isEmpty() ? "no error reported" : exceptions.size() + " errors reported");
            PeerResults row = PeerResults.of("watch timeouts every 1–2 s",
                    ended + " watches ended by fabric8's own 1 s timer in " + duration.toSeconds() + " s", s, List.of(verification), "n/a",
                    recover, outcome).publish();
            System.out.println("capstan reliability fabric8: watch timeout: " + ended + " watches, " + writers.writes() + " writes, relists "
                    + relistsWhileWriting + " while writing and " + s.relists() + " in all, lists seen by the proxy " + listRequests
                    + ", quiet for " + QUIET.toSeconds() + " s: " + quietWatches + " watches, no relist " + quietWithoutRelist
                    + ", timeoutSeconds asked " + timeouts + ", exceptions " + exceptions + ", violations " + verification.violations());

            assertThat(timeouts).as("fabric8 asks for timeoutSeconds = 2 × its watch timer").containsExactly("2");
            assertThat(row.written()).as("writes recorded").isGreaterThanOrEqualTo(100);
            assertThat(ended).as("watches opened (one per second)").isBetween(duration.toSeconds() / 3, duration.toSeconds() + 5);
            assertThat(recovered).as("fabric8 keeps up with watches ending every second: " + outcome).isTrue();
            assertThat(relistsWhileWriting).as("each watch is resumed from the last resourceVersion while events flow").isZero();
            assertThat(quietWatches).as("the 1 s timer goes on ending watches when nothing changes").isGreaterThanOrEqualTo(QUIET.toSeconds() / 2);
            assertThat(quietWithoutRelist).as("a watch ended by fabric8's timer without a message is not taken for a stale resourceVersion")
                    .isTrue();
            assertThat(listRequests).as("lists seen by the proxy").isEqualTo(1 + s.relists());
            assertThat(exceptions).as("a watch that fabric8 ends itself is no error").isEmpty();
            verification.assertNoViolations();
        }
    }
}
