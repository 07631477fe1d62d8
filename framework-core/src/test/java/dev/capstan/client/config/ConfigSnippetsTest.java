package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples of docs/client-configuration.md and the package Javadoc, compiled and run against the fixtures. */
class ConfigSnippetsTest {

    @Test
    void kubeconfigWithChosenFilesAndContext() {
        Path ci = Fixtures.path("merge/second/second.yaml");

        ClientConfig config = ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withFiles(ci).withContext("second-context"));

        assertThat(config.description()).isEqualTo("kubeconfig " + ci + ", context 'second-context'");
    }

    @Test
    void explicitConfigurationWithFiles() {
        ClientConfig local = ClientConfig.builder()
                .server("https://127.0.0.1:6443")
                .certificateAuthorityFile(Fixtures.path("ca.crt"))
                .clientCertificateFiles(Fixtures.path("rsa-client.crt"), Fixtures.path("rsa-pkcs1.key"))
                .build();

        assertThat(local.credentials().current()).isInstanceOf(Credentials.ClientCertificate.class);
    }

    @Test
    void execPluginInCode() {
        ClientConfig config = ClientConfig.builder()
                .server("https://eks.example")
                .exec(ExecPlugin.of("aws", "eks", "get-token", "--cluster-name", "prod").withEnv(Map.of("AWS_PROFILE", "prod")))
                .build();

        assertThat(config.credentials().toString()).isEqualTo("exec plugin 'aws' of ClientConfig.builder()");
    }
}
