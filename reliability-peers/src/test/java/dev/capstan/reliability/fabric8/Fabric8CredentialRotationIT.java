package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.reliability.Fixtures;
import dev.capstan.reliability.Operator;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.invariant.InvariantChecker;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * framework-core's {@code CredentialRotationIT} against a fabric8 informer running as the
 * operator (a ServiceAccount; its tokens come from the TokenRequest API bound to a Secret, so
 * deleting the Secret revokes them): the credential source gets a new token and the old one is
 * revoked, while the same 2 writers write. Records whether fabric8 picks up the new credential
 * or keeps failing with 401.
 *
 * <ul>
 *   <li>Token file. fabric8 does not read a kubeconfig's {@code tokenFile} (the test asserts it:
 *       such a kubeconfig yields a client without a token), so the informer reads its token the way
 *       fabric8 does in a pod: {@code Config.autoConfigure} with the ServiceAccount token file
 *       (here named by fabric8's system property {@code kubernetes.auth.serviceAccount.token}).
 *       The file is rewritten atomically, as the kubelet does.</li>
 *   <li>Exec plugin: a kubeconfig file whose plugin prints the current token with an
 *       {@code expirationTimestamp} 3 s ahead.</li>
 * </ul>
 * Capstan's informer watches with a 2 s watch timeout, so its next watch meets the revoked token
 * by itself; fabric8's watches last 5–10 min (not configurable), so once the API server rejects
 * the old token the test resets the proxy's connections to make fabric8's next request carry it.
 * fabric8 refreshes credentials once a minute anyway; the test runs within that minute, so only
 * a refresh on the 401 can save it.
 */
@KubernetesTest
class Fabric8CredentialRotationIT {
    static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aRewrittenTokenFileIsPickedUpWhenTheOldTokenIsRejected(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane)
            throws Exception {
        Path tokenFile = dir.resolve("token");
        try (PeerScenario s = new PeerScenario("tokenfile", cluster, namespace.name(), plane)) {
            // what a kubeconfig's tokenFile gives a fabric8 user: no token at all
            Config fromTokenFile = PeerAuth.tokenFileKubeconfig(s, cluster, tokenFile);
            boolean tokenFileIgnored = fromTokenFile.getOauthToken() == null && fromTokenFile.getAutoOAuthToken() == null
                    && fromTokenFile.getOauthTokenProvider() == null;
            assertThat(tokenFileIgnored).as("fabric8 7.9.0 does not read a kubeconfig's tokenFile").isTrue();
            rotate(s, "token file rewritten, old token revoked", cluster, tokenFile, null);
        }
    }

    @Test
    void anExpiringExecCredentialIsFetchedAgainWithTheNewToken(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane)
            throws Exception {
        Path source = dir.resolve("source-token");
        Path runs = dir.resolve("runs");
        Path script = dir.resolve("plugin.sh");
        Files.writeString(script, Fixtures.EXPIRING_EXEC_PLUGIN);
        try (PeerScenario s = new PeerScenario("exec", cluster, namespace.name(), plane)) {
            rotate(s, "exec credential expiring every 3 s, token rotated", cluster, source, runs);
        }
    }

    /**
     * The rotation, as in Capstan's test: the operator's first token in {@code tokenFile}, the
     * informer started with it, writers; a new token written, the old one revoked; then (fabric8
     * only) a reset once the API server rejects the old token.
     */
    private void rotate(PeerScenario s, String scenario, TestCluster cluster, Path tokenFile, Path runs) throws Exception {
        Operator operator = new Operator(s.direct, s.namespace, s.name + "-operator");
        String first = operator.token(s.name + "-1");
        write(tokenFile, first);
        boolean exec = runs != null;
        long configured = System.nanoTime();
        PeerAuth.InCluster inCluster = exec ? null : PeerAuth.serviceAccountTokenFile(s, cluster, tokenFile, dir.resolve("ca.crt"));
        try {
            Config config = exec
                    ? PeerAuth.execKubeconfig(s, cluster, dir.resolve("kubeconfig"), "/bin/sh", List.of(dir.resolve("plugin.sh").toString()),
                            Map.of("RUNS", runs.toString(), "TOKEN", tokenFile.toString()))
                    : inCluster.config;
            try (KubernetesClient client = PeerAuth.client(config);
                    PeerInformer informer = PeerAuth.startInformer("informer", client, s)) {
                var writers = s.writers(2, 4, 11, 50);
                await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= 10);
                long runsBefore = lines(runs);

                write(tokenFile, operator.token(s.name + "-2"));
                operator.revoke(s.name + "-1");
                long revoked = System.nanoTime();
                await().atMost(PeerScenario.WAIT).pollInterval(Duration.ofMillis(200)).until(() -> operator.rejects(first));
                // fabric8's watch outlives the test by minutes: end it, so that its next request carries the revoked token
                long runsAtReset = lines(runs);
                double secondsSinceConfigured = (System.nanoTime() - configured) / 1e9;
                long refusedBefore = s.proxy.responses(401);
                long watches = s.watchRequests();
                s.proxy.resetConnections();
                boolean detected = PeerScenario.awaitOrGiveUp(BOUND, Duration.ofMillis(50),
                        () -> s.proxy.responses(401) > refusedBefore && s.watchRequests() >= watches + 2 && informer.watching());
                String detect = detected ? PeerResults.since(revoked) : "not within " + BOUND.toSeconds() + " s of the reset";
                long writesNow = writers.writes();
                await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= writesNow + 10);
                writers.close();
                long stopped = System.nanoTime();
                boolean recovered = PeerAuth.awaitConvergence(s, informer, BOUND);
                String recover = recovered ? PeerResults.since(stopped) : "not within " + BOUND.toSeconds() + " s";
                long rejected = s.proxy.responses(401);
                long pluginRuns = lines(runs) - runsBefore;

                InvariantChecker.Verification verification = s.verify(informer);
                String outcome = PeerAuth.outcome(informer, recovered, BOUND) + (detected ? "; took the new token after the 401" : "; did not watch again after the 401")
                        + (exec ? "; plugin not run at expiry (" + runsAtReset + " run in " + Math.round(secondsSinceConfigured)
                                + " s before the reset), run again on the 401"
                                : "; re-read the token file on the 401; kubeconfig tokenFile not supported");
                PeerResults row = PeerAuth.row(scenario, "token revoked, watch connection reset; " + rejected + " × 401 on the informer"
                        + (exec ? "; plugin ran " + pluginRuns + " × after" : ""), s, informer, verification, detect, recover, outcome).publish();
                System.out.println("capstan reliability fabric8: " + s.name + ": exceptions " + informer.exceptions() + ", violations "
                        + verification.violations());

                assertThat(row.written()).as("writes recorded").isGreaterThanOrEqualTo(20);
                assertThat(rejected).as("the revoked token was tried and refused (else the test proves nothing)").isPositive();
                assertThat(detected).as("fabric8 watches again with the new token after the 401: " + outcome).isTrue();
                assertThat(recovered).as("fabric8 converges after the rotation: " + outcome).isTrue();
                assertThat(informer.exceptions()).as("the refresh happens below the informer: nothing reaches its exception handler").isEmpty();
                assertThat(informer.relists()).as("no relist").isZero();
                if (exec) {
                    assertThat(secondsSinceConfigured).as("the credential's 3 s expiry passed before the reset").isGreaterThan(3.0);
                    assertThat(runsAtReset).as("fabric8 ignores the ExecCredential's expirationTimestamp: the plugin ran only when the"
                            + " kubeconfig was read").isEqualTo(1);
                    assertThat(pluginRuns).as("the plugin ran again on the 401").isGreaterThanOrEqualTo(1);
                }
                verification.assertNoViolations();
            }
        } finally {
            if (inCluster != null) {
                inCluster.close();
            }
        }
    }

    private static long lines(Path file) throws IOException {
        return file == null || !Files.exists(file) ? 0 : Files.readAllLines(file).size();
    }

    /** Replaces the file atomically, as the kubelet does, so no reader sees it half-written. */
    private void write(Path file, String token) throws IOException {
        Path next = Files.createTempFile(dir, "next", ".tmp");
        Files.writeString(next, token);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
