package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code exec} block of a kubeconfig user, read end to end. */
class ExecKubeconfigTest {

    @TempDir
    Path temp;

    private final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");

    private ClientConfig load(String exec, KubeconfigOptions options) {
        Path file = Fixtures.write(temp.resolve("kube/config"), """
                current-context: dev
                clusters:
                - name: dev
                  cluster:
                    server: https://dev.example:6443
                    extensions:
                    - name: client.authentication.k8s.io/exec
                      extension: {audience: dev-audience}
                users:
                - name: dev
                  user:
                    exec:
                %s
                contexts:
                - name: dev
                  context: {cluster: dev, user: dev}
                """.formatted(exec.indent(6).stripTrailing()));
        return new KubeconfigLoader(Fixtures.environment(temp), clock).load(options.withFiles(file));
    }

    @Test
    void relativeCommandResolvesAgainstTheKubeconfigDirectoryAndGetsClusterInfo() throws Exception {
        Fixtures.script(temp.resolve("kube/bin/token.sh"), """
                printf '%%s' "$KUBERNETES_EXEC_INFO" > '%s/info.json'
                echo "{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"$TOKEN_PREFIX-1\\"}}"
                """.formatted(temp));

        ClientConfig config = load("""
                apiVersion: client.authentication.k8s.io/v1
                command: bin/token.sh
                env: [{name: TOKEN_PREFIX, value: from-env}]
                interactiveMode: Never
                provideClusterInfo: true
                """, KubeconfigOptions.defaults());

        assertThat(config.credentials().current()).isEqualTo(new Credentials.BearerToken("from-env-1"));
        JsonNode cluster = JsonMapper.builder().build().readTree(Files.readString(temp.resolve("info.json"))).path("spec").path("cluster");
        assertThat(cluster.path("server").asString()).isEqualTo("https://dev.example:6443");
        assertThat(cluster.path("config").path("audience").asString()).isEqualTo("dev-audience");
        assertThat(config.credentials().toString()).contains("exec plugin '" + temp.resolve("kube/bin/token.sh") + "' of user 'dev'");
    }

    @Test
    void execTimeoutComesFromTheOptions() {
        Fixtures.script(temp.resolve("kube/slow.sh"), "sleep 60\n");

        ClientConfig config = load("apiVersion: client.authentication.k8s.io/v1\ncommand: ./slow.sh\n",
                KubeconfigOptions.defaults().withExecTimeout(Duration.ofMillis(200)));

        assertThat(catchThrowableOfType(ClientConfigException.class, () -> config.credentials().current()))
                .hasMessageContaining("did not finish within");
    }

    @Test
    void interactivePluginsAreRefusedAtLoadTime() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> load(
                "apiVersion: client.authentication.k8s.io/v1\ncommand: kubelogin\ninteractiveMode: Always\n", KubeconfigOptions.defaults())))
                .hasMessageContaining("interactiveMode Always").hasMessageContaining("user 'dev'");
    }

    @Test
    void apiVersionIsRequiredAndMustBeOneCapstanSpeaks() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> load("command: plugin\n", KubeconfigOptions.defaults())))
                .hasMessageContaining("has no apiVersion").hasMessageContaining(ExecPlugin.V1);
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> load(
                "apiVersion: client.authentication.k8s.io/v1alpha1\ncommand: plugin\n", KubeconfigOptions.defaults())))
                .hasMessageContaining("v1alpha1").hasMessageContaining("does not speak");
    }

    @Test
    void missingCommandOnPathShowsTheKubeconfigInstallHint() {
        ClientConfig config = load("""
                apiVersion: client.authentication.k8s.io/v1beta1
                command: capstan-missing-plugin-91c2
                installHint: |
                  capstan-missing-plugin is required: see https://example.com/install
                """, KubeconfigOptions.defaults());

        assertThat(catchThrowableOfType(ClientConfigException.class, () -> config.credentials().current()))
                .hasMessageContaining("no such command on PATH")
                .hasMessageContaining("capstan-missing-plugin is required: see https://example.com/install");
    }
}
