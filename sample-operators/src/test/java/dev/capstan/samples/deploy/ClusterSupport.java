package dev.capstan.samples.deploy;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinition;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.WriteOptions;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.client.rest.WarningHandler;
import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** What the deployment integration tests share: admin clients, applying manifests, service-account tokens. */
final class ClusterSupport {
    /** The field manager the tests apply the manifests as (what kubectl apply --server-side would use). */
    static final String FIELD_MANAGER = "capstan-deploy-test";
    static final Duration WAIT = Duration.ofSeconds(120);

    private ClusterSupport() {}

    static KubernetesClient admin(TestCluster cluster, String namespace, WarningHandler warnings) {
        ClusterCredentials c = cluster.credentials();
        Credentials credentials = c.bearerToken() != null ? new Credentials.BearerToken(c.bearerToken())
                : new Credentials.ClientCertificate(c.clientCertificatePem(), c.clientKeyPem());
        return KubernetesClient.create(new ClientConfig(cluster.server(), namespace,
                new TlsSettings(c.certificateAuthorityPem(), c.insecureSkipTlsVerify(), null),
                CredentialProvider.of(credentials), null, cluster.description()),
                RestOptions.defaults().withoutRateLimit().withWarningHandler(warnings));
    }

    static KubernetesClient admin(TestCluster cluster, String namespace) {
        return admin(cluster, namespace, WarningHandler.logging());
    }

    /** A client authenticated by a bearer token (a ServiceAccount's). */
    static KubernetesClient withToken(TestCluster cluster, String namespace, String token) {
        return KubernetesClient.create(ClientConfig.builder().server(cluster.server())
                .certificateAuthorityPem(cluster.credentials().certificateAuthorityPem())
                .namespace(namespace).token(token).build(), RestOptions.defaults().withoutRateLimit());
    }

    /** The dynamic client for a manifest's kind, in its namespace when it has one. */
    static ResourceClient<Unstructured> resources(KubernetesClient client, ObjectNode manifest) {
        GroupVersionKind kind = GroupVersionKind.of(manifest.path("apiVersion").asString(), manifest.path("kind").asString());
        ResourceType<Unstructured> type = client.restMapper().unstructuredType(kind);
        ResourceClient<Unstructured> resources = client.resources(type);
        String namespace = manifest.at("/metadata/namespace").asString("");
        return type.namespaced() ? resources.inNamespace(namespace.isEmpty() ? client.namespace() : namespace) : resources;
    }

    /** Server-side apply of one manifest (dry-run=All when asked), as {@value #FIELD_MANAGER}. */
    static Unstructured apply(KubernetesClient client, ObjectNode manifest, boolean dryRun) {
        WriteOptions options = WriteOptions.fieldManager(FIELD_MANAGER).withForce();
        return resources(client, manifest).apply(Unstructured.of(manifest.deepCopy()), dryRun ? options.withDryRun() : options);
    }

    /** Applies the manifests for real, in order, then waits until every CRD among them is served. */
    static void applyAll(KubernetesClient client, List<ObjectNode> manifests) {
        for (ObjectNode manifest : manifests) {
            apply(client, manifest, false);
        }
        awaitServed(client, manifests);
    }

    /** Waits until each CustomResourceDefinition among {@code manifests} is established. */
    static void awaitServed(KubernetesClient client, List<ObjectNode> manifests) {
        ResourceClient<CustomResourceDefinition> crds = client.resources(CustomResourceDefinition.class);
        for (ObjectNode manifest : manifests) {
            if (manifest.path("kind").asString().equals("CustomResourceDefinition")) {
                String name = manifest.at("/metadata/name").asString();
                await().atMost(WAIT).until(() -> {
                    CustomResourceDefinition crd = crds.get(name);
                    return crd.status() != null && crd.status().conditions() != null && crd.status().conditions().stream()
                            .anyMatch(c -> c.type().equals("Established") && c.status().equals("True"));
                });
            }
        }
    }

    /** A fresh token of the ServiceAccount (TokenRequest API, one hour), as the kubelet would mount it. */
    static String token(KubernetesClient admin, String namespace, String serviceAccount) {
        byte[] body = KubernetesJson.encodeToBytes(Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenRequest",
                "spec", Map.of("expirationSeconds", 3600)));
        String response = admin.rest().call(RestRequest.of("POST", "/api/v1/namespaces/" + namespace + "/serviceaccounts/"
                + serviceAccount + "/token").body(body, "application/json")).bodyAsString();
        String token = KubernetesJson.mapper().readTree(response).at("/status/token").asString("");
        if (token.isEmpty()) {
            throw new AssertionError("TokenRequest for " + namespace + "/" + serviceAccount + " returned no token");
        }
        return token;
    }
}
