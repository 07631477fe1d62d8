package dev.capstan.client.discovery;

import dev.capstan.client.config.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import dev.capstan.client.discovery.FakeApiServer.Mode;
import dev.capstan.client.rest.RestClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RestMapper against a scripted API server: kinds, resources, kubectl names, misses and their messages. */
class RestMapperTest {
    private static final GroupVersionKind WIDGET = new GroupVersionKind("example.com", "v1", "Widget");

    private final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    private FakeApiServer server;
    private RestClient rest;
    private RestMapper mapper;

    @BeforeEach
    void start() {
        server = FakeApiServer.standard(Mode.AGGREGATED_V2);
        server.add(FakeApiServer.resource("example.com", "v2", "gadgets", "Gadget", false, List.of("gd"), List.of()));
        server.add(FakeApiServer.resource("example.com", "v1", "gadgets", "Gadget", false, List.of("gd"), List.of()));
        rest = server.restClient();
        mapper = RestMapper.create(DiscoveryClient.create(rest, DiscoveryOptions.defaults().withClock(clock)));
    }

    @AfterEach
    void stop() {
        rest.close();
        server.close();
    }

    @Test
    void kindMapsToItsResourceAndScope() {
        MappedResource deployments = mapper.resolve(new GroupVersionKind("apps", "v1", "Deployment"));
        assertThat(deployments.resource()).isEqualTo(new GroupVersionResource("apps", "v1", "deployments"));
        assertThat(deployments.kind()).isEqualTo(new GroupVersionKind("apps", "v1", "Deployment"));
        assertThat(deployments.namespaced()).isTrue();
        assertThat(deployments.hasSubresource("scale")).isTrue();

        MappedResource namespaces = mapper.resolve(new GroupVersionKind("", "v1", "Namespace"));
        assertThat(namespaces.resource()).isEqualTo(new GroupVersionResource("", "v1", "namespaces"));
        assertThat(namespaces.namespaced()).isFalse();
    }

