package dev.capstan.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Acceptance: a service account that may not list the resource makes startup fail fast, naming resource and verb. */
@KubernetesTest
class MissingRbacIT {

    @KubernetesController(name = "forbidden")
    static class ForbiddenReconciler implements Reconciler<ConfigMap> {
        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    @Test
    void startupFailsWithinTheSyncTimeoutNamingTheResourceAndTheVerb(TestCluster cluster, TestNamespace namespace) {
        String ns = namespace.name();
        String token;
        try (KubernetesClient admin = ClusterSupport.admin(cluster, ns)) {
            token = ClusterSupport.serviceAccountWithoutRights(admin, ns, "no-rights");
        }
        ClientConfig config = ClientConfig.builder().server(cluster.server())
                .certificateAuthorityPem(cluster.credentials().certificateAuthorityPem()).namespace(ns).token(token).build();
        long started = System.nanoTime();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CapstanAutoConfiguration.class))
                .withBean(KubernetesClient.class, () -> KubernetesClient.create(config, RestOptions.defaults()),
                        definition -> ((AbstractBeanDefinition) definition).setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD))
                .withBean("forbidden", ForbiddenReconciler.class)
                .withPropertyValues("capstan.informers.sync-timeout=5s", "capstan.informers.namespaces=" + ns)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("did not sync within 5 s")
                            .hasStackTraceContaining("configmaps in namespace " + ns)
                            .hasStackTraceContaining("403 Forbidden")
                            .hasStackTraceContaining("cannot list resource \"configmaps\"")
                            .hasStackTraceContaining("RBAC");
                    assertThat(context.getStartupFailure().toString()).doesNotContain(token);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails within the sync timeout, not hanging")
                .isLessThan(Duration.ofSeconds(30));
    }
}
