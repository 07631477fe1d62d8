package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Watches that time out about every second for a minute while writers write. Proves: each
 * watch that the server ends is resumed from the last resourceVersion — no relist (the proxy
 * sees exactly one list), no error reported — and nothing is lost.
 *
 * <p>The server ends a watch at the {@code timeoutSeconds} the client asked for; only a watch
 * without one gets a timeout drawn from kube-apiserver's {@code --min-request-timeout}. The
 * reflector always asks (like client-go's), so the scenario sets the reflector's
 * {@code minWatchTimeout} to 1 s: each watch asks for 1–2 s. Running kube-apiserver with
 * {@code --min-request-timeout=1} would change nothing for it.
 *
 * <p>{@code -Dcapstan.reliability.watchtimeout.duration=PT5M} runs it longer (default one minute).
 */
@KubernetesTest
class WatchTimeoutIT {

    @Test
    void watchesEndingEverySecondAreResumedWithoutARelist(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        Duration duration = Duration.parse(System.getProperty("capstan.reliability.watchtimeout.duration", "PT60S"));
        try (Scenario s = new Scenario("watchtimeout", cluster, namespace.name(), plane)
                .startInformer(Scenario.fastReflector().withMinWatchTimeout(Duration.ofSeconds(1)))) {
            long watches = s.informer.status().watches();
            Writers writers = new Writers(s, 2, 5, 9, 40);
            long started = System.nanoTime();
            await().atMost(duration.plus(Scenario.WAIT)).pollDelay(duration).until(() -> System.nanoTime() - started >= duration.toNanos());
            writers.close();
            long stopped = System.nanoTime();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - stopped);
            long timedOut = s.informer.status().watches() - watches;
            System.out.println("capstan reliability: watch timeout: " + timedOut + " watches in " + duration.toSeconds() + " s, "
                    + writers.writes() + " writes");

            InvariantChecker.Verification violations = s.verify();
            Results.of("watch timeouts every 1–2 s", timedOut + " watches ended by the server in " + duration.toSeconds() + " s", s,
                    violations, null, recover).publish();
            s.verify().bounded("informer relists", s.informer.status().relists(), 0, 0)
                    .bounded("lists and streaming lists seen by the proxy", s.proxy.count(TooManyRequestsIT.RELISTS), 1, 1)
                    .bounded("watches opened (one per 1–2 s)", timedOut, duration.toSeconds() / 3, duration.toSeconds() + 5)
                    .assertNoViolations();
            assertThat(s.errors).as("a watch the server ends is no error").isEmpty();
        }
    }
}