    @Test
    void resourceMapsToItsKind() {
        assertThat(mapper.find(new GroupVersionResource("apps", "v1", "statefulsets")))
                .get().extracting(MappedResource::kind).isEqualTo(new GroupVersionKind("apps", "v1", "StatefulSet"));
        assertThat(mapper.find(new GroupVersionResource("apps", "v1", "statefulset"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "deploy, apps, v1, deployments",
        "deployments, apps, v1, deployments",
        "deployment, apps, v1, deployments",
        "Deployment, apps, v1, deployments",
        "DEPLOYMENTS, apps, v1, deployments",
        "deployment.apps, apps, v1, deployments",
        "deployments.v1.apps, apps, v1, deployments",
        "Deployment.apps, apps, v1, deployments",
        "po, '', v1, pods",
        "pods, '', v1, pods",
        "ns, '', v1, namespaces",
        "events, '', v1, events",
        "ev, '', v1, events",
        "events.events.k8s.io, events.k8s.io, v1, events",
        "hpa, autoscaling, v2, horizontalpodautoscalers",
        "hpa.v1.autoscaling, autoscaling, v1, horizontalpodautoscalers",
        "gd, example.com, v2, gadgets",
        "gadgets.example.com, example.com, v2, gadgets",
        "gadget.v1.example.com, example.com, v1, gadgets",
        "Gadget, example.com, v2, gadgets",
    })
    void namesResolveLikeKubectl(String name, String group, String version, String resource) {
        assertThat(mapper.resolve(name).resource()).isEqualTo(new GroupVersionResource(group, version, resource));
    }

    @Test
    void missNamesTheKindAndTheGroupsSearched() {
        assertThatThrownBy(() -> mapper.resolve(new GroupVersionKind("example.org", "v1", "Widget")))
                .isInstanceOfSatisfying(NoMatchException.class, e -> {
                    assertThat(e.wanted()).isEqualTo("kind example.org/v1 Widget");
                    assertThat(e.searchedGroups()).containsExactly("", "apps", "events.k8s.io", "autoscaling", "example.com");
                })
                .hasMessage("kind example.org/v1 Widget is not served by the API server: it serves no group example.org "
                        + "(discovery fetched at 2026-05-01T10:00:00Z; searched 5 groups: core, apps, events.k8s.io, autoscaling, example.com)");
        assertThatThrownBy(() -> mapper.resolve(WIDGET))
                .hasMessage("kind example.com/v1 Widget is not served by the API server: example.com/v1: it serves kinds Gadget, "
                        + "not Widget (discovery fetched at 2026-05-01T10:00:00Z; "
                        + "searched 5 groups: core, apps, events.k8s.io, autoscaling, example.com)");
    }

    @Test
    void missingVersionAndMissingKindAreExplained() {
        assertThatThrownBy(() -> mapper.resolve(new GroupVersionKind("apps", "v2", "Deployment")))
                .hasMessageStartingWith("kind apps/v2 Deployment is not served by the API server: "
                        + "group apps is served in versions [v1], not v2 (");
        assertThatThrownBy(() -> mapper.resolve(new GroupVersionKind("apps", "v1", "Deploy")))
                .hasMessageStartingWith("kind apps/v1 Deploy is not served by the API server: "
                        + "apps/v1: it serves kinds Deployment, StatefulSet, DaemonSet, not Deploy (");
        assertThatThrownBy(() -> mapper.resolve(new GroupVersionResource("", "v1", "pod")))
                .hasMessageStartingWith("resource v1 pod is not served by the API server: v1: it serves resources pods, namespaces,");
    }

    @Test
    void unknownNamesAreExplained() {
        assertThatThrownBy(() -> mapper.resolve("widgets"))
                .isInstanceOfSatisfying(NoMatchException.class, e -> assertThat(e.wanted()).isEqualTo("'widgets'"))
                .hasMessageStartingWith("'widgets' is not served by the API server: no resource has it as plural, singular, "
                        + "short name or kind (discovery fetched at")
                .hasMessageEndingWith("searched 5 groups: core, apps, events.k8s.io, autoscaling, example.com)");
        assertThatThrownBy(() -> mapper.resolve("widgets.example.org"))
                .hasMessageContaining(": it serves no group example.org (");
        assertThatThrownBy(() -> mapper.resolve("widgets.example.com"))
                .hasMessageContaining(": group example.com has no resource 'widgets'; it has gadgets (");
        assertThatThrownBy(() -> mapper.resolve("deployments.v2.apps"))
                .hasMessageContaining(": group apps is served in versions [v1], not v2 (");
        assertThatThrownBy(() -> mapper.resolve("deployments/web"))
                .hasMessageContaining("a resource name is a plural, singular, short name or kind");
        assertThat(mapper.find("widgets")).isEmpty();
    }

    @Test
    void aKindInstalledAfterCachingIsFoundAfterARefresh() {
        assertThat(mapper.find(new GroupVersionKind("apps", "v1", "Deployment"))).isPresent();
        server.add(FakeApiServer.resource("example.com", "v1", "widgets", "Widget", true, List.of("wd"), List.of("status", "scale")));
        clock.advance(Duration.ofSeconds(5));

        MappedResource widgets = mapper.resolve(WIDGET);

        assertThat(widgets.resource()).isEqualTo(new GroupVersionResource("example.com", "v1", "widgets"));
        assertThat(mapper.resolve("wd")).isEqualTo(widgets);
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void aStreamOfMissesCostsOneRefreshPerInterval() {
        for (int i = 0; i < 100; i++) {
            assertThat(mapper.find(new GroupVersionKind("example.com", "v1", "Missing"))).isEmpty();
        }
        assertThat(server.requestCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            assertThat(mapper.find("missing")).isEmpty();
        }
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void removedKindIsNotFoundAfterInvalidate() {
        assertThat(mapper.find("ds")).isPresent();
        server.remove("apps", "daemonsets");
        assertThat(mapper.find("ds")).as("still cached").isPresent();

        mapper.discovery().invalidate();

        assertThat(mapper.find("ds")).isEmpty();
    }

    @Test
    void unstructuredTypeAddressesTheKindsResource() {
        ResourceType<Unstructured> type = mapper.unstructuredType(new GroupVersionKind("apps", "v1", "Deployment"));
        assertThat(type).isEqualTo(new ResourceType<>(Unstructured.class, "apps", "v1", "Deployment", "deployments", "deployment",
                List.of("deploy"), true));
        assertThat(mapper.unstructuredType(new GroupVersionKind("", "v1", "Namespace")).namespaced()).isFalse();
        assertThatThrownBy(() -> mapper.unstructuredType(WIDGET)).isInstanceOf(NoMatchException.class);
    }

    @Test
    void resolveAsyncFailsWithTheSameMessage() {
        assertThat(mapper.resolveAsync(new GroupVersionKind("apps", "v1", "Deployment")).block().resource().resource())
                .isEqualTo("deployments");
        assertThatThrownBy(() -> mapper.resolveAsync(new GroupVersionResource("apps", "v1", "widgets")).block())
                .isInstanceOf(NoMatchException.class)
                .hasMessageStartingWith("resource apps/v1 widgets is not served by the API server: apps/v1: it serves "
                        + "resources deployments, statefulsets, daemonsets, not widgets (");
    }
}
