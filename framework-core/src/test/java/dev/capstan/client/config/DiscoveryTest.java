package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ClientConfig#load()}: KUBECONFIG, then ~/.kube/config, then in-cluster, then a clear error. */
class DiscoveryTest {

    @TempDir
    Path temp;

    private void mountServiceAccount() {
        Fixtures.write(temp.resolve("serviceaccount/token"), "pod-token");
    }

    private Path homeConfig() {
        return Fixtures.write(temp.resolve("home/.kube/config"), KubeconfigLoaderTest.single("server: https://home.example", "token: t"));
    }

    @Test
    void kubeconfigVariableComesFirst() {
        homeConfig();
        mountServiceAccount();
        Path file = Fixtures.write(temp.resolve("env.yaml"), KubeconfigLoaderTest.single("server: https://env.example", "token: t"));

        ClientConfig config = Discovery.load(Fixtures.environment(temp, "KUBECONFIG", file.toString(),
                "KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_SERVICE_PORT", "443"), Clock.systemUTC());

        assertThat(config.server().getHost()).isEqualTo("env.example");
    }

    @Test
    void homeKubeconfigComesBeforeInCluster() {
        homeConfig();
        mountServiceAccount();

        ClientConfig config = Discovery.load(Fixtures.environment(temp, "KUBERNETES_SERVICE_HOST", "10.0.0.1",
                "KUBERNETES_SERVICE_PORT", "443"), Clock.systemUTC());

        assertThat(config.server().getHost()).isEqualTo("home.example");
    }

    @Test
    void inClusterIsTheFallback() {
        mountServiceAccount();

        ClientConfig config = Discovery.load(Fixtures.environment(temp, "KUBERNETES_SERVICE_HOST", "10.0.0.1",
                "KUBERNETES_SERVICE_PORT", "443"), Clock.systemUTC());

        assertThat(config.description()).startsWith("in-cluster");
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("pod-token"));
    }

    @Test
    void aKubeconfigVariableNamingMissingFilesDoesNotFallBackToInCluster() {
        mountServiceAccount();

        ClientConfigException error = catchThrowableOfType(ClientConfigException.class, () -> Discovery.load(Fixtures.environment(temp,
                "KUBECONFIG", temp.resolve("gone.yaml").toString(), "KUBERNETES_SERVICE_HOST", "10.0.0.1",
                "KUBERNETES_SERVICE_PORT", "443"), Clock.systemUTC()));

        assertThat(error).hasMessageContaining("KUBECONFIG").hasMessageContaining("gone.yaml");
    }

    @Test
    void nothingFoundListsEverythingThatWasTried() {
        ClientConfigException error = catchThrowableOfType(ClientConfigException.class,
                () -> Discovery.load(Fixtures.environment(temp), Clock.systemUTC()));

        assertThat(error).hasMessageContaining("no Kubernetes configuration found")
                .hasMessageContaining("KUBECONFIG environment variable: not set")
                .hasMessageContaining(temp.resolve("home/.kube/config") + ": does not exist")
                .hasMessageContaining("KUBERNETES_SERVICE_HOST is not set");
    }
}
