package dev.capstan.client.scale;

import dev.capstan.client.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.Unstructured;
import dev.capstan.api.apps.v1.DaemonSet;
import dev.capstan.api.apps.v1.DaemonSetSpec;
import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.apps.v1.DeploymentSpec;
import dev.capstan.api.apps.v1.StatefulSet;
import dev.capstan.api.apps.v1.StatefulSetSpec;
import dev.capstan.api.autoscaling.v1.Scale;
import dev.capstan.api.core.v1.Container;
import dev.capstan.api.core.v1.PodSpec;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.discovery.DiscoveryClient;
import dev.capstan.client.discovery.RestMapper;
import dev.capstan.client.discovery.TestCrds;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scale subresource of Deployments, StatefulSets and a CRD against the real API server. No
 * kubelet runs, so no pod ever starts: what changes is {@code spec.replicas}, read back through
 * the scale subresource and through the object itself.
 */
@KubernetesTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleIT {
    private static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    private static final GroupVersionKind STATEFUL_SET = new GroupVersionKind("apps", "v1", "StatefulSet");

    private KubernetesClient client;
    private RestMapper mapper;
    private ScaleClient scales;
    private String ns;

    @BeforeAll
    void connect(TestCluster cluster, TestNamespace namespace) {
        client = TestClients.client(cluster, namespace.name());
        mapper = RestMapper.create(DiscoveryClient.create(client.rest()));
        scales = ScaleClient.create(client.rest(), mapper);
        ns = namespace.name();
    }

    @AfterAll
    void close() {
        client.close();
    }

    private static PodTemplateSpec template(String app) {
        return PodTemplateSpec.builder()
                .metadata(ObjectMeta.builder().labels(Map.of("app", app)).build())
                .spec(PodSpec.builder().containers(java.util.List.of(Container.builder().name("web").image("nginx:1.27").build())).build())
                .build();
    }

    private static LabelSelector selector(String app) {
        return LabelSelector.builder().matchLabels(Map.of("app", app)).build();
    }

    @Test
    void deploymentScaleIsReadUpdatedAndPatched() {
        ResourceClient<Deployment> deployments = client.resources(Deployment.class);
        deployments.create(Deployment.builder().metadata(ObjectMeta.builder().name("web").build())
                .spec(DeploymentSpec.builder().replicas(1).selector(selector("web")).template(template("web")).build())
                .build());

        Scale scale = scales.get(DEPLOYMENTS, ns, "web");
        assertThat(scale.spec().replicas()).isEqualTo(1);
        assertThat(scale.metadata().name()).isEqualTo("web");
        assertThat(scale.metadata().namespace()).isEqualTo(ns);

        Scale updated = scales.update(DEPLOYMENTS, ns, "web", 3);
        assertThat(updated.spec().replicas()).isEqualTo(3);
        assertThat(scales.get(DEPLOYMENTS, ns, "web").spec().replicas()).isEqualTo(3);
        assertThat(deployments.get("web").spec().replicas()).isEqualTo(3);

        assertThat(scales.patch(new GroupVersionKind("apps", "v1", "Deployment"), ns, "web", 2).spec().replicas()).isEqualTo(2);
        assertThat(deployments.get("web").spec().replicas()).isEqualTo(2);
        assertThat(scales.getAsync(DEPLOYMENTS, ns, "web").block().spec().replicas()).isEqualTo(2);

        // read-modify-write with the scale's resourceVersion, retried on conflict: the deployment
        // controller writes the Deployment's status meanwhile, so a read can go stale at any time
        AtomicReference<Scale> lastRead = new AtomicReference<>();
        Scale written = await("conditional scale update").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Scale read = scales.get(DEPLOYMENTS, ns, "web");
                    lastRead.set(read);
                    try {
                        return scales.update(DEPLOYMENTS, read.toBuilder().spec(read.spec().toBuilder().replicas(5).build()).build());
                    } catch (KubernetesApiException e) {
                        if (e.isConflict()) {
                            return null;
                        }
                        throw e;
                    }
                }, java.util.Objects::nonNull);
        assertThat(written.spec().replicas()).isEqualTo(5);
        Scale stale = lastRead.get();
        assertThatThrownBy(() -> scales.update(DEPLOYMENTS, stale.toBuilder().spec(stale.spec().toBuilder().replicas(6).build()).build()))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isConflict()).isTrue())
                .hasMessageStartingWith("update scale of deployment " + ns + "/web: HTTP 409 Conflict");
        assertThat(deployments.get("web").spec().replicas()).isEqualTo(5);

        assertThatThrownBy(() -> scales.get(DEPLOYMENTS, ns, "absent"))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessageStartingWith("get scale of deployment " + ns + "/absent: HTTP 404");
    }

    @Test
    void statefulSetScaleIsReadUpdatedAndPatched() {
        ResourceClient<StatefulSet> statefulSets = client.resources(StatefulSet.class);
        statefulSets.create(StatefulSet.builder().metadata(ObjectMeta.builder().name("db").build())
                .spec(StatefulSetSpec.builder().replicas(1).serviceName("db").selector(selector("db")).template(template("db")).build())
                .build());

        assertThat(scales.get(STATEFUL_SET, ns, "db").spec().replicas()).isEqualTo(1);
        assertThat(scales.update(STATEFUL_SET, ns, "db", 4).spec().replicas()).isEqualTo(4);
        assertThat(scales.get(STATEFUL_SET, ns, "db").spec().replicas()).isEqualTo(4);
        assertThat(statefulSets.get("db").spec().replicas()).isEqualTo(4);
        Scale zero = scales.patchAsync(STATEFUL_SET, ns, "db", 0).block();
        assertThat(zero.spec().replicas()).as("the server omits zero").isNull();
        assertThat(ScaleClient.specReplicas(zero)).isZero();
        assertThat(statefulSets.get("db").spec().replicas()).isZero();
    }

    @Test
    void daemonSetHasNoScaleSubresource() {
        client.resources(DaemonSet.class).create(DaemonSet.builder().metadata(ObjectMeta.builder().name("agent").build())
                .spec(DaemonSetSpec.builder().selector(selector("agent")).template(template("agent")).build())
                .build());

        assertThatThrownBy(() -> scales.update(new GroupVersionKind("apps", "v1", "DaemonSet"), ns, "agent", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("apps/v1 daemonsets (DaemonSet) has no scale subresource, so it cannot be scaled; "
                        + "the scalable resources of apps/v1 are ")
                .hasMessageContaining("deployments")
                .hasMessageContaining("statefulsets");
    }

    @Test
    void customResourceWithAScaleSubresourceIsScaled() {
        String group = ns + ".scale.capstan.dev";
        GroupVersionKind widget = new GroupVersionKind(group, "v1", "Widget");
        mapper.discovery().snapshot(); // warm: the CRD arrives after discovery was cached
        try {
            TestCrds.install(client, TestCrds.widgets(group));
            await("discovery shows " + widget).atMost(TestCrds.TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> mapper.find(widget).isPresent());
            ResourceClient<Unstructured> widgets = client.resources(mapper.unstructuredType(widget)).inNamespace(ns);
            widgets.create(Unstructured.parse("{\"apiVersion\":\"" + group + "/v1\",\"kind\":\"Widget\","
                    + "\"metadata\":{\"name\":\"w\"},\"spec\":{\"replicas\":1,\"color\":\"red\"}}"));
            widgets.patchStatus("w", dev.capstan.client.rest.PatchType.MERGE,
                    "{\"status\":{\"replicas\":1,\"selector\":\"app=w\"}}");

            Scale scale = scales.get(widget, ns, "w");
            assertThat(scale.spec().replicas()).isEqualTo(1);
            assertThat(scale.status().replicas()).isEqualTo(1);
            assertThat(scale.status().selector()).isEqualTo("app=w");

            assertThat(scales.update(widget, ns, "w", 4).spec().replicas()).isEqualTo(4);
            assertThat(scales.get(widget, ns, "w").spec().replicas()).isEqualTo(4);
            assertThat(widgets.get("w").get("spec", "replicas").orElseThrow().asInt()).isEqualTo(4);
            assertThat(widgets.get("w").get("spec", "color").orElseThrow().asString()).as("the rest of spec is kept").isEqualTo("red");

            GroupVersionResource resource = new GroupVersionResource(group, "v1", "widgets");
            assertThat(scales.patch(resource, ns, "w", 2).spec().replicas()).isEqualTo(2);
            assertThat(widgets.get("w").get("spec", "replicas").orElseThrow().asInt()).isEqualTo(2);
            assertThat(scales.updateAsync(resource, ns, "w", 3).block().spec().replicas()).isEqualTo(3);
            assertThat(widgets.get("w").get("spec", "replicas").orElseThrow().asInt()).isEqualTo(3);
        } finally {
            TestCrds.uninstall(client, "widgets." + group);
        }
    }
}
