package dev.capstan.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.coordination.v1.Lease;
import dev.capstan.api.coordination.v1.LeaseSpec;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.TestClients;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Electors on a real Lease of the test cluster, with short timings: lease 3 s, renew deadline
 * 2 s, retry 0.5 s. Every test records each candidate's terms on the real clock and checks that
 * no two overlap.
 */
@KubernetesTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderElectionIT {
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration RENEW = Duration.ofSeconds(2);
    static final Duration RETRY = Duration.ofMillis(500);
    /** Scheduling slack on a busy two-core machine. */
    static final Duration SLACK = Duration.ofMillis(500);

    private KubernetesClient clientA;
    private KubernetesClient clientB;
    private String namespace;
    private final List<LeaderElector> electors = new ArrayList<>();
    private LeadershipTerms terms;

    @BeforeAll
    void connect(TestCluster cluster, TestNamespace testNamespace) {
        namespace = testNamespace.name();
        clientA = TestClients.client(cluster, namespace);
        clientB = TestClients.client(cluster, namespace);
    }

    @BeforeEach
    void newTerms() {
        terms = new LeadershipTerms();
    }

    @AfterEach
    void closeElectors() {
        electors.forEach(LeaderElector::close);
        electors.clear();
        terms.assertNoOverlap();
    }

    @AfterAll
    void disconnect() {
        clientA.close();
        clientB.close();
    }

    @Test
    void twoCandidatesExactlyOneLeadsAndTheOtherTakesOverQuicklyWhenItCloses() {
        LeaderElector a = start(LeaderElector.create(clientA, config("handover", "a"), terms.callbacks("a")));
        LeaderElector b = start(LeaderElector.create(clientB, config("handover", "b"), terms.callbacks("b")));

        await().atMost(Duration.ofSeconds(20)).until(() -> terms.leading().size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> terms.leading().size() == 1 && a.isLeader() != b.isLeader());
        LeaderElector leader = a.isLeader() ? a : b;
        LeaderElector follower = leader == a ? b : a;
        Lease held = leases().get("handover");
        assertThat(held.spec().holderIdentity()).isEqualTo(leader.identity());
        assertThat(held.spec().leaseDurationSeconds()).isEqualTo(3);
        assertThat(held.spec().leaseTransitions()).isZero();
        assertThat(held.spec().acquireTime()).isNotNull();
        assertThat(held.spec().renewTime()).isAfterOrEqualTo(held.spec().acquireTime());
        assertThat(follower.leaderIdentity()).contains(leader.identity());

        leader.close();
        long closed = System.nanoTime();
        Lease released = leases().get("handover");
        assertThat(released.spec().holderIdentity()).isNullOrEmpty();
        assertThat(released.spec().leaseDurationSeconds()).isEqualTo(1);
        assertThat(released.spec().leaseTransitions()).as("release keeps the count").isZero();

        await().atMost(LEASE).until(() -> terms.leading().contains(follower.identity()));
        Duration takeover = Duration.ofNanos(terms.last(follower.identity()).start() - closed);
        System.out.printf("handover: %s led after %d ms%n", follower.identity(), takeover.toMillis());
        assertThat(takeover).as("the follower needs no lease expiry after a release").isLessThan(LEASE.minus(SLACK));
        assertThat(leases().get("handover").spec().leaseTransitions()).isEqualTo(1);
    }

    /**
     * The leader's lock calls start failing (its own network partition) while the other candidate
     * still reaches the server: the leader stops before its renew deadline, the other takes over
     * once the lease expired, and the old leader rejoins as a candidate and can win again.
     */
    @Test
    void aPartitionedLeaderStopsBeforeItsRenewDeadlineAndRejoinsWithoutOverlap() {
        PartitionableLock lockA = new PartitionableLock(ResourceLock.lease(clientA, namespace, "partition"));
        LeaderElector a = start(LeaderElector.builder(config("partition", "a")).lock(lockA).callbacks(terms.callbacks("a")).build());
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        LeaderElector b = start(LeaderElector.create(clientB, config("partition", "b"), terms.callbacks("b")));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> a.isLeader() && !b.isLeader());

        long lastSuccessBound = System.nanoTime(); // a's last successful renewal was sent before this
        lockA.partitioned.set(true);

        await().atMost(Duration.ofSeconds(10)).until(() -> terms.count("a") == 1 && !terms.last("a").open());
        Duration stoppedAfter = Duration.ofNanos(terms.lastClosed("a").end() - lastSuccessBound);
        assertThat(stoppedAfter).as("a stopped (work included) within the renew deadline").isLessThan(RENEW.plus(SLACK));
        await().atMost(Duration.ofSeconds(10)).until(() -> terms.leading().contains("b"));
        System.out.printf("partition: a stopped %d ms after its last possible renewal, b took over %d ms after that%n",
                stoppedAfter.toMillis(), (terms.last("b").start() - terms.lastClosed("a").end()) / 1_000_000);
        assertThat(terms.last("b").start()).isGreaterThan(terms.lastClosed("a").end());

        lockA.partitioned.set(false);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> b.isLeader() && !a.isLeader());
        assertThat(a.leaderIdentity()).as("a is a candidate again and sees b").contains("b");

        b.close();
        await().atMost(LEASE).until(() -> terms.leading().contains("a"));
        assertThat(terms.count("a")).isEqualTo(2);
        assertThat(leases().get("partition").spec().leaseTransitions()).isEqualTo(2);
    }

    @Test
    void updatesKeepTheLeasesLabelsAndAnnotations() {
        leases().create(Lease.builder()
                .metadata(ObjectMeta.builder().name("labelled").labels(Map.of("app", "shop")).annotations(Map.of("note", "kept")).build())
                .spec(LeaseSpec.builder().leaseTransitions(5).build())
                .build());
        LeaderElector a = start(LeaderElector.create(clientA, config("labelled", "a"), terms.callbacks("a")));
        await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
        await().atMost(Duration.ofSeconds(5)).until(() -> !leases().get("labelled").spec().renewTime()
                .equals(leases().get("labelled").spec().acquireTime()));

        Lease lease = leases().get("labelled");
        assertThat(lease.metadata().labels()).containsEntry("app", "shop");
        assertThat(lease.metadata().annotations()).containsEntry("note", "kept");
        assertThat(lease.spec().holderIdentity()).isEqualTo("a");
        assertThat(lease.spec().leaseTransitions()).isEqualTo(6);
    }

    /** The example of docs/leader-election.md, compiled and run. */
    @Test
    void theDocumentationExample() {
        KubernetesClient client = clientA;
        AtomicBoolean controllersRunning = new AtomicBoolean();
        // --- from the docs
        LeaderElectionConfig config = LeaderElectionConfig.defaults(namespace, "shop-operator")
                .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
        LeaderElector elector = LeaderElector.create(client, config, new LeaderCallbacks() {
            @Override
            public void onStartedLeading() {
                controllersRunning.set(true);    // start the controllers
            }

            @Override
            public void onStoppedLeading() {
                controllersRunning.set(false);   // stop them, and return once they stopped
            }

            @Override
            public void onNewLeader(String identity) {
                System.out.println("leader: " + identity);
            }
        });
        elector.start();
        // --- end
        electors.add(elector);
        await().atMost(Duration.ofSeconds(10)).until(controllersRunning::get);
        assertThat(elector.isLeader()).isTrue();
        assertThat(elector.identity()).contains("_");   // not in a pod: host name and a UUID
        elector.close();
        assertThat(controllersRunning).isFalse();
        assertThat(leases().get("shop-operator").spec().holderIdentity()).isNullOrEmpty();
    }

    // ---- harness -----------------------------------------------------------------------------

    private LeaderElectionConfig config(String lease, String identity) {
        return LeaderElectionConfig.defaults(namespace, lease).withIdentity(identity).withTimings(LEASE, RENEW, RETRY);
    }

    private LeaderElector start(LeaderElector elector) {
        electors.add(elector);
        elector.start();
        return elector;
    }

    private ResourceClient<Lease> leases() {
        return clientA.resources(Lease.class).inNamespace(namespace);
    }

    /** A lock whose calls fail while {@link #partitioned}, as if its process lost the network. */
    static final class PartitionableLock implements ResourceLock {
        final AtomicBoolean partitioned = new AtomicBoolean();
        private final ResourceLock delegate;

        PartitionableLock(ResourceLock delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Versioned> get() {
            check();
            return delegate.get();
        }

        @Override
        public Versioned create(LeaderElectionRecord record) {
            check();
            return delegate.create(record);
        }

        @Override
        public Versioned update(String resourceVersion, LeaderElectionRecord record) {
            check();
            return delegate.update(resourceVersion, record);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        private void check() {
            if (partitioned.get()) {
                throw new KubernetesApiException(describe() + ": connection refused (partitioned by the test)", 0, null, null);
            }
        }
    }
}
