package dev.capstan.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.boot.ClusterSupport.Recorder;
import dev.capstan.client.KubernetesClient;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.informer.InformerStatus;
import dev.capstan.informer.Lister;
import dev.capstan.informer.SharedInformerFactory;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Acceptance: two controllers on ConfigMaps with the same selector share one informer and one watch connection. */
@KubernetesTest
class SharedInformerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @KubernetesController(name = "first", labelSelector = "app=shared")
    static class FirstReconciler implements Reconciler<ConfigMap> {
        private final Recorder recorder;
        final Lister<ConfigMap> configMaps;

        FirstReconciler(Recorder recorder, Lister<ConfigMap> configMaps) {
            this.recorder = recorder;
            this.configMaps = configMaps;
        }

        @Override
        public Result reconcile(Request request) {
            recorder.record("first", "", request.key(), System.nanoTime());
            return Result.done();
        }
    }

    @KubernetesController(name = "second", labelSelector = "app=shared")
    static class SecondReconciler implements Reconciler<ConfigMap> {
        private final Recorder recorder;
        final Lister<ConfigMap> configMaps;

        SecondReconciler(Recorder recorder, Lister<ConfigMap> configMaps) {
            this.recorder = recorder;
            this.configMaps = configMaps;
        }

        @Override
        public Result reconcile(Request request) {
            recorder.record("second", "", request.key(), System.nanoTime());
            return Result.done();
        }
    }

    @Test
    void twoControllersWithTheSameSelectorShareOneInformerAndOneWatch(TestCluster cluster, TestNamespace namespace) {
        String ns = namespace.name();
        Recorder recorder = new Recorder();
        try (KubernetesClient admin = ClusterSupport.admin(cluster, ns)) {
            long watchesBefore = ClusterSupport.openNamespacedConfigMapWatches(admin);
            ClusterSupport.application(cluster, ns)
                    .withBean(Recorder.class, () -> recorder)
                    .withBean("first", FirstReconciler.class)
                    .withBean("second", SecondReconciler.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        admin.resources(ConfigMap.class).create(ClusterSupport.configMap(ns, "one", Map.of("app", "shared"), Map.of()));
                        String key = ns + "/one";
                        await().atMost(WAIT).until(() -> recorder.count("first", key) > 0 && recorder.count("second", key) > 0);

                        // one informer in the process, which opened one watch (list and watch are one streaming request)
                        assertThat(context.getBean(SharedInformerFactory.class).status()).singleElement().satisfies(status -> {
                            assertThat(status.description()).isEqualTo("configmaps in namespace " + ns + " with labels app=shared");
                            assertThat(status.watches()).isEqualTo(1);
                        });
                        // both reconcilers' listers read that informer's cache
                        assertThat(context.getBean(FirstReconciler.class).configMaps.get(ns, "one")).isPresent();
                        assertThat(context.getBean(SecondReconciler.class).configMaps.get(ns, "one")).isPresent();
                        // and the API server sees one more open watch on namespaced ConfigMaps, not two
                        await().atMost(WAIT).until(() -> ClusterSupport.openNamespacedConfigMapWatches(admin) == watchesBefore + 1);
                        assertThat(context.getBean(SharedInformerFactory.class).status()).extracting(InformerStatus::watches).containsExactly(1L);
                    });
        }
    }
}
