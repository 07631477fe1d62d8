package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ExecCredentialProviderTest {

    private static final String TOKEN = "exec-t0ken-S3CRET";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");

    private Path counter() {
        return temp.resolve("invocations");
    }

    /** A plugin that counts its runs and prints {@code credential} (JSON text; $N expands to the run number). */
    private Path plugin(String credential) {
        return Fixtures.script(temp.resolve("plugin.sh"), """
                echo run >> '%s'
                N=$(wc -l < '%s' | tr -d ' ')
                cat <<EOF
                %s
                EOF
                """.formatted(counter(), counter(), credential));
    }

    private static String credential(String apiVersion, String status) {
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"ExecCredential\",\"status\":" + status + "}";
    }

    private ExecCredentialProvider provider(ExecPlugin plugin) {
        return new ExecCredentialProvider(plugin, "user 'dev' in /kubeconfig", null, clock);
    }

    private ExecCredentialProvider provider(Path command) {
        return provider(ExecPlugin.of(command.toString()));
    }

    @Test
    void credentialIsCachedUntilItsExpirationTimestampThenThePluginRunsAgain() {
        ExecCredentialProvider provider = provider(plugin(credential(ExecPlugin.V1,
                "{\"token\":\"" + TOKEN + "-$N\",\"expirationTimestamp\":\"2030-01-01T00:10:00Z\"}")));

        assertThat(provider.current()).isEqualTo(new Credentials.BearerToken(TOKEN + "-1"));
        clock.advance(Duration.ofMinutes(9));
        assertThat(provider.current()).isEqualTo(new Credentials.BearerToken(TOKEN + "-1"));
        assertThat(Fixtures.invocations(counter())).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        assertThat(provider.current()).isEqualTo(new Credentials.BearerToken(TOKEN + "-2"));
        assertThat(Fixtures.invocations(counter())).isEqualTo(2);
    }

    @Test
    void credentialWithoutExpiryIsKeptUntilInvalidated() {
        ExecCredentialProvider provider = provider(plugin(credential(ExecPlugin.V1, "{\"token\":\"" + TOKEN + "-$N\"}")));

        provider.current();
        clock.advance(Duration.ofDays(365));
        assertThat(provider.current()).isEqualTo(new Credentials.BearerToken(TOKEN + "-1"));
        assertThat(Fixtures.invocations(counter())).isEqualTo(1);

        provider.invalidate();
        assertThat(provider.current()).isEqualTo(new Credentials.BearerToken(TOKEN + "-2"));
        assertThat(Fixtures.invocations(counter())).isEqualTo(2);
    }

    @Test
    void invalidatingAStaleCredentialDoesNotRunThePluginAgain() {
        ExecCredentialProvider provider = provider(plugin(credential(ExecPlugin.V1, "{\"token\":\"" + TOKEN + "-$N\"}")));
        Credentials first = provider.current();

        provider.invalidate(first);      // the first 401 refreshes
        Credentials second = provider.current();
        provider.invalidate(first);      // a later 401 of a request that carried the old token does not
        assertThat(provider.current()).isEqualTo(second).isEqualTo(new Credentials.BearerToken(TOKEN + "-2"));
        assertThat(Fixtures.invocations(counter())).isEqualTo(2);
    }

    @Test
    void pluginReceivesArgsEnvAndExecInfoWithTheClusterWhenAsked() throws Exception {
        Path script = Fixtures.script(temp.resolve("info.sh"), """
                printf '%%s' "$KUBERNETES_EXEC_INFO" > '%1$s/info.json'
                printf '%%s|%%s|%%s' "$1" "$2" "$GREETING" > '%1$s/args.txt'
                echo '%2$s'
                """.formatted(temp, credential(ExecPlugin.V1BETA1, "{\"token\":\"t\"}")));
        ObjectNode extension = JSON.createObjectNode().put("audience", "capstan");
        TlsSettings tls = new TlsSettings(Pem.normalizeCertificates(Fixtures.text("ca.crt"), "ca"), false, "api.internal");
        ExecPlugin plugin = new ExecPlugin(script.toString(), List.of("get-token", "--cluster=dev"), Map.of("GREETING", "hello"),
                ExecPlugin.V1BETA1, null, true, Duration.ofSeconds(20));
        ExecCredentialProvider provider = new ExecCredentialProvider(plugin, "user 'dev'",
                new ExecCredentialProvider.ClusterInfo(URI.create("https://api.example:6443"), tls, URI.create("http://proxy:3128"), extension), clock);

        assertThat(provider.current()).isEqualTo(new Credentials.BearerToken("t"));

        assertThat(Files.readString(temp.resolve("args.txt"))).isEqualTo("get-token|--cluster=dev|hello");
        JsonNode info = JSON.readTree(Files.readString(temp.resolve("info.json")));
        assertThat(info.path("apiVersion").asString()).isEqualTo(ExecPlugin.V1BETA1);
        assertThat(info.path("kind").asString()).isEqualTo("ExecCredential");
        assertThat(info.path("spec").path("interactive").asBoolean(true)).isFalse();
        JsonNode cluster = info.path("spec").path("cluster");
        assertThat(cluster.path("server").asString()).isEqualTo("https://api.example:6443");
        assertThat(cluster.path("tls-server-name").asString()).isEqualTo("api.internal");
        assertThat(cluster.path("proxy-url").asString()).isEqualTo("http://proxy:3128");
        assertThat(new String(Base64.getDecoder().decode(cluster.path("certificate-authority-data").asString()), StandardCharsets.US_ASCII))
                .isEqualTo(tls.certificateAuthorityPem());
        assertThat(cluster.path("config").path("audience").asString()).isEqualTo("capstan");
    }

    @Test
    void execInfoCarriesNoClusterUnlessAsked() throws Exception {
        Path script = Fixtures.script(temp.resolve("info.sh"), "printf '%s' \"$KUBERNETES_EXEC_INFO\" > '" + temp + "/info.json'\necho '"
                + credential(ExecPlugin.V1, "{\"token\":\"t\"}") + "'\n");
        new ExecCredentialProvider(ExecPlugin.of(script.toString()), "user 'dev'",
                new ExecCredentialProvider.ClusterInfo(URI.create("https://api"), TlsSettings.defaults(), null, null), clock).current();

        JsonNode spec = JSON.readTree(Files.readString(temp.resolve("info.json"))).path("spec");
        assertThat(spec.has("cluster")).isFalse();
        assertThat(spec.path("interactive").asBoolean(true)).isFalse();
    }

    @Test
    void pluginMayReturnAClientCertificateWhoseKeyIsNormalized() throws Exception {
        ObjectNode status = JSON.createObjectNode()
                .put("clientCertificateData", Fixtures.text("ec-client.crt"))
                .put("clientKeyData", Fixtures.text("ec-sec1.key"))
                .put("expirationTimestamp", "2030-01-01T01:30:00+01:00"); // 00:30Z
        Path output = Fixtures.write(temp.resolve("credential.json"), credential(ExecPlugin.V1, JSON.writeValueAsString(status)));
        ExecCredentialProvider provider = provider(Fixtures.script(temp.resolve("cert.sh"), "echo run >> '" + counter() + "'\ncat '" + output + "'\n"));

        Credentials.ClientCertificate certificate = (Credentials.ClientCertificate) provider.current();

        assertThat(certificate.privateKeyPkcs8Pem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(certificate.toString()).doesNotContain(certificate.privateKeyPkcs8Pem().substring(30, 60));
        clock.advance(Duration.ofMinutes(29));
        assertThat(provider.current()).isSameAs(certificate);
        clock.advance(Duration.ofMinutes(1));
        provider.current();
        assertThat(Fixtures.invocations(counter())).isEqualTo(2);
    }

    @Test
    void failingPluginReportsExitCodeAndTheFirstLinesOfStderrButNeverStdout() {
        Path script = Fixtures.script(temp.resolve("fail.sh"), """
                echo '%s'
                for i in 1 2 3 4 5 6 7; do echo "error line $i: login expired" >&2; done
                exit 3
                """.formatted(credential(ExecPlugin.V1, "{\"token\":\"" + TOKEN + "\"}")));

        ClientConfigException error = catchThrowableOfType(ClientConfigException.class, () -> provider(script).current());

        assertThat(error).hasMessageContaining("exec plugin '" + script + "' of user 'dev' in /kubeconfig")
                .hasMessageContaining("exit code 3")
                .hasMessageContaining("error line 1: login expired")
                .hasMessageContaining("error line 5")
                .hasMessageNotContaining("error line 6");
        Fixtures.assertNoSecrets(error, TOKEN);
    }

    @Test
    void garbageOutputIsReportedWithoutQuotingIt() {
        Path script = Fixtures.script(temp.resolve("garbage.sh"), "echo 'token=" + TOKEN + " this is not json'\n");

        ClientConfigException error = catchThrowableOfType(ClientConfigException.class, () -> provider(script).current());

        assertThat(error).hasMessageContaining("printed something that is not JSON").hasMessageContaining("line 1");
        Fixtures.assertNoSecrets(error, TOKEN);
    }

    @Test
    void wrongApiVersionOrKindIsReported() {
        ClientConfigException version = catchThrowableOfType(ClientConfigException.class, () -> provider(
                plugin(credential(ExecPlugin.V1BETA1, "{\"token\":\"" + TOKEN + "\"}"))).current());
        assertThat(version).hasMessageContaining("printed apiVersion 'client.authentication.k8s.io/v1beta1'")
                .hasMessageContaining("configured for client.authentication.k8s.io/v1");
        Fixtures.assertNoSecrets(version, TOKEN);

        ClientConfigException kind = catchThrowableOfType(ClientConfigException.class, () -> provider(
                plugin("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"data\":{\"token\":\"" + TOKEN + "\"}}")).current());
        assertThat(kind).hasMessageContaining("printed a 'Secret' object").hasMessageContaining("kind ExecCredential");
        Fixtures.assertNoSecrets(kind, TOKEN);

        ClientConfigException weird = catchThrowableOfType(ClientConfigException.class, () -> provider(
                plugin("{\"apiVersion\":\"" + TOKEN + " \",\"kind\":\"ExecCredential\"}")).current());
        assertThat(weird).hasMessageContaining("an unexpected apiVersion");
        Fixtures.assertNoSecrets(weird, TOKEN);
    }

    @Test
    void incompleteStatusesAreReported() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> provider(plugin("{\"apiVersion\":\"" + ExecPlugin.V1
                + "\",\"kind\":\"ExecCredential\"}")).current())).hasMessageContaining("without a status");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> provider(plugin(credential(ExecPlugin.V1, "{}"))).current()))
                .hasMessageContaining("neither a token nor a clientCertificateData and clientKeyData pair");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> provider(plugin(credential(ExecPlugin.V1,
                "{\"clientCertificateData\":\"x\"}"))).current())).hasMessageContaining("only one of");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> provider(plugin(credential(ExecPlugin.V1,
                "{\"token\":\"" + TOKEN + "\",\"expirationTimestamp\":\"tomorrow\"}"))).current()))
                .hasMessageContaining("expirationTimestamp that is not an RFC 3339 time");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> provider(plugin("[1, 2]")).current()))
                .hasMessageContaining("not an object");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> provider(Fixtures.script(temp.resolve("quiet.sh"), "exit 0\n")).current()))
                .hasMessageContaining("printed nothing");
    }

    @Test
    void aHangingPluginIsKilledAtTheTimeout() {
        Path script = Fixtures.script(temp.resolve("hang.sh"), "sleep 60\necho never\n");
        ExecCredentialProvider provider = provider(ExecPlugin.of(script.toString()).withTimeout(Duration.ofMillis(300)));

        long started = System.nanoTime();
        ClientConfigException error = catchThrowableOfType(ClientConfigException.class, provider::current);

        assertThat(error).hasMessageContaining("did not finish within").hasMessageContaining("was stopped");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingCommandShowsTheInstallHint() {
        ExecPlugin plugin = ExecPlugin.of("capstan-no-such-plugin-7f3a").withInstallHint("Install it with: brew install capstan-plugin");

        ClientConfigException error = catchThrowableOfType(ClientConfigException.class,
                () -> new ExecCredentialProvider(plugin, "user 'dev'", null, clock).current());

        assertThat(error).hasMessageContaining("exec plugin 'capstan-no-such-plugin-7f3a' of user 'dev' cannot run: no such command on PATH")
                .hasMessageContaining("Install it with: brew install capstan-plugin");
    }

    @Test
    void aNonExecutablePluginIsReportedAsSuch() throws Exception {
        Path script = Fixtures.write(temp.resolve("plain.sh"), "#!/bin/sh\necho hi\n");

        assertThat(catchThrowableOfType(ClientConfigException.class, () -> provider(script).current()))
                .hasMessageContaining("permission denied");
    }

    @Test
    void toStringNamesThePluginOnly() {
        ExecPlugin plugin = ExecPlugin.of("aws", "eks", "get-token").withEnv(Map.of("AWS_SECRET_ACCESS_KEY", TOKEN));

        assertThat(plugin.toString()).contains("aws", "AWS_SECRET_ACCESS_KEY").doesNotContain(TOKEN, "get-token");
        assertThat(new ExecCredentialProvider(plugin, "user 'dev'", null, clock).toString()).isEqualTo("exec plugin 'aws' of user 'dev'");
    }
}
