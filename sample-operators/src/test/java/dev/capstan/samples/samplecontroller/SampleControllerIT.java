package dev.capstan.samples.samplecontroller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinition;
import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.apps.v1.DeploymentSpec;
import dev.capstan.api.core.v1.Container;
import dev.capstan.api.core.v1.PodSpec;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.events.v1.Event;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.controller.Manager;
import dev.capstan.crd.CrdGenerator;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventRecorderOptions;
import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The sample-controller flow against the real kube-apiserver: Foo → owned Deployment, replicas
 * followed, a deleted Deployment recreated, status copied back, Synced and ErrResourceExists
 * events. Wired with framework-core's {@link Manager}; the Spring Boot application wires the same
 * reconciler.
 */
@KubernetesTest
public class SampleControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aFooGetsItsDeploymentKeptInLineAndReportsBack(TestCluster cluster, TestNamespace namespace) throws Exception {
        try (KubernetesClient client = client(cluster, namespace.name())) {
            installCrd(client);
            EventRecorder events = EventRecorder.create(client, EventRecorderOptions.forController(FooReconciler.CONTROLLER_AGENT));
            try (Manager manager = Manager.create(client)) {
                manager.add(manager.controller("sample-controller", Foo.class)
                        .owns(Deployment.class)
                        .workers(2)
                        .reconciler(new FooReconciler(manager.informers().lister(Foo.class),
                                manager.informers().lister(Deployment.class), client, events))
                        .build());
                manager.start();

                ResourceClient<Foo> foos = client.resources(Foo.class).inNamespace(namespace.name());
                ResourceClient<Deployment> deployments = client.resources(Deployment.class).inNamespace(namespace.name());
                Foo foo = foos.create(Foo.of(namespace.name(), "example-foo", "example-foo-web", 1));

                await().atMost(WAIT).until(() -> deployments.find("example-foo-web").isPresent());
                Deployment created = deployments.get("example-foo-web");
                assertThat(created.spec().replicas()).isEqualTo(1);
                assertThat(FooReconciler.controlledBy(created, foo)).isTrue();
                await().atMost(WAIT).until(() -> Optional.ofNullable(foos.get("example-foo").status())
                        .map(Foo.FooStatus::availableReplicas).isPresent());

                Foo current = foos.get("example-foo");
                foos.update(new Foo(current.apiVersion(), current.kind(), current.metadata(), new Foo.FooSpec("example-foo-web", 3),
                        current.status()));
                await().atMost(WAIT).until(() -> deployments.get("example-foo-web").spec().replicas() == 3);

                String uid = deployments.get("example-foo-web").metadata().uid();
                deployments.delete("example-foo-web");
                await().atMost(WAIT).until(() -> deployments.find("example-foo-web")
                        .map(d -> !d.metadata().uid().equals(uid)).orElse(false));

                deployments.create(unowned(namespace.name(), "taken"));
                foos.create(Foo.of(namespace.name(), "squatter", "taken", 1));
                await().atMost(WAIT).until(() -> reasons(client, namespace.name(), "squatter").contains("ErrResourceExists"));
                await().atMost(WAIT).until(() -> reasons(client, namespace.name(), "example-foo").contains("Synced"));
                assertThat(FooReconciler.controlledBy(deployments.get("taken"), foos.get("squatter"))).isFalse();
            } finally {
                events.close(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void theSchemaRejectsNegativeReplicasAndAMissingDeploymentName(TestCluster cluster, TestNamespace namespace) {
        try (KubernetesClient client = client(cluster, namespace.name())) {
            installCrd(client);
            ResourceClient<Foo> foos = client.resources(Foo.class).inNamespace(namespace.name());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> foos.create(Foo.of(namespace.name(), "negative", "web", -1)))
                    .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isInvalid()).isTrue())
                    .hasMessageContaining("spec.replicas");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> foos.create(new Foo(Foo.API_VERSION, "Foo",
                            ObjectMeta.builder().namespace(namespace.name()).name("nameless").build(), new Foo.FooSpec(null, 1), null)))
                    .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isInvalid()).isTrue())
                    .hasMessageContaining("spec.deploymentName");
        }
    }

    private static List<String> reasons(KubernetesClient client, String namespace, String regarding) {
        return client.resources(Event.class).inNamespace(namespace).list().items().stream()
                .filter(e -> e.regarding() != null && regarding.equals(e.regarding().name()))
                .map(Event::reason).toList();
    }

    private static Deployment unowned(String namespace, String name) {
        Map<String, String> labels = Map.of("app", name);
        return Deployment.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name(name).build())
                .spec(DeploymentSpec.builder().replicas(1).selector(LabelSelector.builder().matchLabels(labels).build())
                        .template(PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(labels).build())
                                .spec(PodSpec.builder().containers(List.of(Container.builder().name("c").image("nginx").build())).build())
                                .build())
                        .build())
                .build();
    }

    static void installCrd(KubernetesClient client) {
        installCrd(client, Foo.class);
    }

    /** Installs the CRD generated from {@code type} (if missing) and waits until the server serves it. */
    public static void installCrd(KubernetesClient client, Class<? extends dev.capstan.api.KubernetesObject> type) {
        CustomResourceDefinition crd = KubernetesJson.fromTree(CrdGenerator.generate(type), CustomResourceDefinition.class);
        ResourceClient<CustomResourceDefinition> crds = client.resources(CustomResourceDefinition.class);
        try {
            crds.create(crd);
        } catch (KubernetesApiException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
        await().atMost(WAIT).until(() -> crds.get(crd.metadata().name()).status() != null
                && crds.get(crd.metadata().name()).status().conditions().stream()
                        .anyMatch(c -> c.type().equals("Established") && c.status().equals("True")));
        // served once discovery lists it: a list must succeed
        await().atMost(WAIT).ignoreExceptions().until(() -> client.resources(type).inAnyNamespace().list() != null);
    }

    public static KubernetesClient client(TestCluster cluster, String namespace) {
        ClusterCredentials c = cluster.credentials();
        Credentials credentials = c.bearerToken() != null
                ? new Credentials.BearerToken(c.bearerToken())
                : new Credentials.ClientCertificate(c.clientCertificatePem(), c.clientKeyPem());
        return KubernetesClient.create(new ClientConfig(cluster.server(), namespace,
                new TlsSettings(c.certificateAuthorityPem(), c.insecureSkipTlsVerify(), null),
                CredentialProvider.of(credentials), null, cluster.description()), RestOptions.defaults().withoutRateLimit());
    }
}
