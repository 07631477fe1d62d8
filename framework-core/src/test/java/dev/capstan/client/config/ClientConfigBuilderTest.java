package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigBuilderTest {

    private static final String TOKEN = "builder-s3cret-token";

    @TempDir
    Path temp;

    @Test
    void buildsAnExplicitConfiguration() {
        ClientConfig config = ClientConfig.builder()
                .server("https://127.0.0.1:6443")
                .namespace("ops")
                .certificateAuthorityFile(Fixtures.path("ca.crt"))
                .tlsServerName("kubernetes")
                .proxy("http://proxy.local:3128")
                .token(TOKEN)
                .build();

        assertThat(config.server()).isEqualTo(URI.create("https://127.0.0.1:6443"));
        assertThat(config.namespace()).isEqualTo("ops");
        assertThat(config.tls()).isEqualTo(new TlsSettings(Pem.normalizeCertificates(Fixtures.text("ca.crt"), "ca"), false, "kubernetes"));
        assertThat(config.proxy()).isEqualTo(URI.create("http://proxy.local:3128"));
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken(TOKEN));
        assertThat(config.description()).isEqualTo("explicit configuration for https://127.0.0.1:6443");
        assertThat(config.withNamespace("other").namespace()).isEqualTo("other");
    }

    @Test
    void clientCertificateKeysAreNormalizedToPkcs8() {
        ClientConfig fromFiles = ClientConfig.builder().server("https://a").clientCertificateFiles(Fixtures.path("ec-client.crt"),
                Fixtures.path("ec-sec1.key")).build();
        ClientConfig fromPem = ClientConfig.builder().server("https://a").clientCertificate(Fixtures.text("ec-client.crt"),
                Fixtures.text("ec-pkcs8.key")).build();

        Credentials.ClientCertificate a = (Credentials.ClientCertificate) fromFiles.credentials().current();
        Credentials.ClientCertificate b = (Credentials.ClientCertificate) fromPem.credentials().current();
        assertThat(a.privateKeyPkcs8Pem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(a.certificatePem()).isEqualTo(b.certificatePem());
    }

    @Test
    void defaultsAreAnonymousDefaultNamespaceAndTheJvmTrustStore() {
        ClientConfig config = ClientConfig.builder().server(URI.create("http://localhost:8080")).build();

        assertThat(config.credentials().current()).isEqualTo(Credentials.none());
        assertThat(config.namespace()).isEqualTo(ClientConfig.DEFAULT_NAMESPACE);
        assertThat(config.tls()).isEqualTo(TlsSettings.defaults());
        assertThat(config.proxy()).isNull();
    }

    @Test
    void misuseIsReportedAtBuild() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> ClientConfig.builder().build()))
                .hasMessageContaining("server is required");
        assertThat(catchThrowableOfType(ClientConfigException.class,
                () -> ClientConfig.builder().server("https://a").token(TOKEN).exec(ExecPlugin.of("plugin")).build()))
                .hasMessageContaining("set one credential source, not token and exec").hasMessageNotContaining(TOKEN);
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> ClientConfig.builder().server("https://a")
                .certificateAuthorityPem(Fixtures.text("ca.crt")).insecureSkipTlsVerify(true).build()))
                .hasMessageContaining("exclude each other");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> ClientConfig.builder().server("ftp://a").build()))
                .hasMessageContaining("http or https");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> ClientConfig.builder().server("https://a")
                .certificateAuthorityFile(temp.resolve("nope.crt")).build()))
                .hasMessageContaining("certificateAuthorityFile").hasMessageContaining("nope.crt does not exist");
    }

    @Test
    void toStringsNeverShowSecrets() {
        ClientConfig config = ClientConfig.builder().server("https://a").proxy("http://user:" + TOKEN + "@proxy:3128").token(TOKEN).build();
        Credentials.ClientCertificate certificate = PrivateKeys.clientCertificate(Fixtures.text("rsa-client.crt"), "c",
                Fixtures.text("rsa-pkcs1.key"), "k");

        assertThat(config.toString()).doesNotContain(TOKEN).contains("proxy=http://<redacted>@proxy:3128", "static bearer token");
        assertThat(new Credentials.BearerToken(TOKEN).toString()).isEqualTo("BearerToken[token=<redacted>]");
        assertThat(certificate.toString()).doesNotContain(certificate.privateKeyPkcs8Pem().substring(40, 80)).contains("<redacted>");
        assertThat(Credentials.none().toString()).isEqualTo("Credentials.None");
        assertThat(config.tls().toString()).isEqualTo("TlsSettings[certificateAuthority=default trust store, insecureSkipTlsVerify=false]");
        assertThat(TlsSettings.trusting(Fixtures.text("ca.crt")).toString()).contains("1 certificate(s)");
    }

    @Test
    void blankTokensAndConflictingTlsSettingsAreRejectedByTheValues() {
        assertThatThrownBy(() -> new Credentials.BearerToken(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsSettings("pem", true, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecPlugin.of("p").withApiVersion("client.authentication.k8s.io/v1alpha1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CredentialProvider.of(Credentials.none())).isSameAs(CredentialProvider.none());
    }

    @Test
    void concurrentCallersShareOneRunOfTheExecPlugin() throws Exception {
        Path counter = temp.resolve("count");
        Path script = Fixtures.script(temp.resolve("plugin.sh"), "echo run >> '" + counter + "'\n"
                + "echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'\n");
        ClientConfig config = ClientConfig.builder().server("https://a").exec(ExecPlugin.of(script.toString()).withTimeout(Duration.ofSeconds(20)))
                .clock(MutableClock.at("2030-01-01T00:00:00Z")).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Credentials>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return config.credentials().current();
                }));
            }
            start.countDown();
            for (Future<Credentials> result : results) {
                assertThat(result.get()).isEqualTo(new Credentials.BearerToken("t"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Fixtures.invocations(counter)).isEqualTo(1);
    }

    @Test
    void tokenFileFromTheBuilderRefreshesOnTheInjectedClock() {
        Path token = Fixtures.write(temp.resolve("token"), "first");
        MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
        ClientConfig config = ClientConfig.builder().server("https://a").tokenFile(token).clock(clock).build();

        Fixtures.write(token, "second");
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("first"));
        clock.advance(FileTokenProvider.REFRESH_INTERVAL);
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("second"));
    }
}
