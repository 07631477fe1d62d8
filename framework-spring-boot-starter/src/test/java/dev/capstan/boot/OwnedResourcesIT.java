package dev.capstan.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.apps.v1.DeploymentSpec;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Container;
import dev.capstan.api.core.v1.PodSpec;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.meta.v1.OwnerReference;
import dev.capstan.boot.ClusterSupport.Recorder;
import dev.capstan.client.DeletionOptions;
import dev.capstan.client.KubernetesClient;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.informer.Lister;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Acceptance: deleting an owned Deployment reconciles its owner; an {@code @Index} is queryable from the injected lister. */
@KubernetesTest
class OwnedResourcesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Keeps one Deployment {@code <name>-app}, controlled by each ConfigMap labelled app=owner. */
    @KubernetesController(name = "owner", owns = Deployment.class, labelSelector = "app=owner")
    static class OwnerReconciler implements Reconciler<ConfigMap> {
        final Lister<ConfigMap> configMaps;
        final Lister<Deployment> deployments;
        private final KubernetesClient client;
        private final Recorder recorder;

        OwnerReconciler(Lister<ConfigMap> configMaps, Lister<Deployment> deployments, KubernetesClient client, Recorder recorder) {
            this.configMaps = configMaps;
            this.deployments = deployments;
            this.client = client;
            this.recorder = recorder;
        }

        @Index("by-color")
        static List<String> byColor(ConfigMap configMap) {
            String color = configMap.data() == null ? null : configMap.data().get("color");
            return color == null ? List.of() : List.of(color);
        }

        @Override
        public Result reconcile(Request request) {
            recorder.record("owner", "", request.key(), System.nanoTime());
            Optional<ConfigMap> owner = configMaps.get(request.namespace(), request.name());
            if (owner.isEmpty()) {
                return Result.done();
            }
            String name = request.name() + "-app";
            if (deployments.get(request.namespace(), name).isEmpty()) {
                client.resources(Deployment.class).inNamespace(request.namespace()).create(deployment(owner.get(), name));
            }
            return Result.done();
        }

        private static Deployment deployment(ConfigMap owner, String name) {
            Map<String, String> labels = Map.of("app", name);
            return Deployment.builder()
                    .metadata(ObjectMeta.builder().namespace(owner.metadata().namespace()).name(name)
                            .ownerReferences(List.of(OwnerReference.builder().apiVersion("v1").kind("ConfigMap")
                                    .name(owner.metadata().name()).uid(owner.metadata().uid()).controller(true).build()))
                            .build())
                    .spec(DeploymentSpec.builder().replicas(0)
                            .selector(LabelSelector.builder().matchLabels(labels).build())
                            .template(PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(labels).build())
                                    .spec(PodSpec.builder().containers(List.of(Container.builder().name("app").image("nginx:latest").build()))
                                            .build())
                                    .build())
                            .build())
                    .build();
        }
    }

    @Test
    void deletingAnOwnedDeploymentReconcilesItsOwnerAndTheIndexAnswersThroughTheLister(TestCluster cluster, TestNamespace namespace) {
        String ns = namespace.name();
        Recorder recorder = new Recorder();
        try (KubernetesClient admin = ClusterSupport.admin(cluster, ns)) {
            ClusterSupport.application(cluster, ns)
                    .withBean(Recorder.class, () -> recorder)
                    .withBean("owner", OwnerReconciler.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        OwnerReconciler reconciler = context.getBean(OwnerReconciler.class);
                        admin.resources(ConfigMap.class).create(ClusterSupport.configMap(ns, "web", Map.of("app", "owner"),
                                Map.of("color", "blue")));
                        await().atMost(WAIT).until(() -> admin.resources(Deployment.class).inNamespace(ns).find("web-app").isPresent());

                        assertThat(reconciler.configMaps.byIndex("by-color", "blue")).extracting(c -> c.metadata().name())
                                .containsExactly("web");
                        assertThat(reconciler.configMaps.byIndex("by-color", "red")).isEmpty();

                        await().atMost(WAIT).until(() -> reconciler.deployments.get(ns, "web-app").isPresent());
                        String firstUid = admin.resources(Deployment.class).inNamespace(ns).get("web-app").metadata().uid();
                        long before = recorder.count("owner", ns + "/web");
                        admin.resources(Deployment.class).inNamespace(ns).delete("web-app", DeletionOptions.defaults());

                        await().atMost(WAIT).until(() -> recorder.count("owner", ns + "/web") > before);
                        await().atMost(WAIT).until(() -> admin.resources(Deployment.class).inNamespace(ns).find("web-app")
                                .map(d -> !d.metadata().uid().equals(firstUid)).orElse(false));
                    });
        }
    }
}
