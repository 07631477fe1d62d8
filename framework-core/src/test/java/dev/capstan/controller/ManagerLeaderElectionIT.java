package dev.capstan.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.TestClients;
import dev.capstan.informer.InformerSelection;
import dev.capstan.leaderelection.LeaderElectionConfig;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Two managers on one lease: only the leader reconciles; when it stops, the other takes over. */
@KubernetesTest
class ManagerLeaderElectionIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    record Reconcile(String identity, String key, long startNanos, long endNanos) {}

    @Test
    void onlyTheLeaderReconcilesAndTheOtherTakesOverWhenItStops(TestCluster cluster, TestNamespace namespace) throws Exception {
        List<Reconcile> reconciles = new CopyOnWriteArrayList<>();
        try (KubernetesClient clientA = TestClients.client(cluster, namespace.name());
                KubernetesClient clientB = TestClients.client(cluster, namespace.name())) {
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry registryA =
                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry registryB =
                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            Manager a = manager(clientA, namespace.name(), "replica-a", reconciles, registryA);
            Manager b = manager(clientB, namespace.name(), "replica-b", reconciles, registryB);
            try {
                a.start();
                await().atMost(WAIT).until(a::isLeader);
                b.start();
                clientA.resources(ConfigMap.class).create(ConfigMap.builder()
                        .metadata(ObjectMeta.builder().namespace(namespace.name()).name("one").labels(Map.of("app", "le")).build())
                        .build());
                await().atMost(WAIT).until(() -> reconciles.stream().anyMatch(r -> r.key().endsWith("/one")));
                assertThat(b.isLeader()).isFalse();
                assertThat(b.leaderIdentity()).contains("replica-a");
                assertThat(reconciles).allMatch(r -> r.identity().equals("replica-a"));
                assertThat(registryA.scrape()).contains("leader_election_master_status{name=\"le-test\"} 1.0");
                await().atMost(WAIT).until(() -> registryB.scrape().contains("leader_election_master_status{name=\"le-test\"} 0.0"));

                a.close(); // stops its workers, then releases the lease
                long closedAt = System.nanoTime();
                await().atMost(WAIT).until(b::isLeader);
                // the new leader queues every primary object once when its workers start
                await().atMost(WAIT).until(() -> reconciles.stream().anyMatch(r -> r.identity().equals("replica-b")));
                long lastOfA = reconciles.stream().filter(r -> r.identity().equals("replica-a")).mapToLong(Reconcile::endNanos).max().orElseThrow();
                long firstOfB = reconciles.stream().filter(r -> r.identity().equals("replica-b")).mapToLong(Reconcile::startNanos).min().orElseThrow();
                assertThat(lastOfA).as("no reconcile of the old leader overlaps the new one").isLessThan(firstOfB);
                assertThat(Duration.ofNanos(firstOfB - closedAt)).as("released, so no wait for expiry").isLessThan(Duration.ofSeconds(3));
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static Manager manager(KubernetesClient client, String namespace, String identity, List<Reconcile> reconciles,
            io.micrometer.core.instrument.MeterRegistry registry) throws InterruptedException {
        Manager manager = Manager.builder(client)
                .meterRegistry(registry)
                .leaderElection(LeaderElectionConfig.defaults(namespace, "le-test").withIdentity(identity)
                        .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500)))
                .build();
        manager.add(manager.controller("le-" + identity, ConfigMap.class)
                .selection(InformerSelection.namespaces(namespace).withLabelSelector("app=le"))
                .reconciler(request -> {
                    long start = System.nanoTime();
                    reconciles.add(new Reconcile(identity, request.key(), start, System.nanoTime()));
                    return Result.done();
                })
                .build());
        return manager;
    }
}
