package dev.capstan.client;

import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.TestCluster;

/** Capstan clients for the test cluster of testing-support, for every client test package. */
public final class TestClients {
    private TestClients() {}

    public static ClientConfig config(TestCluster cluster, String namespace) {
        ClusterCredentials c = cluster.credentials();
        Credentials credentials = c.bearerToken() != null
                ? new Credentials.BearerToken(c.bearerToken())
                : new Credentials.ClientCertificate(c.clientCertificatePem(), c.clientKeyPem());
        return new ClientConfig(cluster.server(), namespace,
                new TlsSettings(c.certificateAuthorityPem(), c.insecureSkipTlsVerify(), null),
                CredentialProvider.of(credentials), null, cluster.description());
    }

    public static KubernetesClient client(TestCluster cluster, String namespace) {
        return KubernetesClient.create(config(cluster, namespace), RestOptions.defaults().withoutRateLimit());
    }
}
