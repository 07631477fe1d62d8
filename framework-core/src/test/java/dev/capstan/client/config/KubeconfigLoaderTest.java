package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigLoaderTest {

    @TempDir
    Path temp;

    private final Path first = Fixtures.path("merge/first.yaml");
    private final Path second = Fixtures.path("merge/second/second.yaml");

    private ClientConfig load(KubeconfigOptions options) {
        return new KubeconfigLoader(Fixtures.environment(temp), Clock.systemUTC()).load(options);
    }

    @Test
    void firstFileToDefineANameWinsAndCurrentContextComesFromTheFirstFileThatSetsIt() {
        ClientConfig config = load(KubeconfigOptions.defaults().withFiles(first, second));

        assertThat(config.server()).isEqualTo(URI.create("https://first.example:6443"));
        assertThat(config.namespace()).isEqualTo("team-a");
        assertThat(config.tls().certificateAuthorityPem()).isEqualTo(Pem.normalizeCertificates(Fixtures.text("ca.crt"), "ca"));
        assertThat(config.credentials().current()).isInstanceOf(Credentials.ClientCertificate.class);
        assertThat(config.description()).isEqualTo("kubeconfig " + first + ", context 'first-context'");
    }

    @Test
    void reversedOrderMakesTheOtherFileWin() {
        ClientConfig config = load(KubeconfigOptions.defaults().withFiles(second, first));

        assertThat(config.description()).contains("context 'second-context'");
        assertThat(config.server()).isEqualTo(URI.create("https://only-second.example:443/prefix"));
        assertThat(config.namespace()).isEqualTo("default");
        assertThat(config.tls().serverName()).isEqualTo("kubernetes.internal");
        assertThat(config.tls().certificateAuthorityPem()).contains("BEGIN CERTIFICATE");
        assertThat(config.proxy()).isEqualTo(URI.create("http://proxy.example:3128"));
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-from-file"));
    }

    @Test
    void sharedEntriesAreTakenWholeFromTheFirstFileNotMergedFieldByField() {
        ClientConfig config = load(KubeconfigOptions.defaults().withFiles(second, first).withContext("first-context"));

        // second.yaml's first-context wins: its cluster, its user, its namespace.
        assertThat(config.namespace()).isEqualTo("loses");
        assertThat(config.server().getHost()).isEqualTo("only-second.example");
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("token-from-file"));
    }

    @Test
    void kubeconfigVariableListsFilesToMergeAndSkipsMissingOnes() {
        String variable = String.join(File.pathSeparator, temp.resolve("missing.yaml").toString(), first.toString(), "", second.toString());
        ClientConfig config = new KubeconfigLoader(Fixtures.environment(temp, "KUBECONFIG", variable), Clock.systemUTC())
                .load(KubeconfigOptions.defaults());

        assertThat(config.description()).isEqualTo("kubeconfig " + first + ", context 'first-context'");
    }

    @Test
    void explicitContextOverridesCurrentContext() {
        ClientConfig config = load(KubeconfigOptions.defaults().withFiles(first, second).withContext("second-context"));

        assertThat(config.server().getHost()).isEqualTo("only-second.example");
        assertThat(config.description()).isEqualTo("kubeconfig " + second + ", context 'second-context'");
    }

    @Test
    void contextWithoutUserIsAnonymousAndInsecureSkipTlsVerifyIsRead() {
        ClientConfig config = load(KubeconfigOptions.defaults().withFiles(first).withContext("anonymous"));

        assertThat(config.credentials().current()).isEqualTo(Credentials.none());
        assertThat(config.tls().insecureSkipTlsVerify()).isTrue();
        assertThat(config.tls().certificateAuthorityPem()).isNull();
    }

    @Test
    void defaultLocationIsHomeKubeConfig() {
        Fixtures.write(temp.resolve("home/.kube/config"), single("server: https://home.example", "token: t"));

        ClientConfig config = load(KubeconfigOptions.defaults());

        assertThat(config.server().getHost()).isEqualTo("home.example");
        assertThat(config.description()).contains(temp.resolve("home/.kube/config").toString());
    }

    @Test
    void dataFieldsHoldBase64PemAndKeysBecomePkcs8() {
        Path file = Fixtures.write(temp.resolve("data.yaml"), single(
                "server: https://data.example\n    certificate-authority-data: " + Fixtures.base64("ca.crt"),
                "client-certificate-data: " + Fixtures.base64("ec-client.crt") + "\n    client-key-data: " + Fixtures.base64("ec-sec1.key")));

        ClientConfig config = load(KubeconfigOptions.defaults().withFiles(file));

        Credentials.ClientCertificate certificate = (Credentials.ClientCertificate) config.credentials().current();
        assertThat(certificate.privateKeyPkcs8Pem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(certificate.certificatePem()).isEqualTo(Pem.normalizeCertificates(Fixtures.text("ec-client.crt"), "cert"));
        assertThat(config.tls().certificateAuthorityPem()).contains("BEGIN CERTIFICATE");
    }

    @Test
    void staticTokenAndSchemelessServer() {
        Path file = Fixtures.write(temp.resolve("token.yaml"), single("server: 10.1.2.3:6443", "token: \"  static-token \""));

        ClientConfig config = load(KubeconfigOptions.defaults().withFiles(file));

        assertThat(config.server()).isEqualTo(URI.create("https://10.1.2.3:6443"));
        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("static-token"));
    }

    @Test
    void tokenWinsOverTokenFileAndCertificateWinsOverToken() {
        Path both = Fixtures.write(temp.resolve("both.yaml"), single("server: https://a", "token: inline\n    tokenFile: /nonexistent"));
        assertThat(load(KubeconfigOptions.defaults().withFiles(both)).credentials().current()).isEqualTo(new Credentials.BearerToken("inline"));

        Path certAndToken = Fixtures.write(temp.resolve("cert-and-token.yaml"), single("server: https://a",
                "token: inline\n    client-certificate: " + Fixtures.path("rsa-client.crt") + "\n    client-key: " + Fixtures.path("rsa-pkcs8.key")));
        assertThat(load(KubeconfigOptions.defaults().withFiles(certAndToken)).credentials().current())
                .isInstanceOf(Credentials.ClientCertificate.class);
    }

    @Test
    void emptyFileInTheListContributesNothing() {
        Path empty = Fixtures.write(temp.resolve("empty.yaml"), "");

        ClientConfig config = load(KubeconfigOptions.defaults().withFiles(empty, first));

        assertThat(config.description()).contains("first-context");
    }

    @Test
    void optionsCopyTheirFileListAndDefaultTheTimeout() {
        KubeconfigOptions options = KubeconfigOptions.defaults().withFiles(List.of(first)).withContext(" ");
        assertThat(options.context()).isNull();
        assertThat(options.execTimeout()).isEqualTo(ExecPlugin.DEFAULT_TIMEOUT);
        assertThat(options.files()).containsExactly(first);
    }

    /** A one-context kubeconfig: {@code clusterFields} and {@code userFields} are indented under cluster/user. */
    static String single(String clusterFields, String userFields) {
        return """
                apiVersion: v1
                kind: Config
                current-context: only
                clusters:
                - name: c
                  cluster:
                    %s
                users:
                - name: u
                  user:
                    %s
                contexts:
                - name: only
                  context:
                    cluster: c
                    user: u
                """.formatted(clusterFields, userFields);
    }
}
