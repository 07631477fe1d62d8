package dev.capstan.client.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.Unstructured;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.discovery.FakeApiServer.Mode;
import dev.capstan.client.rest.RestOptions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The discovery and mapper examples of docs/discovery-and-scale.md and the Javadoc, compiled and run. */
class DiscoverySnippetsTest {
    private final FakeApiServer server = FakeApiServer.standard(Mode.AGGREGATED_V2);
    private final KubernetesClient client =
            KubernetesClient.create(server.config(CredentialProvider.none()), RestOptions.defaults().withoutRateLimit());

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void dynamicClientForAKindKnownAtRunTime() {
        server.add(FakeApiServer.resource("example.com", "v1", "widgets", "Widget", true, List.of("wd"), List.of("scale")));

        DiscoveryClient discovery = DiscoveryClient.create(client.rest());
        RestMapper mapper = RestMapper.create(discovery);
        GroupVersionKind widget = new GroupVersionKind("example.com", "v1", "Widget");
        ResourceClient<Unstructured> widgets = client.resources(mapper.unstructuredType(widget)).inNamespace("shop");
        MappedResource deployments = mapper.resolve("deploy");

        assertThat(widgets.type().plural()).isEqualTo("widgets");
        assertThat(widgets.namespace()).isEqualTo("shop");
        assertThat(deployments.resource()).isEqualTo(new GroupVersionResource("apps", "v1", "deployments"));
        assertThat(deployments.namespaced()).isTrue();
    }

    @Test
    void listingTheServersResources() {
        DiscoveryClient discovery = DiscoveryClient.create(client.rest());
        StringBuilder out = new StringBuilder();
        for (ApiResource resource : discovery.snapshot().preferredResources()) {
            out.append(resource.name() + " " + resource.apiVersion() + " " + resource.kind()).append('\n');
        }

        assertThat(out).contains("deployments apps/v1 Deployment\n").contains("horizontalpodautoscalers autoscaling/v2 ")
                .doesNotContain("autoscaling/v1");
    }
}
