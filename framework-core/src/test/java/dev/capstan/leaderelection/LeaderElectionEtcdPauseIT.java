package dev.capstan.leaderelection;

import static dev.capstan.leaderelection.LeaderElectionIT.LEASE;
import static dev.capstan.leaderelection.LeaderElectionIT.RENEW;
import static dev.capstan.leaderelection.LeaderElectionIT.RETRY;
import static dev.capstan.leaderelection.LeaderElectionIT.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.client.KubernetesClient;
import dev.capstan.client.TestClients;
import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.capstan.reliability.Results;
import dev.capstan.testing.invariant.InvariantChecker;
import dev.capstan.testing.invariant.Leadership;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The API server loses its storage: etcd is frozen (SIGSTOP), so every lock call hangs. The
 * leader must stop on its own clock, by its renew deadline, without any answer from the server,
 * and both candidates rejoin when etcd is back. Runs on a control plane of its own (no
 * controllers, so it starts in seconds) because freezing the shared one would stall other tests.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderElectionEtcdPauseIT {
    private LocalControlPlane controlPlane;
    private KubernetesClient clientA;
    private KubernetesClient clientB;

    @BeforeAll
    void startControlPlane() {
        controlPlane = LocalControlPlane.builder().controllers(List.of()).build().start();
        TestCluster cluster = new TestCluster() {
            @Override
            public String description() {
                return "private local control plane at " + controlPlane.server();
            }

            @Override
            public URI server() {
                return controlPlane.server();
            }

            @Override
            public Path kubeconfig() {
                return controlPlane.kubeconfig();
            }

            @Override
            public ClusterCredentials credentials() {
                return controlPlane.credentials();
            }
        };
        clientA = TestClients.client(cluster, "default");
        clientB = TestClients.client(cluster, "default");
    }

    @AfterAll
    void stopControlPlane() {
        if (clientA != null) {
            clientA.close();
            clientB.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void aLeaderCutOffFromStorageStopsByItsRenewDeadlineAndRejoinsWhenItIsBack() {
        LeadershipTerms terms = new LeadershipTerms();
        LeaderElectionConfig config = LeaderElectionConfig.defaults("default", "frozen").withTimings(LEASE, RENEW, RETRY);
        try (LeaderElector a = LeaderElector.create(clientA, config.withIdentity("a"), terms.callbacks("a"));
                LeaderElector b = LeaderElector.create(clientB, config.withIdentity("b"), terms.callbacks("b"))) {
            a.start();
            await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
            b.start();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> a.isLeader() && !b.isLeader());

            long frozen = System.nanoTime(); // a's last successful renewal was sent before this
            controlPlane.pauseEtcd();
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> !terms.last("a").open());
                Duration stoppedAfter = Duration.ofNanos(terms.lastClosed("a").end() - frozen);
                System.out.printf("etcd frozen: a stopped %d ms after its last possible renewal%n", stoppedAfter.toMillis());
                assertThat(stoppedAfter).as("stopped, work included, within the renew deadline").isLessThan(RENEW.plus(SLACK));
                assertThat(a.isLeader()).isFalse();
                assertThat(b.isLeader()).as("nobody can write while etcd is frozen").isFalse();
            } finally {
                controlPlane.resumeEtcd();
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> a.isLeader() || b.isLeader());
            LeaderElector winner = a.isLeader() ? a : b;
            LeaderElector other = winner == a ? b : a;
            winner.close(); // released: the other candidate, still in the election, wins at once
            await().atMost(LEASE).until(() -> terms.leading().contains(other.identity()));
            assertThat(terms.count("a") + terms.count("b")).isEqualTo(3);
        }
        terms.assertNoOverlap();
    }

    /**
     * The same fault, checked by the reliability suite's {@link InvariantChecker}: etcd stays
     * frozen well past the renew deadline (twice the lease), the leader steps down on its own
     * clock, both candidates rejoin when etcd is back, and no two leadership intervals overlap.
     * Publishes a row of the reliability report.
     */
    @Test
    void leadershipIntervalsRecordedByTheCheckerNeverOverlapAcrossAnEtcdPause() {
        InvariantChecker checker = InvariantChecker.create();
        Map<String, Instant> leading = new ConcurrentHashMap<>();
        LeaderElectionConfig config = LeaderElectionConfig.defaults("default", "frozen-checked").withTimings(LEASE, RENEW, RETRY);
        Duration frozenFor = LEASE.multipliedBy(2);
        Duration stepDown;
        Duration rejoin;
        try (LeaderElector a = LeaderElector.create(clientA, config.withIdentity("a"), recording("a", checker, leading));
                LeaderElector b = LeaderElector.create(clientB, config.withIdentity("b"), recording("b", checker, leading))) {
            a.start();
            await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
            b.start();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(4)).until(() -> a.isLeader() && !b.isLeader());

            long frozen = System.nanoTime();
            controlPlane.pauseEtcd();
            try {
                await().atMost(RENEW.plus(SLACK).plusSeconds(3)).until(() -> !leading.containsKey("a"));
                stepDown = Duration.ofNanos(System.nanoTime() - frozen);
                // stays frozen past the lease: nobody may lead meanwhile
                await().during(frozenFor.minus(stepDown)).atMost(frozenFor.plusSeconds(5)).until(leading::isEmpty);
            } finally {
                controlPlane.resumeEtcd();
            }
            long resumed = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> !leading.isEmpty());
            rejoin = Duration.ofNanos(System.nanoTime() - resumed);
            LeaderElector winner = a.isLeader() ? a : b;
            LeaderElector other = winner == a ? b : a;
            winner.close();
            await().atMost(LEASE).until(() -> leading.containsKey(other.identity()));
        }
        await().atMost(Duration.ofSeconds(5)).until(leading::isEmpty);
        List<Leadership> terms = checker.leaderships();
        System.out.println("capstan reliability: leadership terms " + terms);
        InvariantChecker.Verification verification = checker.verify().bounded("leadership terms", terms.size(), 3, 3);
        new Results("etcd paused past the renew deadline (2 candidates)", "etcd SIGSTOP for " + frozenFor.toSeconds()
                + " s (renew deadline " + RENEW.toSeconds() + " s); " + terms.size() + " leadership terms, "
                + verification.violations().size() + " overlapping", 0, 0, 0, stepDown, rejoin, 0, 0, 0).publish();
        verification.assertNoViolations();
        assertThat(stepDown).as("the leader stepped down within its renew deadline").isLessThan(RENEW.plus(SLACK).plusSeconds(1));
        assertThat(terms.get(0).identity()).isEqualTo("a");
    }

    /** Callbacks recording each term as an interval in the checker, from started to stopped leading. */
    private static LeaderCallbacks recording(String identity, InvariantChecker checker, Map<String, Instant> leading) {
        return new LeaderCallbacks() {
            @Override
            public void onStartedLeading() {
                leading.put(identity, Instant.now());
            }

            @Override
            public void onStoppedLeading() {
                Instant start = leading.get(identity);
                checker.led(identity, start, Instant.now());
                leading.remove(identity);
            }
        };
    }
}
