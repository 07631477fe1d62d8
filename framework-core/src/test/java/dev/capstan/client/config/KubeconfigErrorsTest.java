package dev.capstan.client.config;

import static dev.capstan.client.config.KubeconfigLoaderTest.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad kubeconfig fails with a message that names the place and omits secrets. */
class KubeconfigErrorsTest {

    private static final String SECRET = "s3cr3t-t0ken-value";

    @TempDir
    Path temp;

    private ClientConfigException failure(String content) {
        Path file = Fixtures.write(temp.resolve("config.yaml"), content);
        return failure(KubeconfigOptions.defaults().withFiles(file));
    }

    private ClientConfigException failure(KubeconfigOptions options, String... variables) {
        return catchThrowableOfType(ClientConfigException.class,
                () -> new KubeconfigLoader(Fixtures.environment(temp, variables), Clock.systemUTC()).load(options));
    }

    @Test
    void yamlSyntaxErrorNamesFileLineAndProblemButNotTheQuotedLine() {
        ClientConfigException error = failure("""
                apiVersion: v1
                users:
                - name: u
                  user:
                    token: %s: oops
                """.formatted(SECRET));

        assertThat(error).hasMessageContaining(temp.resolve("config.yaml").toString())
                .hasMessageContaining("line 5")
                .hasMessageContaining("mapping values are not allowed here");
        Fixtures.assertNoSecrets(error, SECRET);
    }

    @Test
    void unterminatedQuoteIsReportedWithoutTheValue() {
        ClientConfigException error = failure("users:\n- name: u\n  user:\n    token: \"" + SECRET + "\n");

        assertThat(error).hasMessageContaining("is not valid YAML").hasMessageContaining("line 4");
        Fixtures.assertNoSecrets(error, SECRET);
    }

    @Test
    void missingExplicitFileNamesThePathAndTheOption() {
        Path missing = temp.resolve("nope.yaml");

        ClientConfigException error = failure(KubeconfigOptions.defaults().withFiles(missing));

        assertThat(error).hasMessageContaining(missing.toString()).hasMessageContaining("does not exist")
                .hasMessageContaining("KubeconfigOptions.files");
    }

    @Test
    void kubeconfigVariableNamingOnlyMissingFilesIsAnError() {
        String a = temp.resolve("a.yaml").toString();
        String b = temp.resolve("b.yaml").toString();

        ClientConfigException error = failure(KubeconfigOptions.defaults(), "KUBECONFIG", a + File.pathSeparator + b);

        assertThat(error).hasMessageContaining("KUBECONFIG").hasMessageContaining(a).hasMessageContaining(b);
    }

    @Test
    void noKubeconfigAnywhereNamesTheDefaultLocation() {
        ClientConfigException error = failure(KubeconfigOptions.defaults());

        assertThat(error).hasMessageContaining("KUBECONFIG").hasMessageContaining(temp.resolve("home/.kube/config").toString());
    }

    @Test
    void unknownContextIsNamedWithTheAvailableOnes() {
        ClientConfigException error = failure(KubeconfigOptions.defaults()
                .withFiles(Fixtures.path("merge/first.yaml"), Fixtures.path("merge/second/second.yaml")).withContext("prod"));

        assertThat(error).hasMessageContaining("context 'prod'").hasMessageContaining("KubeconfigOptions.context")
                .hasMessageContaining("defined contexts: first-context, anonymous, second-context");
    }

    @Test
    void unknownCurrentContextNamesTheFileThatSetIt() {
        ClientConfigException error = failure("current-context: ghost\ncontexts: []\n");

        assertThat(error).hasMessageContaining("context 'ghost'").hasMessageContaining("current-context of " + temp.resolve("config.yaml"))
                .hasMessageContaining("no contexts are defined");
    }

    @Test
    void unknownUserIsNamedWithTheAvailableOnes() {
        ClientConfigException error = failure("""
                current-context: c
                clusters: [{name: k, cluster: {server: "https://x"}}]
                users: [{name: alice, user: {token: t}}, {name: bob, user: {token: t}}]
                contexts: [{name: c, context: {cluster: k, user: carol}}]
                """);

        assertThat(error).hasMessageContaining("user 'carol'").hasMessageContaining("context 'c'")
                .hasMessageContaining("defined users: alice, bob");
    }

