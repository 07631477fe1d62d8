package dev.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Transport failures against the real API server: each names the URL, the configuration and what to check. */
@KubernetesTest
class TransportErrorsIT {

    @Test
    void certificateAuthorityThatDidNotSignTheServerIsNamed(TestCluster cluster) throws IOException {
        String otherCa;
        try (InputStream in = getClass().getResourceAsStream("/client-config/ca.crt")) {
            otherCa = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        ClientConfig config = ClientConfig.builder().server(cluster.server()).certificateAuthorityPem(otherCa)
                .token("irrelevant-token").description("test config with the wrong CA").build();
        try (KubernetesClient client = KubernetesClient.create(config, RestOptions.defaults().withMaxRetries(0))) {
            assertThatThrownBy(() -> client.resources(ConfigMap.class).list())
                    .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.code()).isZero())
                    .hasMessageContaining("cannot reach the API server at " + cluster.server() + " (test config with the wrong CA)")
                    .hasMessageContaining("certificate is not trusted: check certificate-authority")
                    .hasMessageNotContaining("irrelevant-token");
        }
    }

    @Test
    void tlsServerNameIsWhatTheCertificateIsCheckedAgainst(TestCluster cluster) {
        // The local API server's certificate covers the in-cluster names, not "wrong.example.org".
        ClientConfig.Builder base = ClientConfig.builder().server(cluster.server())
                .certificateAuthorityPem(cluster.credentials().certificateAuthorityPem())
                .clientCertificate(cluster.credentials().clientCertificatePem(), cluster.credentials().clientKeyPem());
        try (KubernetesClient client = KubernetesClient.create(base.tlsServerName("kubernetes.default.svc").build())) {
            assertThat(client.resources(ConfigMap.class).inNamespace("default").list().items()).isNotNull();
        }
        try (KubernetesClient client = KubernetesClient.create(base.tlsServerName("wrong.example.org").build(),
                RestOptions.defaults().withMaxRetries(0))) {
            assertThatThrownBy(() -> client.resources(ConfigMap.class).inNamespace("default").list())
                    .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.code()).isZero())
                    .hasMessageContaining("certificate is not trusted");
        }
    }

    @Test
    void unreachableServerIsNamed(TestCluster cluster) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ClientConfig config = ClientConfig.builder().server("https://127.0.0.1:" + closedPort)
                .certificateAuthorityPem(cluster.credentials().certificateAuthorityPem()).token("t")
                .description("test config").build();
        try (KubernetesClient client = KubernetesClient.create(config, RestOptions.defaults().withMaxRetries(1))) {
            assertThatThrownBy(() -> client.resources(ConfigMap.class).inNamespace("default").get("x"))
                    .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.code()).isZero())
                    .hasMessageContaining("get configmap default/x: cannot reach the API server at https://127.0.0.1:" + closedPort)
                    .hasMessageContaining("nothing answers there");
        }
    }
}
