package dev.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import org.junit.jupiter.api.Test;

/** proxy-url: the client reaches the real API server through an HTTP CONNECT tunnel. */
@KubernetesTest
class ProxyIT {

    @Test
    void requestsTunnelThroughAnHttpConnectProxy(TestCluster cluster, TestNamespace namespace) throws Exception {
        try (ConnectProxy proxy = new ConnectProxy()) {
            ClientConfig direct = TestClients.config(cluster, namespace.name());
            ClientConfig proxied = new ClientConfig(direct.server(), direct.namespace(), direct.tls(), direct.credentials(),
                    java.net.URI.create("http://127.0.0.1:" + proxy.port()), "proxied test config");
            try (KubernetesClient client = KubernetesClient.create(proxied, RestOptions.defaults())) {
                assertThat(client.resources(ConfigMap.class).list().items()).isNotNull();
            }
            assertThat(proxy.targets()).isNotEmpty()
                    .allMatch(target -> target.equals(cluster.server().getHost() + ":" + cluster.server().getPort()));
        }
    }

    @Test
    void proxiesTheTransportCannotUseAreRefusedUpFront(TestCluster cluster, TestNamespace namespace) {
        ClientConfig direct = TestClients.config(cluster, namespace.name());
        ClientConfig socks = new ClientConfig(direct.server(), direct.namespace(), direct.tls(), direct.credentials(),
                java.net.URI.create("https://user:secret@proxy.example.org:3128"), "config with an https proxy");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubernetesClient.create(socks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only plain http:// proxies without credentials are supported yet")
                .hasMessageNotContaining("secret");
    }
}
