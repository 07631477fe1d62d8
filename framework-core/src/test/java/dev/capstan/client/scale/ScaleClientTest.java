package dev.capstan.client.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.autoscaling.v1.Scale;
import dev.capstan.client.discovery.DiscoveryClient;
import dev.capstan.client.discovery.FakeApiServer;
import dev.capstan.client.discovery.FakeApiServer.Exchange;
import dev.capstan.client.discovery.FakeApiServer.Mode;
import dev.capstan.client.discovery.FakeApiServer.Reply;
import dev.capstan.client.discovery.NoMatchException;
import dev.capstan.client.discovery.RestMapper;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ScaleClient against a scripted API server: paths, verbs, bodies and the checks made before sending. */
class ScaleClientTest {
    private static final GroupVersionResource DEPLOYMENTS = new GroupVersionResource("apps", "v1", "deployments");
    private static final GroupVersionKind DEPLOYMENT = new GroupVersionKind("apps", "v1", "Deployment");
    private static final String WEB_SCALE = "/apis/apps/v1/namespaces/shop/deployments/web/scale";

    private FakeApiServer server;
    private RestClient rest;
    private ScaleClient scales;

    @BeforeEach
    void start() {
        server = FakeApiServer.standard(Mode.AGGREGATED_V2);
        server.add(FakeApiServer.resource("example.com", "v1", "clusterwidgets", "ClusterWidget", false, List.of(), List.of("scale")));
        rest = server.restClient();
        scales = ScaleClient.create(rest, RestMapper.create(DiscoveryClient.create(rest)));
    }

    @AfterEach
    void stop() {
        rest.close();
        server.close();
    }

    private static String scale(String namespace, String name, int spec, int status, String resourceVersion) {
        return "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"" + name + "\""
                + (namespace == null ? "" : ",\"namespace\":\"" + namespace + "\"")
                + ",\"resourceVersion\":\"" + resourceVersion + "\"},\"spec\":{\"replicas\":" + spec + "},"
                + "\"status\":{\"replicas\":" + status + ",\"selector\":\"app=web\"}}";
    }

    /** Answers a write with a Scale carrying the replicas the request asked for. */
    private static Reply echo(Exchange exchange) {
        JsonNode body = KubernetesJson.mapper().readTree(exchange.body());
        return Reply.json(scale("shop", "web", body.path("spec").path("replicas").asInt(), 1, "43"));
    }

    private Exchange last() {
        List<Exchange> exchanges = server.exchanges();
        return exchanges.get(exchanges.size() - 1);
    }

    @Test
    void getReadsTheScaleSubresource() {
        server.on("GET", WEB_SCALE, e -> Reply.json(scale("shop", "web", 3, 2, "42")));

        Scale scale = scales.get(DEPLOYMENTS, "shop", "web");

        assertThat(scale.spec().replicas()).isEqualTo(3);
        assertThat(scale.status().replicas()).isEqualTo(2);
        assertThat(scale.status().selector()).isEqualTo("app=web");
        assertThat(scale.metadata().resourceVersion()).isEqualTo("42");
        assertThat(scales.get(DEPLOYMENT, "shop", "web")).isEqualTo(scale);
        assertThat(scales.getAsync(DEPLOYMENT, "shop", "web").block()).isEqualTo(scale);
    }

    @Test
    void updateReplacesTheScaleWithoutAResourceVersion() {
        server.on("PUT", WEB_SCALE, ScaleClientTest::echo);

        Scale scale = scales.update(DEPLOYMENTS, "shop", "web", 5);

        assertThat(scale.spec().replicas()).isEqualTo(5);
        assertThat(last().contentType()).isEqualTo("application/json");
        assertThat(KubernetesJson.mapper().readTree(last().body())).isEqualTo(KubernetesJson.mapper().readTree(
                "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},"
                        + "\"spec\":{\"replicas\":5}}"));
        assertThat(scales.update(DEPLOYMENT, "shop", "web", 0).spec().replicas()).isZero();
        assertThat(scales.updateAsync(DEPLOYMENT, "shop", "web", 2).block().spec().replicas()).isEqualTo(2);
    }

