package dev.capstan.samples.samplecontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample-controller as the Spring Boot application users deploy: the starter wires the same reconciler. */
@KubernetesTest
class SampleControllerApplicationIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theApplicationReconcilesFoosThroughTheStarter(TestCluster cluster, TestNamespace namespace) {
        try (KubernetesClient client = SampleControllerIT.client(cluster, namespace.name())) {
            SampleControllerIT.installCrd(client);
            try (ConfigurableApplicationContext application = new SpringApplicationBuilder(SampleControllerApplication.class)
                    .web(WebApplicationType.NONE)
                    .run("--capstan.client.kubeconfig=" + cluster.kubeconfig(),
                            "--capstan.informers.namespaces=" + namespace.name(),
                            "--capstan.leader-election.enabled=false")) {
                ResourceClient<Foo> foos = client.resources(Foo.class).inNamespace(namespace.name());
                ResourceClient<Deployment> deployments = client.resources(Deployment.class).inNamespace(namespace.name());
                Foo foo = foos.create(Foo.of(namespace.name(), "spring-foo", "spring-foo-web", 2));
                await().atMost(WAIT).until(() -> deployments.find("spring-foo-web").isPresent());
                assertThat(deployments.get("spring-foo-web").spec().replicas()).isEqualTo(2);
                assertThat(FooReconciler.controlledBy(deployments.get("spring-foo-web"), foo)).isTrue();
                await().atMost(WAIT).until(() -> Optional.ofNullable(foos.get("spring-foo").status()).isPresent());
            }
        }
    }
}
