package dev.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
    private static final String CA = "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n";
    private static final String CERT = "-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    @Test
    void writtenKubeconfigReadsBackToTheSameServerAndCredentials() throws Exception {
        Path file = dir.resolve("sub/kubeconfig");
        Kubeconfig.write(file, URI.create("https://127.0.0.1:6443"), ClusterCredentials.clientCertificate(CA, CERT, KEY), "capstan-local");

        Kubeconfig.Target target = Kubeconfig.read(List.of(file));

        assertThat(target.server()).isEqualTo(URI.create("https://127.0.0.1:6443"));
        assertThat(target.context()).isEqualTo("capstan-local");
        assertThat(target.credentials()).isEqualTo(ClusterCredentials.clientCertificate(CA, CERT, KEY));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void currentContextMayComeFromOneFileAndItsEntriesFromAnother() throws Exception {
        Path first = write("first", "current-context: b\n");
        Path second = write("second", """
                clusters:
                - name: cb
                  cluster: {server: "https://b.example.org:443", insecure-skip-tls-verify: true}
                users:
                - name: ub
                  user: {tokenFile: %s}
                contexts:
                - name: b
                  context: {cluster: cb, user: ub}
                """.formatted(write("token", "s3cr3t\n")));

        Kubeconfig.Target target = Kubeconfig.read(List.of(first, second));

        assertThat(target.server()).isEqualTo(URI.create("https://b.example.org:443"));
        assertThat(target.credentials().bearerToken()).isEqualTo("s3cr3t");
        assertThat(target.credentials().insecureSkipTlsVerify()).isTrue();
    }

    @Test
    void execPluginIsRefusedNamingContextAndUser() throws Exception {
        Path file = write("exec", """
                current-context: eks
                clusters: [{name: c, cluster: {server: "https://x.example.org", insecure-skip-tls-verify: true}}]
                users: [{name: aws, user: {exec: {command: aws}}}]
                contexts: [{name: eks, context: {cluster: c, user: aws}}]
                """);
        assertThatThrownBy(() -> Kubeconfig.read(List.of(file)))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("context 'eks', user 'aws' authenticates with an exec or auth-provider plugin");
    }

    @Test
    void missingContextEntryIsNamed() throws Exception {
        Path file = write("broken", "current-context: nowhere\ncontexts: []\n");
        assertThatThrownBy(() -> Kubeconfig.read(List.of(file)))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("no entry named 'nowhere' in contexts");
    }

    @Test
    void missingFilesSayWhatToSet() {
        assertThatThrownBy(() -> Kubeconfig.read(List.of(dir.resolve("absent"))))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("set KUBECONFIG");
    }

    @Test
    void invalidYamlNamesTheFile() throws Exception {
        Path file = write("bad", "clusters: [unclosed\n");
        assertThatThrownBy(() -> Kubeconfig.read(List.of(file)))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("kubeconfig " + file + " is not valid YAML");
    }

    @Test
    void unreadableCaFileIsNamed() throws Exception {
        Path file = write("cafile", """
                current-context: a
                clusters: [{name: c, cluster: {server: "https://x.example.org", certificate-authority: /nonexistent/ca.crt}}]
                contexts: [{name: a, context: {cluster: c}}]
                """);
        assertThatThrownBy(() -> Kubeconfig.read(List.of(file)))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("cluster 'c': cannot read certificate-authority file /nonexistent/ca.crt");
    }

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