    @Test
    void unknownClusterIsNamedWithTheAvailableOnes() {
        ClientConfigException error = failure("""
                current-context: c
                clusters: [{name: k1, cluster: {server: "https://x"}}]
                contexts: [{name: c, context: {cluster: k2}}]
                """);

        assertThat(error).hasMessageContaining("cluster 'k2'").hasMessageContaining("defined clusters: k1");
    }

    @Test
    void noCurrentContextAsksToChooseOne() {
        ClientConfigException error = failure("contexts: [{name: a, context: {cluster: k}}]\n");

        assertThat(error).hasMessageContaining("no current-context").hasMessageContaining("defined contexts: a")
                .hasMessageContaining("withContext");
    }

    @Test
    void malformedKeyDataNamesTheFieldButNeverTheKey() {
        String key = Fixtures.text("rsa-pkcs1.key");
        String body = key.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        String corrupted = "-----BEGIN RSA PRIVATE KEY-----\n" + body.substring(0, 100) + body.substring(300) + "\n-----END RSA PRIVATE KEY-----\n";

        ClientConfigException error = failure(single("server: https://x", "client-certificate: " + Fixtures.path("rsa-client.crt")
                + "\n    client-key-data: " + Base64.getEncoder().encodeToString(corrupted.getBytes())));

        assertThat(error).hasMessageContaining("client-key-data of user 'u' in " + temp.resolve("config.yaml"));
        Fixtures.assertNoSecrets(error, body.substring(0, 40), body.substring(400, 440));
    }

    @Test
    void keyDataThatIsNotPemSaysSo() {
        ClientConfigException error = failure(single("server: https://x", "client-certificate: " + Fixtures.path("rsa-client.crt")
                + "\n    client-key-data: " + Base64.getEncoder().encodeToString(SECRET.getBytes())));

        assertThat(error).hasMessageContaining("client-key-data of user 'u'").hasMessageContaining("is not PEM");
        Fixtures.assertNoSecrets(error, SECRET);
    }

    @Test
    void unreadableKeyFileNamesTheFileAndTheUser() {
        Path missing = temp.resolve("keys/missing.key");

        ClientConfigException error = failure(single("server: https://x",
                "client-certificate: " + Fixtures.path("rsa-client.crt") + "\n    client-key: keys/missing.key"));

        assertThat(error).hasMessageContaining("client-key of user 'u'").hasMessageContaining(missing + " does not exist");
    }

    @Test
    void malformedCertificateFileNamesTheFile() {
        Path garbage = Fixtures.write(temp.resolve("garbage.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        ClientConfigException error = failure(single("server: https://x",
                "client-certificate: " + garbage + "\n    client-key: " + Fixtures.path("rsa-pkcs1.key")));

        assertThat(error).hasMessageContaining("client-certificate of user 'u'").hasMessageContaining(garbage.toString())
                .hasMessageContaining("not a valid X.509 certificate");
    }

    @Test
    void keyThatDoesNotBelongToTheCertificateIsRefused() {
        ClientConfigException error = failure(single("server: https://x",
                "client-certificate: " + Fixtures.path("rsa-client.crt") + "\n    client-key: " + Fixtures.path("other-rsa-pkcs1.key")));

        assertThat(error).hasMessageContaining("does not belong to the certificate").hasMessageContaining("CN=rsa-user");
    }

    @Test
    void certificateWithoutKeyIsRefused() {
        ClientConfigException error = failure(single("server: https://x", "client-certificate: " + Fixtures.path("rsa-client.crt")));

        assertThat(error).hasMessageContaining("user 'u'").hasMessageContaining("no client-key");
    }

    @Test
    void malformedCertificateAuthorityNamesTheCluster() {
        ClientConfigException error = failure(single("server: https://x\n    certificate-authority-data: "
                + Base64.getEncoder().encodeToString("not a certificate".getBytes()), "token: t"));

        assertThat(error).hasMessageContaining("certificate-authority-data of cluster 'c'").hasMessageContaining("is not PEM");
    }

