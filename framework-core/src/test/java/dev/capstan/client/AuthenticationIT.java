package dev.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.ServiceAccount;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.rbac.v1.RoleBinding;
import dev.capstan.api.rbac.v1.RoleRef;
import dev.capstan.api.rbac.v1.Subject;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.ExecPlugin;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the client authenticates, against the real API server: a service-account bearer
 * token, an exec credential plugin (cached, re-run after a 401), and in-cluster mode whose
 * token file rotates. Client certificates are what every other integration test uses.
 */
@KubernetesTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationIT {
    private KubernetesClient admin;
    private String namespace;
    private TestCluster cluster;

    @BeforeAll
    void setUp(TestCluster cluster, TestNamespace namespace) {
        this.cluster = cluster;
        this.namespace = namespace.name();
        admin = TestClients.client(cluster, this.namespace);
    }

    @AfterAll
    void tearDown() {
        admin.close();
    }

    /** A service account allowed to edit this namespace, and a fresh token for it. */
    private String editorToken(String serviceAccount) {
        admin.resources(ServiceAccount.class).create(ServiceAccount.builder()
                .metadata(ObjectMeta.builder().name(serviceAccount).build()).build());
        admin.resources(RoleBinding.class).create(RoleBinding.builder()
                .metadata(ObjectMeta.builder().name(serviceAccount + "-edit").build())
                .roleRef(RoleRef.builder().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name("edit").build())
                .subjects(List.of(Subject.builder().kind("ServiceAccount").name(serviceAccount).namespace(namespace).build()))
                .build());
        byte[] body = KubernetesJson.encodeToBytes(java.util.Map.of("apiVersion", "authentication.k8s.io/v1",
                "kind", "TokenRequest", "spec", java.util.Map.of("expirationSeconds", 3600)));
        String response = admin.rest().call(RestRequest.of("POST",
                        "/api/v1/namespaces/" + namespace + "/serviceaccounts/" + serviceAccount + "/token")
                .body(body, "application/json")).bodyAsString();
        return KubernetesJson.mapper().readTree(response).at("/status/token").asString();
    }

    private ClientConfig.Builder base() {
        return ClientConfig.builder()
                .server(cluster.server())
                .certificateAuthorityPem(cluster.credentials().certificateAuthorityPem())
                .namespace(namespace);
    }

    @Test
    void bearerTokenAuthenticatesAndRbacApplies() {
        String token = editorToken("token-user");
        try (KubernetesClient client = KubernetesClient.create(base().token(token).build(), RestOptions.defaults())) {
            client.resources(ConfigMap.class).create(ConfigMap.builder().metadata(ObjectMeta.builder().name("by-token").build()).build());
            assertThat(client.resources(ConfigMap.class).get("by-token").metadata().name()).isEqualTo("by-token");
            assertThatThrownBy(() -> client.resources(ConfigMap.class).inNamespace("kube-system").list())
                    .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isForbidden()).isTrue())
                    .hasMessageContaining("list configmaps in namespace kube-system: HTTP 403 Forbidden")
                    .hasMessageNotContaining(token);
        }
    }

    @Test
    void execPluginIsCachedAndRunAgainAfterARejection(@TempDir Path dir) throws Exception {
        String token = editorToken("exec-user");
        Path counter = dir.resolve("calls");
        // The first run hands out a token the server rejects; later runs the real one.
        Path script = dir.resolve("credential-plugin");
        Files.writeString(script, """
                #!/bin/sh
                echo x >> "%s"
                if [ "$(wc -l < "%s")" -eq 1 ]; then TOKEN=not-a-valid-token; else TOKEN=%s; fi
                cat <<JSON
                {"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
                 "status":{"token":"$TOKEN","expirationTimestamp":"%s"}}
                JSON
                """.formatted(counter, counter, token, Instant.now().plusSeconds(3600).toString()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        try (KubernetesClient client = KubernetesClient.create(base().exec(ExecPlugin.of(script.toString())).build(),
                RestOptions.defaults())) {
            ResourceClient<ConfigMap> maps = client.resources(ConfigMap.class);
            maps.list();      // 401 with the first token, plugin runs again, retried once
            maps.list();      // cached
            maps.list();      // cached
        }
        assertThat(Files.readAllLines(counter, StandardCharsets.UTF_8)).hasSize(2);
    }

    @Test
    void inClusterConfigFollowsARotatedTokenFile(@TempDir Path serviceAccountDir) throws Exception {
        String first = editorToken("rotate-a");
        String second = editorToken("rotate-b");
        Files.writeString(serviceAccountDir.resolve("token"), first);
        Files.writeString(serviceAccountDir.resolve("ca.crt"), cluster.credentials().certificateAuthorityPem());
        Files.writeString(serviceAccountDir.resolve("namespace"), namespace);
        ClientConfig inCluster = ClientConfig.inCluster(serviceAccountDir, cluster.server().getHost(), cluster.server().getPort());
        assertThat(inCluster.namespace()).isEqualTo(namespace);

        try (KubernetesClient client = KubernetesClient.create(inCluster, RestOptions.defaults())) {
            assertThat(client.resources(ConfigMap.class).list().items()).isNotNull();

            // Rotate: the kubelet writes a new token; the old one stops working when its account goes.
            Files.writeString(serviceAccountDir.resolve("token"), second);
            admin.resources(ServiceAccount.class).delete("rotate-a");
            try (KubernetesClient old = KubernetesClient.create(base().token(first).build(), RestOptions.defaults())) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThatThrownBy(() -> old.resources(ConfigMap.class).list())
                                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isUnauthorized()).isTrue()));
            }

            // The first token is now refused; the in-cluster client re-reads the file after the 401.
            assertThat(client.resources(ConfigMap.class).list().items()).isNotNull();
        }
    }
}
