package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.ExecPlugin;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.invariant.InvariantChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credential rotation while the informer watches as the operator (a ServiceAccount; its tokens
 * come from the TokenRequest API bound to a Secret, so deleting the Secret revokes them): the
 * credential source gets a new token and the old one is revoked. Proves: the informer's next
 * watch, refused with 401, makes the client refresh its credentials and open it again — no error
 * reported, no relist, nothing lost.
 *
 * <ul>
 *   <li>Token file (a kubeconfig {@code tokenFile}, a projected ServiceAccount token): the file
 *       is rewritten. The client re-reads it once a minute anyway; the test runs within that
 *       minute, so only the refresh on 401 can save it.</li>
 *   <li>Exec plugin: the plugin prints the current token with an {@code expirationTimestamp} 3 s
 *       ahead, so the client runs it again when the credential expires (and on a 401).</li>
 * </ul>
 */
@KubernetesTest
class CredentialRotationIT {
    @TempDir
    Path dir;

    @Test
    void aRewrittenTokenFileIsPickedUpWhenTheOldTokenIsRejected(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane)
            throws IOException {
        Path tokenFile = dir.resolve("token");
        rotate("tokenfile", cluster, namespace, plane, tokenFile, config -> CredentialProvider.tokenFile(tokenFile), null);
    }

    @Test
    void anExpiringExecCredentialIsFetchedAgainWithTheNewToken(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane)
            throws IOException {
        Path source = dir.resolve("source-token");
        Path runs = dir.resolve("runs");
        Path script = dir.resolve("plugin.sh");
        Files.writeString(script, Fixtures.EXPIRING_EXEC_PLUGIN);
        ExecPlugin plugin = ExecPlugin.of("/bin/sh", script.toString()).withEnv(Map.of("RUNS", runs.toString(), "TOKEN", source.toString()));
        rotate("exec", cluster, namespace, plane, source, config -> ClientConfig.builder().server(config.server())
                .certificateAuthorityPem(config.tls().certificateAuthorityPem()).exec(plugin).build().credentials(), runs);
    }

    private void rotate(String name, TestCluster cluster, TestNamespace namespace, LocalControlPlane plane, Path tokenFile,
            Function<ClientConfig, CredentialProvider> credentials, Path runs) throws IOException {
        try (Scenario s = new Scenario(name, cluster, namespace.name(), plane)) {
            Operator operator = new Operator(s.direct, namespace.name(), name + "-operator");
            String first = operator.token(name + "-1");
            write(tokenFile, first);
            s.informerCredentials(credentials.apply(s.viaProxy.rest().config()))
                    .startInformer(Scenario.fastReflector().withMinWatchTimeout(Duration.ofSeconds(2)).withWatchIdleGrace(Duration.ofSeconds(3)));
            var writers = s.writers(2, 4, 11, 50);
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= 10);
            long runsBefore = runs == null ? 0 : Files.readAllLines(runs).size();

            write(tokenFile, operator.token(name + "-2"));
            operator.revoke(name + "-1");
            long revoked = System.nanoTime();
            await().atMost(Scenario.WAIT).pollInterval(Duration.ofMillis(200)).until(() -> operator.rejects(first));
            long watches = s.informer.status().watches();
            await().atMost(Scenario.WAIT).until(() -> s.informer.status().watches() >= watches + 2 && s.informer.status().watching());
            Duration detect = Duration.ofNanos(System.nanoTime() - revoked);
            long writesNow = writers.writes();
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= writesNow + 10);
            writers.close();
            long stopped = System.nanoTime();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - stopped);
            long rejected = s.proxy.responses(401);
            long pluginRuns = runs == null ? 0 : Files.readAllLines(runs).size() - runsBefore;

            InvariantChecker.Verification violations = s.verify();
            Results.of(runs == null ? "token file rewritten, old token revoked" : "exec credential expiring every 3 s, token rotated",
                    "token revoked; " + rejected + " × 401 on the informer" + (runs == null ? "" : "; plugin ran " + pluginRuns + " × after"),
                    s, violations, detect, recover).publish();
            s.verify().bounded("informer relists", s.informer.status().relists(), 0, 0).assertNoViolations();
            assertThat(s.errors).as("a rejected token is refreshed, not reported").isEmpty();
            if (runs == null) {
                assertThat(rejected).as("the revoked token was tried and refused (else the test proves nothing)").isPositive();
            } else {
                assertThat(pluginRuns).as("the expiring credential was fetched again").isGreaterThanOrEqualTo(2);
            }
        }
    }

    /** Replaces the file atomically, as the kubelet does, so no reader sees it half-written. */
    private void write(Path file, String token) throws IOException {
        Path next = Files.createTempFile(dir, "next", ".tmp");
        Files.writeString(next, token);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
