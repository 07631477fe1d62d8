package dev.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.RestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Watch decoding against a scripted server: every event type, and the request it sends. */
class WatchEventsTest {

    @Test
    void everyEventTypeIsDecodedIntoItsRecord() {
        AtomicReference<String> uri = new AtomicReference<>();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            uri.set(req.uri());
            return res.sendString(Flux.just(
                    "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"5\"}}}\n",
                    "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"6\"}}}\n",
                    "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\","
                            + "\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}\n",
                    "{\"type\":\"DELETED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"8\"}}}\n",
                    "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                            + "\"message\":\"too old resource version: 1 (9)\",\"reason\":\"Expired\",\"code\":410}}\n"));
        }).bindNow();
        try (KubernetesClient client = KubernetesClient.create(new ClientConfig(URI.create("http://127.0.0.1:" + server.port()),
                "ns", new TlsSettings(null, false, null), CredentialProvider.none(), null, "scripted"),
                RestOptions.defaults().withoutRateLimit())) {
            List<WatchEvent<ConfigMap>> events = client.resources(ConfigMap.class)
                    .watch(WatchOptions.from("4").withLabelSelector("app=web").withInitialEvents())
                    .collectList().block(Duration.ofSeconds(10));

            assertThat(events).hasSize(5);
            assertThat(events.get(0)).isInstanceOfSatisfying(WatchEvent.Added.class,
                    e -> assertThat(((ConfigMap) e.object()).metadata().resourceVersion()).isEqualTo("5"));
            assertThat(events.get(1)).isInstanceOf(WatchEvent.Modified.class);
            assertThat(events.get(2)).isEqualTo(new WatchEvent.Bookmark<ConfigMap>("7", true));
            assertThat(events.get(3)).isInstanceOf(WatchEvent.Deleted.class);
            assertThat(events.get(4)).isInstanceOfSatisfying(WatchEvent.Error.class, e -> {
                assertThat(e.status().code()).isEqualTo(410);
                assertThat(e.status().reason()).isEqualTo("Expired");
            });
            assertThat(uri.get()).startsWith("/api/v1/namespaces/ns/configmaps?watch=true&resourceVersion=4")
                    .contains("labelSelector=app%3Dweb", "allowWatchBookmarks=true", "sendInitialEvents=true",
                            "resourceVersionMatch=NotOlderThan");
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void objectBeforeTypeAndManagedFieldsStrippingAndMetadataOnlyAccept() {
        AtomicReference<String> accept = new AtomicReference<>();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            accept.set(req.requestHeaders().get("Accept"));
            return res.sendString(Flux.just(
                    "{\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"5\",\"managedFields\":[{\"manager\":\"m\"}]}},\"type\":\"ADDED\"}\n",
                    "{\"type\":\"MODIFIED\",\"object\":{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"6\",\"managedFields\":[{\"manager\":\"m\"}]}}}\n"));
        }).bindNow();
        try (KubernetesClient client = scripted(server)) {
            List<WatchEvent<ConfigMap>> events = client.resources(ConfigMap.class)
                    .decoding(dev.capstan.api.KubernetesJson.DecodeOptions.forCache())
                    .watch(WatchOptions.from("4")).collectList().block(Duration.ofSeconds(10));
            assertThat(events).hasSize(2).allSatisfy(e -> {
                ConfigMap object = e instanceof WatchEvent.Added<ConfigMap> a ? a.object() : ((WatchEvent.Modified<ConfigMap>) e).object();
                assertThat(object.metadata().name()).isEqualTo("a");
                assertThat(object.metadata().managedFields()).isNullOrEmpty();
            });
            assertThat(accept.get()).isEqualTo("application/json");

            List<WatchEvent<dev.capstan.api.PartialObjectMetadata>> partial = client.metadata(ConfigMap.RESOURCE)
                    .watch(WatchOptions.from("4")).collectList().block(Duration.ofSeconds(10));
            assertThat(partial).hasSize(2);
            assertThat(accept.get()).isEqualTo("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
            assertThat(((WatchEvent.Added<dev.capstan.api.PartialObjectMetadata>) partial.get(0)).object().metadata().managedFields())
                    .hasSize(1);
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aMalformedLineEndsTheWatchWithAnErrorNamingTheResource() {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> res.sendString(Flux.just(
                "{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"a\"}}}\n", "{\"type\":\"ADDED\",\"obj\n"))).bindNow();
        try (KubernetesClient client = scripted(server)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.resources(ConfigMap.class)
                            .watch(WatchOptions.from("4")).collectList().block(Duration.ofSeconds(10)))
                    .isInstanceOf(dev.capstan.api.DecodeException.class)
                    .hasMessageContaining("watch configmaps in namespace ns: malformed event");
        } finally {
            server.disposeNow();
        }
    }

    private static KubernetesClient scripted(DisposableServer server) {
        return KubernetesClient.create(new ClientConfig(URI.create("http://127.0.0.1:" + server.port()),
                "ns", new TlsSettings(null, false, null), CredentialProvider.none(), null, "scripted"),
                RestOptions.defaults().withoutRateLimit());
    }
}
