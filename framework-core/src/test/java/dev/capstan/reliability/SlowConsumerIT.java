package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A slow consumer, twice.
 *
 * <ol>
 *   <li><b>A handler that blocks</b> (for seconds, while writers write): the reflector goes on
 *       reading the watch and the cache goes on following the server — handlers are fed from a
 *       buffer of their own — and once the handler is released every change reaches it.</li>
 *   <li><b>A connection too slow for the server</b>: the proxy caps the watch's bandwidth while
 *       writers update objects of 50 KB, so the API server's buffer for this watcher fills up and
 *       the server force-closes the watch (counted by kube-apiserver's
 *       {@code apiserver_terminated_watchers_total}). The informer watches again — from its last
 *       resourceVersion, or after a relist if that is gone from the watch cache — and, once the
 *       cap is lifted, converges; nothing is lost.</li>
 * </ol>
 */
@KubernetesTest
class SlowConsumerIT {

    @Test
    void aBlockedHandlerNeverBlocksTheReflectorAndAForceClosedWatchIsRecovered(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) throws InterruptedException {
        try (Scenario s = new Scenario("slow", cluster, namespace.name(), plane).startInformer(Scenario.fastReflector())) {
            // 1. the handler blocks
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            s.beforeDelivery = () -> {
                blocked.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            var writers = s.writers(2, 4, 31, 20);
            assertThat(blocked.await(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= 100);
            writers.close();
            // the cache follows the server while the handler is still stuck on its first delivery
            await().atMost(Scenario.WAIT).until(() -> s.cache().equals(s.freshList()));
            assertThat(release.getCount()).as("the handler is still blocked").isEqualTo(1);
            s.beforeDelivery = () -> { };
            release.countDown();
            s.awaitConvergence();

            // 2. the connection is too slow for the server
            long terminated = Fixtures.terminatedWatchers(s.direct);
            s.padding = "x".repeat(50_000);
            long watches = s.informer.status().watches();
            s.proxy.bandwidth(8 * 1024);
            long capped = System.nanoTime();
            var bulky = s.writers(3, 4, 32, 0);
            await().atMost(Scenario.WAIT).pollInterval(Duration.ofMillis(250)).until(() -> Fixtures.terminatedWatchers(s.direct) > terminated);
            Duration detect = Duration.ofNanos(System.nanoTime() - capped);
            bulky.close();
            s.proxy.bandwidth(0);
            long lifted = System.nanoTime();
            await().atMost(Scenario.WAIT).until(() -> s.informer.status().watches() > watches);
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - lifted);

            InvariantChecker.Verification violations = s.verify();
            Results.of("slow consumer: blocked handler, then watch force-closed by the server",
                    "handler blocked for " + writers.writes() + " writes; 8 KiB/s cap until the server closed the watch", s, violations,
                    detect, recover).publish();
            s.verify().bounded("informer relists", s.informer.status().relists(), 0, 2).assertNoViolations();
        }
    }
}
