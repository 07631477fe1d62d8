package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.reliability.Fixtures;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code SlowConsumerIT} against a fabric8 informer, with the same two parts:
 * <ol>
 *   <li>the handler blocks (on its first delivery) while 2 writers make 100 writes: does the cache
 *       keep following the server, and does every change reach the handler once it is released?</li>
 *   <li>the proxy caps the watch at 8 KiB/s while 3 writers update 50 KB objects, until
 *       kube-apiserver force-closes the watch ({@code apiserver_terminated_watchers_total} rises);
 *       then the cap is lifted: does fabric8 watch again and converge?</li>
 * </ol>
 */
@KubernetesTest
class Fabric8SlowConsumerIT {
    static final Duration FOLLOW_BOUND = Duration.ofSeconds(30);
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

    @Test
    void aBlockedHandlerAndAForceClosedWatch(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane)
            throws InterruptedException {
        try (PeerScenario s = new PeerScenario("slow", cluster, namespace.name(), plane).startInformer()) {
            // 1. the handler blocks
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            s.informer.beforeDelivery = () -> {
                blocked.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            var writers = s.writers(2, 4, 31, 20);
            assertThat(blocked.await(60, TimeUnit.SECONDS)).as("the handler got its first delivery").isTrue();
            await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= 100);
            writers.close();
            // does the cache follow the server while the handler is still stuck on its first delivery?
            boolean cacheFollowed = PeerScenario.awaitOrGiveUp(FOLLOW_BOUND, () -> s.informer.cache().equals(s.freshList()));
            boolean stillBlocked = release.getCount() == 1;
            s.informer.beforeDelivery = () -> { };
            release.countDown();
            boolean caughtUp = s.awaitConvergence(RECOVERY_BOUND);
            InvariantChecker.Verification afterBlock = s.verify();
            long relistsAfterBlock = s.relists();

            // 2. the connection is too slow for the server
            long terminated = Fixtures.terminatedWatchers(s.direct);
            s.padding = "x".repeat(50_000);
            long watches = s.watchRequests();
            s.proxy.bandwidth(8 * 1024);
            long capped = System.nanoTime();
            var bulky = s.writers(3, 4, 32, 0);
            boolean forceClosed = PeerScenario.awaitOrGiveUp(PeerScenario.WAIT, Duration.ofMillis(250),
                    () -> Fixtures.terminatedWatchers(s.direct) > terminated);
            String detect = forceClosed ? PeerResults.since(capped) : "not within " + PeerScenario.WAIT.toSeconds() + " s";
            bulky.close();
            s.proxy.bandwidth(0);
            long lifted = System.nanoTime();
            boolean rewatched = PeerScenario.awaitOrGiveUp(RECOVERY_BOUND, () -> s.watchRequests() > watches);
            boolean recovered = s.awaitConvergence(RECOVERY_BOUND);
            String recover = recovered ? PeerResults.since(lifted) : "not within " + RECOVERY_BOUND.toSeconds() + " s";

            InvariantChecker.Verification verification = s.verify();
            String outcome = (cacheFollowed ? "cache followed the server while the handler was blocked" : "cache stalled behind the blocked handler")
                    + ", every change delivered after the release; force-closed watch: " + s.outcome(recovered, RECOVERY_BOUND)
                    + (s.relists() == relistsAfterBlock ? " without a relist" : " after " + (s.relists() - relistsAfterBlock) + " relist(s)");
            PeerResults row = PeerResults.of("slow consumer: blocked handler, then watch force-closed by the server",
                    "handler blocked for " + writers.writes() + " writes; 8 KiB/s cap until the server closed the watch", s,
                    List.of(verification), detect, recover, outcome).publish();
            System.out.println("capstan reliability fabric8: slow consumer: still blocked when the cache was checked " + stillBlocked
                    + ", relists after part 1 " + relistsAfterBlock + ", watch requests during part 2 " + (s.watchRequests() - watches)
                    + ", exceptions " + s.informer.exceptions() + ", violations " + afterBlock.violations() + " / " + verification.violations());

            assertThat(stillBlocked).as("the handler was still blocked when the cache was compared").isTrue();
            assertThat(cacheFollowed).as("fabric8's cache follows the server while the handler is blocked").isTrue();
            assertThat(caughtUp).as("every change reached the handler after the release").isTrue();
            afterBlock.assertNoViolations();
            assertThat(relistsAfterBlock).as("no relist while the handler was blocked").isZero();
            assertThat(forceClosed).as("kube-apiserver force-closed the slow watch").isTrue();
            assertThat(rewatched).as("fabric8 watched again").isTrue();
            assertThat(recovered).as("fabric8 converges once the cap is lifted: " + outcome).isTrue();
            assertThat(s.relists()).as("relists").isBetween(0L, 2L);
            verification.assertNoViolations();
        }
    }
}
