package dev.capstan.client.discovery;

import dev.capstan.client.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.Unstructured;
import dev.capstan.api.meta.v1.APIResource;
import dev.capstan.api.meta.v1.APIResourceList;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Discovery and the REST mapper against the real API server: every built-in group-version of
 * the pinned release (the documents in src/main/openapi/discovery), both formats, and a CRD
 * installed while the cache is warm.
 */
@KubernetesTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryIT {
    private static final Path BUILT_IN = Path.of("src/main/openapi/discovery");

    private KubernetesClient client;

    @BeforeAll
    void connect(TestCluster cluster, TestNamespace namespace) {
        client = TestClients.client(cluster, namespace.name());
    }

    @AfterAll
    void close() {
        client.close();
    }

    /** The committed legacy resource lists of every built-in group-version, by apiVersion. */
    private static Map<String, APIResourceList> builtIn() {
        Map<String, APIResourceList> lists = new TreeMap<>();
        try (Stream<Path> files = Files.list(BUILT_IN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                APIResourceList list = KubernetesJson.decode(Files.readAllBytes(file), APIResourceList.class);
                lists.put(list.groupVersion(), list);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(lists).as("built-in discovery documents in " + BUILT_IN.toAbsolutePath()).hasSizeGreaterThan(15);
        return lists;
    }

    private static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static String versionOf(String apiVersion) {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    /** Everything the mapper cares about, in a form both discovery formats agree on. */
    private static List<String> normalized(List<ApiResource> resources) {
        List<String> lines = new ArrayList<>();
        for (ApiResource r : resources) {
            lines.add(r.name() + " " + r.singularName() + " " + r.kind() + " " + r.namespaced() + " " + Set.copyOf(r.verbs())
                    + " " + Set.copyOf(r.shortNames()) + " " + Set.copyOf(r.categories()) + " "
                    + r.subresources().stream().map(s -> s.name() + ":" + s.kind() + ":" + Set.copyOf(s.verbs())).sorted().toList());
        }
        return lines.stream().sorted().toList();
    }

    @Test
    void aggregatedDiscoveryListsEveryBuiltInGroupVersionAndResource() {
        DiscoverySnapshot snapshot = DiscoveryClient.create(client.rest()).snapshot();

        assertThat(snapshot.format()).isEqualTo(DiscoveryFormat.AGGREGATED_V2);
        assertThat(snapshot.groupNames().get(0)).isEmpty();
        Map<String, APIResourceList> builtIn = builtIn();
        Set<String> groups = new LinkedHashSet<>();
        builtIn.keySet().forEach(apiVersion -> groups.add(groupOf(apiVersion)));
        assertThat(snapshot.groupNames()).containsAll(groups)
                .contains("", "apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "apiextensions.k8s.io",
                        "coordination.k8s.io", "autoscaling", "policy", "storage.k8s.io", "admissionregistration.k8s.io");
        builtIn.forEach((apiVersion, list) -> {
            List<ApiResource> served = snapshot.resources(groupOf(apiVersion), versionOf(apiVersion))
                    .orElseThrow(() -> new AssertionError(apiVersion + " is not in discovery: " + snapshot.groupNames()));
            for (APIResource expected : list.resources()) {
                int slash = expected.name().indexOf('/');
                String name = slash < 0 ? expected.name() : expected.name().substring(0, slash);
                ApiResource actual = served.stream().filter(r -> r.name().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError(apiVersion + " lacks " + name));
                if (slash < 0) {
                    assertThat(actual.kind()).as(apiVersion + " " + name).isEqualTo(expected.kind());
                    assertThat(actual.namespaced()).as(apiVersion + " " + name).isEqualTo(expected.namespaced());
                    assertThat(actual.verbs()).as(apiVersion + " " + name).containsExactlyInAnyOrderElementsOf(expected.verbs());
                    assertThat(actual.shortNames()).as(apiVersion + " " + name)
                            .containsExactlyInAnyOrderElementsOf(expected.shortNames() == null ? List.of() : expected.shortNames());
                } else {
                    assertThat(actual.hasSubresource(expected.name().substring(slash + 1))).as(apiVersion + " " + expected.name()).isTrue();
                }
            }
        });
        ApiSubresource scale = snapshot.resource(new GroupVersionKind("apps", "v1", "Deployment")).orElseThrow()
                .subresource("scale").orElseThrow();
        assertThat(scale.kind()).isEqualTo(new GroupVersionKind("autoscaling", "v1", "Scale"));
        assertThat(snapshot.failures()).isEmpty();
    }

    @Test
    void legacyDiscoveryAgreesWithAggregatedOnEveryBuiltInGroupVersion() {
        DiscoverySnapshot aggregated = DiscoveryClient.create(client.rest()).snapshot();
        DiscoverySnapshot legacy = DiscoveryClient.create(client.rest(), DiscoveryOptions.defaults().withLegacyDiscoveryOnly()).snapshot();

        assertThat(legacy.format()).isEqualTo(DiscoveryFormat.LEGACY);
        for (String apiVersion : builtIn().keySet()) {
            String group = groupOf(apiVersion);
            String version = versionOf(apiVersion);
            assertThat(normalized(legacy.resources(group, version).orElseThrow()))
                    .as(apiVersion).isEqualTo(normalized(aggregated.resources(group, version).orElseThrow()));
            assertThat(legacy.group(group).orElseThrow().preferredVersion()).as(apiVersion)
                    .isEqualTo(aggregated.group(group).orElseThrow().preferredVersion());
        }
    }

    @Test
    void mapperResolvesBuiltInKindsAndKubectlNames() {
        RestMapper mapper = RestMapper.create(DiscoveryClient.create(client.rest()));

        MappedResource deployments = mapper.resolve(new GroupVersionKind("apps", "v1", "Deployment"));
        assertThat(deployments.resource()).isEqualTo(new GroupVersionResource("apps", "v1", "deployments"));
        assertThat(deployments.namespaced()).isTrue();
        assertThat(mapper.resolve(new GroupVersionKind("", "v1", "Namespace")).namespaced()).isFalse();
        assertThat(mapper.resolve(new GroupVersionKind("rbac.authorization.k8s.io", "v1", "ClusterRole")).resource().resource())
                .isEqualTo("clusterroles");
        for (String name : List.of("deploy", "deployments", "deployment", "Deployment", "deployment.apps", "deployments.v1.apps")) {
            assertThat(mapper.resolve(name)).as(name).isEqualTo(deployments);
        }
        assertThat(mapper.resolve("cm").resource()).isEqualTo(new GroupVersionResource("", "v1", "configmaps"));
        assertThat(mapper.resolve("events").resource().group()).isEmpty();
        assertThat(mapper.resolve("events.events.k8s.io").resource().group()).isEqualTo("events.k8s.io");
        assertThat(mapper.resolve("hpa").resource()).isEqualTo(new GroupVersionResource("autoscaling", "v2", "horizontalpodautoscalers"));
        assertThat(mapper.resolve("crd").kind().kind()).isEqualTo("CustomResourceDefinition");
        assertThatThrownBy(() -> mapper.resolve(new GroupVersionKind("apps", "v1", "Widget")))
                .isInstanceOf(NoMatchException.class)
                .hasMessageContaining("kind apps/v1 Widget is not served by the API server: apps/v1: it serves kinds ")
                .hasMessageContaining("searched ")
                .hasMessageContaining("core, ");
    }

    @Test
    void crdInstalledWhileTheCacheIsWarmIsFoundAfterAMissTriggeredRefresh(TestNamespace namespace) {
        String group = namespace.name() + ".discovery.capstan.dev";
        GroupVersionKind widget = new GroupVersionKind(group, "v1", "Widget");
        DiscoveryClient discovery = DiscoveryClient.create(client.rest());
        RestMapper mapper = RestMapper.create(discovery);
        DiscoverySnapshot before = discovery.snapshot();
        assertThat(before.groupNames()).doesNotContain(group);
        assertThatThrownBy(() -> mapper.resolve(widget))
                .isInstanceOf(NoMatchException.class)
                .hasMessageContaining("kind " + group + "/v1 Widget is not served by the API server: it serves no group " + group)
                .hasMessageContaining("apps, ");
        try {
            TestCrds.install(client, TestCrds.widgets(group));

            // no invalidate(): the lookups miss against the warm cache and refresh it themselves
            MappedResource widgets = await("discovery shows " + widget).atMost(TestCrds.TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> mapper.find(widget), found -> found.isPresent()).orElseThrow();
            assertThat(discovery.snapshot()).isNotSameAs(before);
            assertThat(discovery.snapshot().groupNames()).contains(group);
            assertThat(widgets.resource()).isEqualTo(new GroupVersionResource(group, "v1", "widgets"));
            assertThat(widgets.namespaced()).isTrue();
            assertThat(widgets.details().singularName()).isEqualTo("widget");
            assertThat(widgets.details().shortNames()).containsExactly("wdg");
            assertThat(widgets.details().categories()).containsExactly("capstan");
            assertThat(widgets.details().subresources()).extracting(ApiSubresource::name).containsExactlyInAnyOrder("status", "scale");
            assertThat(widgets.details().subresource("scale").orElseThrow().kind())
                    .isEqualTo(new GroupVersionKind("autoscaling", "v1", "Scale"));
            assertThat(mapper.resolve("wdg")).isEqualTo(widgets);
            assertThat(mapper.resolve("widgets." + group)).isEqualTo(widgets);
            assertThat(mapper.resolve("Widget")).isEqualTo(widgets);
            assertThat(discovery.resources(group, "v1")).isPresent();

            // the dynamic client the mapper's type builds can use the new kind at once
            ResourceClient<Unstructured> dynamic = client.resources(mapper.unstructuredType(widget)).inNamespace(namespace.name());
            Unstructured created = dynamic.create(Unstructured.parse("{\"apiVersion\":\"" + group + "/v1\",\"kind\":\"Widget\","
                    + "\"metadata\":{\"name\":\"w1\"},\"spec\":{\"replicas\":1,\"color\":\"blue\"}}"));
            assertThat(created.uid()).isNotBlank();
            assertThat(dynamic.get("w1").get("spec", "color").orElseThrow().asString()).isEqualTo("blue");
            dynamic.delete("w1");
        } finally {
            TestCrds.uninstall(client, "widgets." + group);
        }
        discovery.invalidate();
        await("discovery forgets " + widget).atMost(TestCrds.TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    discovery.invalidate();
                    return mapper.find(widget).isEmpty();
                });
    }
}