    @Test
    void updateWithAScaleSendsItsResourceVersion() {
        server.on("GET", WEB_SCALE, e -> Reply.json(scale("shop", "web", 3, 2, "42")));
        server.on("PUT", WEB_SCALE, ScaleClientTest::echo);
        Scale read = scales.get(DEPLOYMENTS, "shop", "web");

        scales.update(DEPLOYMENTS, read.toBuilder().spec(read.spec().toBuilder().replicas(4).build()).build());

        JsonNode sent = KubernetesJson.mapper().readTree(last().body());
        assertThat(sent.path("metadata").path("resourceVersion").asString()).isEqualTo("42");
        assertThat(sent.path("spec").path("replicas").asInt()).isEqualTo(4);
    }

    @Test
    void patchSendsAMergePatchOfTheReplicas() {
        server.on("PATCH", WEB_SCALE, ScaleClientTest::echo);

        Scale scale = scales.patch(DEPLOYMENT, "shop", "web", 7);

        assertThat(scale.spec().replicas()).isEqualTo(7);
        assertThat(last().contentType()).isEqualTo("application/merge-patch+json");
        assertThat(last().body()).isEqualTo("{\"spec\":{\"replicas\":7}}");
        assertThat(scales.patchAsync(DEPLOYMENTS, "shop", "web", 1).block().spec().replicas()).isEqualTo(1);
    }

    @Test
    void coreAndClusterScopedResourcesHaveTheirPaths() {
        server.on("GET", "/api/v1/namespaces/shop/replicationcontrollers/rc/scale", e -> Reply.json(scale("shop", "rc", 1, 1, "1")));
        server.on("GET", "/apis/example.com/v1/clusterwidgets/w/scale", e -> Reply.json(scale(null, "w", 2, 2, "1")));

        assertThat(scales.get(new GroupVersionKind("", "v1", "ReplicationController"), "shop", "rc").spec().replicas()).isEqualTo(1);
        assertThat(scales.get(new GroupVersionKind("example.com", "v1", "ClusterWidget"), null, "w").spec().replicas()).isEqualTo(2);
    }

    @Test
    void resourceWithoutAScaleSubresourceIsRefusedBeforeSending() {
        int before = server.requestCount();

        assertThatThrownBy(() -> scales.get(new GroupVersionResource("apps", "v1", "daemonsets"), "shop", "agent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apps/v1 daemonsets (DaemonSet) has no scale subresource, so it cannot be scaled; "
                        + "the scalable resources of apps/v1 are deployments, statefulsets");
        assertThatThrownBy(() -> scales.patch(new GroupVersionKind("", "v1", "ConfigMap"), "shop", "settings", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("v1 configmaps (ConfigMap) has no scale subresource, so it cannot be scaled; "
                        + "the scalable resources of v1 are replicationcontrollers");
        assertThatThrownBy(() -> scales.updateAsync(new GroupVersionResource("apps", "v1", "daemonsets"), "shop", "agent", 1).block())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apps/v1 daemonsets (DaemonSet) has no scale subresource");
        assertThat(server.requests().subList(before, server.requestCount())).noneMatch(r -> r.endsWith("/scale"));
    }

    @Test
    void unknownResourceIsANoMatch() {
        assertThatThrownBy(() -> scales.get(new GroupVersionKind("example.com", "v1", "Widget"), "shop", "w"))
                .isInstanceOf(NoMatchException.class)
                .hasMessageStartingWith("kind example.com/v1 Widget is not served by the API server");
    }

    @Test
    void namespaceMustFitTheScope() {
        assertThatThrownBy(() -> scales.get(DEPLOYMENTS, null, "web"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apps/v1 deployments (Deployment) is namespaced: name the namespace of 'web'");
        assertThatThrownBy(() -> scales.get(new GroupVersionResource("example.com", "v1", "clusterwidgets"), "shop", "w"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example.com/v1 clusterwidgets (ClusterWidget) is cluster-scoped: pass no namespace (got 'shop')");
        assertThatThrownBy(() -> scales.update(DEPLOYMENTS, "shop", "web", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replicas must be >= 0, got -1");
    }

    @Test
    void serverRefusalNamesVerbAndObject() {
        assertThatThrownBy(() -> scales.get(DEPLOYMENTS, "shop", "missing"))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessageStartingWith("get scale of deployment shop/missing: HTTP 404 NotFound");
        assertThatThrownBy(() -> scales.patch(DEPLOYMENTS, "shop", "missing", 1))
                .hasMessageStartingWith("patch scale of deployment shop/missing: HTTP 404");
    }
}
