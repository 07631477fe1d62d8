package dev.capstan.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.boot.ClusterSupport.Recorder;
import dev.capstan.client.KubernetesClient;
import dev.capstan.controller.Manager;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;

/** Acceptance: two application contexts with leader election; only the leader reconciles; stop it and the other takes over. */
@KubernetesTest
class LeaderElectionStarterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @KubernetesController(name = "elected", labelSelector = "app=elected")
    static class ElectedReconciler implements Reconciler<ConfigMap> {
        private final Recorder recorder;
        private final String identity;

        ElectedReconciler(Recorder recorder, Environment environment) {
            this.recorder = recorder;
            this.identity = environment.getRequiredProperty("capstan.leader-election.identity");
        }

        @Override
        public Result reconcile(Request request) {
            recorder.record("elected", identity, request.key(), System.nanoTime());
            return Result.done();
        }
    }

    private static ApplicationContextRunner replica(TestCluster cluster, String namespace, String identity, Recorder recorder) {
        return ClusterSupport.application(cluster, namespace)
                .withBean(Recorder.class, () -> recorder)
                .withBean("elected", ElectedReconciler.class)
                .withPropertyValues("capstan.leader-election.enabled=true", "capstan.leader-election.lease-name=starter-elected",
                        "capstan.leader-election.lease-namespace=" + namespace, "capstan.leader-election.identity=" + identity,
                        "capstan.leader-election.lease-duration=3s", "capstan.leader-election.renew-deadline=2s",
                        "capstan.leader-election.retry-period=500ms");
    }

    @Test
    void onlyTheLeaderReconcilesAndTheOtherTakesOverWhenItsContextCloses(TestCluster cluster, TestNamespace namespace) {
        String ns = namespace.name();
        Recorder recorder = new Recorder();
        try (KubernetesClient admin = ClusterSupport.admin(cluster, ns)) {
            replica(cluster, ns, "replica-a", recorder).run(a -> {
                assertThat(a).hasNotFailed();
                await().atMost(WAIT).until(() -> a.getBean(Manager.class).isLeader());
                replica(cluster, ns, "replica-b", recorder).run(b -> {
                    assertThat(b).hasNotFailed();
                    admin.resources(ConfigMap.class).create(ClusterSupport.configMap(ns, "one", Map.of("app", "elected"), Map.of()));
                    await().atMost(WAIT).until(() -> recorder.count("elected", ns + "/one") > 0);
                    assertThat(b.getBean(Manager.class).isLeader()).isFalse();
                    assertThat(b.getBean(Manager.class).leaderIdentity()).contains("replica-a");
                    assertThat(recorder.reconciles).allMatch(r -> r.identity().equals("replica-a"));

                    a.close(); // SmartLifecycle stop: workers stop, the Lease is released
                    await().atMost(WAIT).until(() -> b.getBean(Manager.class).isLeader());
                    await().atMost(WAIT).until(() -> recorder.reconciles.stream().anyMatch(r -> r.identity().equals("replica-b")));
                    long lastOfA = recorder.reconciles.stream().filter(r -> r.identity().equals("replica-a"))
                            .mapToLong(Recorder.Reconcile::endNanos).max().orElseThrow();
                    long firstOfB = recorder.reconciles.stream().filter(r -> r.identity().equals("replica-b"))
                            .mapToLong(Recorder.Reconcile::startNanos).min().orElseThrow();
                    assertThat(lastOfA).as("no reconcile of the old leader overlaps the new one").isLessThan(firstOfB);
                });
            });
        }
    }
}