    @Test
    void basicAuthIsRefusedWithoutPrintingThePassword() {
        ClientConfigException error = failure(single("server: https://x", "username: admin\n    password: " + SECRET));

        assertThat(error).hasMessageContaining("user 'u'").hasMessageContaining("basic authentication")
                .hasMessageContaining("not support");
        Fixtures.assertNoSecrets(error, SECRET);
    }

    @Test
    void authProviderIsRefusedWithAPointerToExecPlugins() {
        ClientConfigException error = failure(single("server: https://x",
                "auth-provider:\n      name: oidc\n      config:\n        id-token: " + SECRET));

        assertThat(error).hasMessageContaining("auth-provider 'oidc'").hasMessageContaining("exec credential plugin");
        Fixtures.assertNoSecrets(error, SECRET);
    }

    @Test
    void impersonationIsRefusedRatherThanSilentlyIgnored() {
        ClientConfigException error = failure(single("server: https://x", "token: t\n    as: someone-else"));

        assertThat(error).hasMessageContaining("impersonation").hasMessageContaining("'as'");
    }

    @Test
    void execTogetherWithATokenIsRefusedWithoutPrintingTheToken() {
        ClientConfigException error = failure(single("server: https://x", "token: " + SECRET
                + "\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: plugin"));

        assertThat(error).hasMessageContaining("sets exec together with a token");
        Fixtures.assertNoSecrets(error, SECRET);
    }

    @Test
    void certificateAuthorityWithInsecureSkipTlsVerifyIsRefused() {
        ClientConfigException error = failure(single("server: https://x\n    insecure-skip-tls-verify: true\n    certificate-authority: "
                + Fixtures.path("ca.crt"), "token: t"));

        assertThat(error).hasMessageContaining("cluster 'c'").hasMessageContaining("insecure-skip-tls-verify");
    }

    @Test
    void clusterWithoutServerIsRefused() {
        ClientConfigException error = failure(single("tls-server-name: x", "token: t"));

        assertThat(error).hasMessageContaining("cluster 'c' in").hasMessageContaining("has no server");
    }

    @Test
    void socksProxyIsRefusedWithoutPrintingItsCredentials() {
        ClientConfigException error = failure(single("server: https://x\n    proxy-url: socks5://user:" + SECRET + "@proxy:1080", "token: t"));

        assertThat(error).hasMessageContaining("proxy-url of cluster 'c'").hasMessageContaining("socks5");
        Fixtures.assertNoSecrets(error, SECRET);
    }

    @Test
    void invalidNamespaceIsRefused() {
        ClientConfigException error = failure("""
                current-context: c
                clusters: [{name: k, cluster: {server: "https://x"}}]
                contexts: [{name: c, context: {cluster: k, namespace: Not_Valid}}]
                """);

        assertThat(error).hasMessageContaining("namespace 'Not_Valid'").hasMessageContaining("context 'c'");
    }

    @Test
    void aFileThatIsNotAKubeconfigSaysWhatItIs() {
        assertThat(failure("apiVersion: apps/v1\nkind: Deployment\n")).hasMessageContaining("its kind is 'Deployment'");
        assertThat(failure("- just\n- a list\n")).hasMessageContaining("is not a kubeconfig");
        assertThat(failure("clusters: {name: k}\n")).hasMessageContaining("'clusters'").hasMessageContaining("must be a list");
    }

    @Test
    void aNameDefinedTwiceInOneFileIsRefused() {
        ClientConfigException error = failure("""
                users:
                - {name: u, user: {token: a}}
                - {name: u, user: {token: b}}
                """);

        assertThat(error).hasMessageContaining("defines user 'u' twice");
    }

    @Test
    void entryWithoutNameIsRefused() {
        assertThat(failure("clusters:\n- cluster: {server: https://x}\n")).hasMessageContaining("entry #1 of 'clusters'").hasMessageContaining("no name");
    }

    @Test
    void aDirectoryIsNotAKubeconfig() {
        ClientConfigException error = failure(KubeconfigOptions.defaults().withFiles(temp));

        assertThat(error).hasMessageContaining(temp.toString()).hasMessageContaining("is a directory");
    }
}
