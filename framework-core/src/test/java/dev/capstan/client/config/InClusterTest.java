package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InClusterTest {

    @TempDir
    Path temp;

    private Path serviceAccount;
    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");

    @BeforeEach
    void mountServiceAccount() {
        serviceAccount = temp.resolve("serviceaccount");
        Fixtures.write(serviceAccount.resolve("token"), "token-one\n");
        Fixtures.write(serviceAccount.resolve("ca.crt"), Fixtures.text("ca.crt"));
        Fixtures.write(serviceAccount.resolve("namespace"), "operators");
    }

    private ClientConfig load(String host) {
        return InClusterLoader.load(serviceAccount, host, "443", null, clock);
    }

    @Test
    void readsTheServiceAccountAndTheServiceAddress() {
        ClientConfig config = ClientConfig.inCluster(serviceAccount, "10.96.0.1", 443);

        assertThat(config.server()).isEqualTo(URI.create("https://10.96.0.1:443"));
        assertThat(config.namespace()).isEqualTo("operators");
        assertThat(config.tls().certificateAuthorityPem()).isEqualTo(Pem.normalizeCertificates(Fixtures.text("ca.crt"), "ca"));
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-one"));
        assertThat(config.proxy()).isNull();
        assertThat(config.description()).startsWith("in-cluster").contains(serviceAccount.toString()).doesNotContain("token-one");
    }

    @Test
    void ipv6HostIsBracketed() {
        assertThat(load("fd00:10:96::1").server()).isEqualTo(URI.create("https://[fd00:10:96::1]:443"));
        assertThat(load("[fd00::1]").server().getHost()).isEqualTo("[fd00::1]");
    }

    @Test
    void rotatedTokenIsReadOnceTheMinuteIsUp() {
        ClientConfig config = load("10.96.0.1");
        Fixtures.write(serviceAccount.resolve("token"), "token-two\n");

        clock.advance(Duration.ofSeconds(59));
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-one"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-two"));
    }

    @Test
    void invalidateRereadsTheTokenAtOnce() {
        ClientConfig config = load("10.96.0.1");
        Credentials old = config.credentials().current();
        Fixtures.write(serviceAccount.resolve("token"), "token-two\n");

        config.credentials().invalidate(new Credentials.BearerToken("some-other-token"));
        assertThat(config.credentials().current()).isEqualTo(old);
        config.credentials().invalidate(old);
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-two"));
    }

    @Test
    void aTokenFileThatVanishesOrEmptiesKeepsTheLastToken() throws Exception {
        ClientConfig config = load("10.96.0.1");

        Files.delete(serviceAccount.resolve("token"));
        clock.advance(Duration.ofMinutes(2));
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-one"));

        Fixtures.write(serviceAccount.resolve("token"), "  \n");
        config.credentials().invalidate();
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-one"));

        Fixtures.write(serviceAccount.resolve("token"), "token-three");
        clock.advance(Duration.ofMinutes(1));
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-three"));
    }

    @Test
    void aMissingTokenFailsNamingTheFile() throws Exception {
        Files.delete(serviceAccount.resolve("token"));

        assertThat(catchThrowableOfType(ClientConfigException.class, () -> load("10.96.0.1")))
                .hasMessageContaining("service-account token").hasMessageContaining(serviceAccount.resolve("token") + " does not exist");
    }

    @Test
    void withoutCaOrNamespaceFileTheDefaultsApply() throws Exception {
        Files.delete(serviceAccount.resolve("ca.crt"));
        Files.delete(serviceAccount.resolve("namespace"));

        ClientConfig config = load("10.96.0.1");

        assertThat(config.tls()).isEqualTo(TlsSettings.defaults());
        assertThat(config.namespace()).isEqualTo("default");
    }

    @Test
    void environmentGivesTheAddressAndPodNamespaceOverridesTheFile() {
        Environment environment = new Environment(Fixtures.environment(temp, "KUBERNETES_SERVICE_HOST", "10.0.0.1",
                "KUBERNETES_SERVICE_PORT", "6443", "POD_NAMESPACE", "from-env").variables(), temp, serviceAccount);

        ClientConfig config = InClusterLoader.load(environment, clock);

        assertThat(config.server()).isEqualTo(URI.create("https://10.0.0.1:6443"));
        assertThat(config.namespace()).isEqualTo("from-env");
    }

    @Test
    void outsideAPodTheMissingVariablesAreNamed() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> InClusterLoader.load(Fixtures.environment(temp), clock)))
                .hasMessageContaining("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> InClusterLoader.load(
                Fixtures.environment(temp, "KUBERNETES_SERVICE_HOST", "10.0.0.1"), clock)))
                .hasMessageContaining("KUBERNETES_SERVICE_PORT is not set");
    }

    @Test
    void aPortThatIsNotANumberIsRefused() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> InClusterLoader.load(serviceAccount, "10.0.0.1", "https", null, clock)))
                .hasMessageContaining("KUBERNETES_SERVICE_PORT 'https' is not a port number");
    }

    @Test
    void tokenFileProviderIsAvailableOnItsOwn() {
        CredentialProvider provider = CredentialProvider.tokenFile(serviceAccount.resolve("token"));

        assertThat(provider.current()).isEqualTo(new Credentials.BearerToken("token-one"));
        assertThat(provider.toString()).doesNotContain("token-one");
    }
}
