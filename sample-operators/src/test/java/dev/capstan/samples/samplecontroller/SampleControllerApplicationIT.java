package dev.capstan.samples.samplecontroller;

import static dev.capstan.samples.SampleClusters.eventReasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.apps.v1.DeploymentSpec;
import dev.capstan.api.core.v1.Container;
import dev.capstan.api.core.v1.PodSpec;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.rest.PatchType;
import dev.capstan.samples.SampleClusters;
import dev.capstan.samples.SampleClusters.CapturedLog;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample-controller as the Spring Boot application users deploy (the starter wires
 * {@link FooReconciler}, with its generation filter), against the test cluster: the local
 * control plane, or k3s / an existing cluster when selected (see testing-support). One
 * application serves every test of the class, as one operator serves a cluster.
 */
@KubernetesTest
class SampleControllerApplicationIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static KubernetesClient client;
    private static ConfigurableApplicationContext application;
    private static ResourceClient<Foo> foos;
    private static ResourceClient<Deployment> deployments;
    private static String namespace;

    @BeforeAll
    static void startTheApplication(TestCluster cluster, TestNamespace testNamespace) {
        namespace = testNamespace.name();
        client = SampleControllerIT.client(cluster, namespace);
        SampleControllerIT.installCrd(client);
        application = new SpringApplicationBuilder(SampleControllerApplication.class)
                .web(WebApplicationType.NONE)
                .run("--capstan.client.kubeconfig=" + cluster.kubeconfig(),
                        "--capstan.informers.namespaces=" + namespace);
        foos = client.resources(Foo.class).inNamespace(namespace);
        deployments = client.resources(Deployment.class).inNamespace(namespace);
    }

    @AfterAll
    static void stopTheApplication() {
        if (application != null) {
            application.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void theApplicationHasItsOwnName() {
        assertThat(application.getEnvironment().getProperty("spring.application.name")).isEqualTo("sample-controller");
    }

    @Test
    void aFooGetsAnOwnedDeploymentThatFollowsItsSpecAndIsCollectedWithIt() {
        Foo foo = foos.create(Foo.of(namespace, "web", "web-deployment", 2));

        await().atMost(WAIT).until(() -> deployments.find("web-deployment").isPresent());
        Deployment created = deployments.get("web-deployment");
        assertThat(created.spec().replicas()).isEqualTo(2);
        assertThat(created.metadata().ownerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.kind()).isEqualTo("Foo");
            assertThat(owner.apiVersion()).isEqualTo(Foo.API_VERSION);
            assertThat(owner.name()).isEqualTo("web");
            assertThat(owner.uid()).isEqualTo(foo.metadata().uid());
            assertThat(owner.controller()).isTrue();
        });
        await().atMost(WAIT).untilAsserted(() -> {
            Foo current = foos.get("web");
            assertThat(current.status()).isNotNull();
            assertThat(current.status().availableReplicas()).isNotNull();
            Condition ready = readyOf(current);
            assertThat(ready.status()).isEqualTo("True");
            assertThat(ready.reason()).isEqualTo(FooReconciler.REASON_SYNCED);
            assertThat(ready.observedGeneration()).isEqualTo(current.metadata().generation());
        });
        await().atMost(WAIT).until(() -> eventReasons(client, namespace, "Foo", "web").contains("Synced"));

        // update the spec: the Deployment follows, and Ready reflects the new generation
        foos.patch("web", PatchType.MERGE, "{\"spec\":{\"replicas\":4}}");
        await().atMost(WAIT).until(() -> deployments.get("web-deployment").spec().replicas() == 4);
        await().atMost(WAIT).untilAsserted(() -> {
            Foo current = foos.get("web");
            assertThat(readyOf(current).observedGeneration()).isEqualTo(current.metadata().generation()).isEqualTo(2L);
        });

        // someone scales the Deployment by hand: the owner reference maps the change back to the Foo, which restores it
        deployments.patch("web-deployment", PatchType.MERGE, "{\"spec\":{\"replicas\":1}}");
        await().atMost(WAIT).until(() -> deployments.get("web-deployment").spec().replicas() == 4);

        // delete: the garbage collector removes the owned Deployment
        foos.delete("web");
        await().atMost(WAIT).until(() -> deployments.find("web-deployment").isEmpty());
    }

    @Test
    void aDeploymentTheFooDoesNotOwnIsLeftAloneWithAnEventAndACondition() {
        deployments.create(unowned("taken"));
        try (CapturedLog log = new CapturedLog(FooReconciler.class)) {
            foos.create(Foo.of(namespace, "squatter", "taken", 3));

            await().atMost(WAIT).untilAsserted(() -> {
                Foo squatter = foos.get("squatter");
                Condition ready = readyOf(squatter);
                assertThat(ready.status()).isEqualTo("False");
                assertThat(ready.reason()).isEqualTo(FooReconciler.REASON_EXISTS);
                assertThat(ready.message()).contains("\"taken\" already exists and is not managed by Foo");
                assertThat(ready.observedGeneration()).isEqualTo(squatter.metadata().generation());
            });
            await().atMost(WAIT).until(() -> eventReasons(client, namespace, "Foo", "squatter").contains("ErrResourceExists"));
            // retried with backoff (someone may delete the Deployment), but said once: one warning, then debug lines
            await().atMost(WAIT).until(() -> log.lines(Level.DEBUG, namespace + "/squatter: still ErrResourceExists").size() >= 2);
            assertThat(log.lines(Level.WARN, namespace + "/squatter")).hasSize(1);
            assertThat(log.lines(Level.ERROR, "")).isEmpty();
        }
        Deployment taken = deployments.get("taken");
        assertThat(taken.metadata().ownerReferences()).isNullOrEmpty();
        assertThat(taken.spec().replicas()).isEqualTo(1);
    }

    @Test
    void aFooTheApiServerCannotServeGetsAConditionAndAnEventAndTheOperatorCarriesOn() {
        // passes the CRD schema (object names may have 253 characters) but is no valid label value (63 at most)
        String longName = "f" + "o".repeat(69);
        foos.create(Foo.of(namespace, longName, "long-name-deployment", 1));

        await().atMost(WAIT).untilAsserted(() -> {
            Condition ready = readyOf(foos.get(longName));
            assertThat(ready.status()).isEqualTo("False");
            assertThat(ready.reason()).isEqualTo(FooReconciler.REASON_INVALID);
            assertThat(ready.message()).contains("long-name-deployment").contains("63");
        });
        await().atMost(WAIT).until(() -> eventReasons(client, namespace, "Foo", longName).contains(FooReconciler.REASON_INVALID));
        assertThat(deployments.find("long-name-deployment")).isEmpty();

        // the operator keeps running: a good Foo is still served
        foos.create(Foo.of(namespace, "after-bad", "after-bad-deployment", 1));
        await().atMost(WAIT).until(() -> deployments.find("after-bad-deployment").isPresent());
    }

    private static Condition readyOf(Foo foo) {
        return SampleClusters.ready(foo.status() == null ? null : foo.status().conditions())
                .orElseThrow(() -> new AssertionError("Foo " + foo.metadata().name() + " has no Ready condition yet: " + foo.status()));
    }

    private static Deployment unowned(String name) {
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
}
