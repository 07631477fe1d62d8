package dev.capstan.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.boot.actuate.CapstanEndpoint;
import dev.capstan.boot.actuate.CapstanHealthIndicator;
import dev.capstan.client.KubernetesClient;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.informer.Lister;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;

/**
 * Acceptance: the {@code capstan} health goes DOWN when the API server stops and UP again after it
 * restarted, with the informers resynced; in the readiness group only, liveness unaffected.
 */
@KubernetesTest
class HealthIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @KubernetesController(name = "watched")
    static class WatchedReconciler implements Reconciler<ConfigMap> {
        final Lister<ConfigMap> configMaps;

        WatchedReconciler(Lister<ConfigMap> configMaps) {
            this.configMaps = configMaps;
        }

        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    @Test
    void healthGoesDownWhileTheApiServerIsStoppedAndUpAgainWithTheInformersResynced(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) {
        String ns = namespace.name();
        try (KubernetesClient admin = ClusterSupport.admin(cluster, ns)) {
            ClusterSupport.application(cluster, ns)
                    .withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
                            HealthContributorAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
                            HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
                            AvailabilityProbesAutoConfiguration.class))
                    .withBean("watched", WatchedReconciler.class)
                    .withPropertyValues("capstan.informers.watch-down-bound=2s", "management.endpoint.health.probes.enabled=true",
                            "management.endpoint.health.group.readiness.include=readinessState,capstan")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
                        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                        CapstanHealthIndicator health = context.getBean(CapstanHealthIndicator.class);
                        HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                        assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);

                        plane.stopApiServer();
                        try {
                            await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.DOWN));
                            assertThat(health.health().getDetails().get("informers").toString()).contains("healthy=false", "lastError", "Connection refused");
                            assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
                            assertThat(endpoint.healthForPath("liveness").getStatus()).as("liveness ignores informers").isEqualTo(Status.UP);
                        } finally {
                            plane.startApiServer();
                        }
                        await().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
                        assertThat(endpoint.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);

                        // resynced: a change made after the restart reaches the cache
                        admin.resources(ConfigMap.class).create(ClusterSupport.configMap(ns, "after-restart", Map.of(), Map.of()));
                        WatchedReconciler reconciler = context.getBean(WatchedReconciler.class);
                        await().atMost(WAIT).until(() -> reconciler.configMaps.get(ns, "after-restart").isPresent());
                        await().atMost(WAIT).until(() -> context.getBean(CapstanEndpoint.class).capstan().controllers().get(0)
                                .lastReconcile() != null);
                    });
        }
    }
}
