package dev.capstan.client.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.autoscaling.v1.Scale;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.discovery.DiscoveryClient;
import dev.capstan.client.discovery.FakeApiServer;
import dev.capstan.client.discovery.FakeApiServer.Exchange;
import dev.capstan.client.discovery.FakeApiServer.Mode;
import dev.capstan.client.discovery.FakeApiServer.Reply;
import dev.capstan.client.discovery.MappedResource;
import dev.capstan.client.discovery.RestMapper;
import dev.capstan.client.rest.RestOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scale examples of docs/discovery-and-scale.md and the ScaleClient Javadoc, compiled and run. */
class ScaleSnippetsTest {
    private final FakeApiServer server = FakeApiServer.standard(Mode.AGGREGATED_V2);
    private final KubernetesClient client =
            KubernetesClient.create(server.config(CredentialProvider.none()), RestOptions.defaults().withoutRateLimit());
    private final AtomicInteger webReplicas = new AtomicInteger(2);
    private final AtomicInteger widgetReplicas = new AtomicInteger(1);

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static Reply scale(String name, int replicas) {
        return Reply.json("{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"shop\"},\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private static int replicas(Exchange exchange) {
        return KubernetesJson.mapper().readTree(exchange.body()).path("spec").path("replicas").asInt();
    }

    @Test
    void scalingADeploymentAndACustomResource() {
        server.add(FakeApiServer.resource("example.com", "v1", "widgets", "Widget", true, List.of(), List.of("scale")));
        String web = "/apis/apps/v1/namespaces/shop/deployments/web/scale";
        server.on("GET", web, e -> scale("web", webReplicas.get()));
        server.on("PUT", web, e -> scale("web", webReplicas.updateAndGet(x -> replicas(e))));
        server.on("PATCH", "/apis/example.com/v1/namespaces/shop/widgets/w/scale", e -> scale("w", widgetReplicas.updateAndGet(x -> replicas(e))));

        RestMapper mapper = RestMapper.create(DiscoveryClient.create(client.rest()));
        GroupVersionKind widget = new GroupVersionKind("example.com", "v1", "Widget");
        MappedResource deployments = mapper.resolve("deploy");
        ScaleClient scales = ScaleClient.create(client.rest(), mapper);
        Scale scale = scales.get(deployments.resource(), "shop", "web");
        scales.update(deployments.resource(), "shop", "web", ScaleClient.specReplicas(scale) + 1);
        scales.patch(widget, "shop", "w", 3);

        assertThat(webReplicas.get()).isEqualTo(3);
        assertThat(widgetReplicas.get()).isEqualTo(3);
    }

    @Test
    void javadocExample() {
        server.add(FakeApiServer.resource("example.com", "v1", "widgets", "Widget", true, List.of(), List.of("scale")));
        server.on("GET", "/apis/apps/v1/namespaces/shop/deployments/web/scale", e -> scale("web", 0));
        server.on("PUT", "/apis/apps/v1/namespaces/shop/deployments/web/scale", e -> scale("web", webReplicas.updateAndGet(x -> replicas(e))));
        server.on("PATCH", "/apis/example.com/v1/namespaces/shop/widgets/w/scale", e -> scale("w", widgetReplicas.updateAndGet(x -> replicas(e))));
        RestMapper mapper = RestMapper.create(DiscoveryClient.create(client.rest()));

        ScaleClient scales = ScaleClient.create(client.rest(), mapper);
        GroupVersionResource deployments = new GroupVersionResource("apps", "v1", "deployments");
        Scale scale = scales.get(deployments, "shop", "web");
        scales.update(deployments, "shop", "web", ScaleClient.specReplicas(scale) + 1);
        scales.patch(new GroupVersionKind("example.com", "v1", "Widget"), "shop", "w", 3);

        assertThat(webReplicas.get()).isEqualTo(1);
        assertThat(widgetReplicas.get()).isEqualTo(3);
    }
}
