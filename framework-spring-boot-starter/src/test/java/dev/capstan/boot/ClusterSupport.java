package dev.capstan.boot;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.ServiceAccount;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.TestCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the starter's integration tests share: clients for the test cluster and an application runner. */
final class ClusterSupport {
    private ClusterSupport() {}

    static ClientConfig adminConfig(TestCluster cluster, String namespace) {
        ClusterCredentials c = cluster.credentials();
        Credentials credentials = c.bearerToken() != null ? new Credentials.BearerToken(c.bearerToken())
                : new Credentials.ClientCertificate(c.clientCertificatePem(), c.clientKeyPem());
        return new ClientConfig(cluster.server(), namespace, new TlsSettings(c.certificateAuthorityPem(), c.insecureSkipTlsVerify(), null),
                CredentialProvider.of(credentials), null, cluster.description());
    }

    static KubernetesClient admin(TestCluster cluster, String namespace) {
        return KubernetesClient.create(adminConfig(cluster, namespace), RestOptions.defaults().withoutRateLimit());
    }

    /**
     * The application as a user would run it, with the test cluster's client supplied as a user
     * bean (the auto-configured one backs off), a sync timeout that fails in test time, and
     * informers limited to {@code namespace}.
     */
    static ApplicationContextRunner application(TestCluster cluster, String namespace) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CapstanAutoConfiguration.class))
                .withBean(KubernetesClient.class, () -> admin(cluster, namespace),
                        definition -> ((AbstractBeanDefinition) definition).setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD))
                .withPropertyValues("capstan.informers.sync-timeout=30s", "capstan.informers.namespaces=" + namespace);
    }

    static ConfigMap configMap(String namespace, String name, Map<String, String> labels, Map<String, String> data) {
        return ConfigMap.builder().metadata(ObjectMeta.builder().namespace(namespace).name(name).labels(labels).build()).data(data).build();
    }

    /** A ServiceAccount with no RBAC at all, and a fresh token for it (TokenRequest API). */
    static String serviceAccountWithoutRights(KubernetesClient admin, String namespace, String name) {
        admin.resources(ServiceAccount.class).inNamespace(namespace)
                .create(ServiceAccount.builder().metadata(ObjectMeta.builder().namespace(namespace).name(name).build()).build());
        byte[] body = KubernetesJson.encodeToBytes(Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "TokenRequest",
                "spec", Map.of("expirationSeconds", 3600)));
        String response = admin.rest().call(RestRequest.of("POST", "/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name + "/token")
                .body(body, "application/json")).bodyAsString();
        return KubernetesJson.mapper().readTree(response).at("/status/token").asString();
    }

    /**
     * The API server's count of open watch requests on namespaced ConfigMaps
     * ({@code apiserver_longrunning_requests{verb="WATCH",resource="configmaps",scope="namespace"}}).
     */
    static long openNamespacedConfigMapWatches(KubernetesClient admin) {
        String metrics = admin.rest().call(RestRequest.of("GET", "/metrics")).bodyAsString();
        long total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("apiserver_longrunning_requests{") && line.contains("resource=\"configmaps\"")
                    && line.contains("scope=\"namespace\"") && line.contains("verb=\"WATCH\"")) {
                total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** Reconciles seen by the test's reconcilers, in order. */
    static final class Recorder {
        record Reconcile(String controller, String identity, String key, long startNanos, long endNanos) {}

        final List<Reconcile> reconciles = new CopyOnWriteArrayList<>();

        void record(String controller, String identity, String key, long startNanos) {
            reconciles.add(new Reconcile(controller, identity, key, startNanos, System.nanoTime()));
        }

        long count(String controller, String key) {
            return reconciles.stream().filter(r -> r.controller().equals(controller) && r.key().equals(key)).count();
        }
    }
}
