package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.reliability.Operator;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.invariant.InvariantChecker;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code RbacRevokedIT} against a fabric8 informer running as the operator (a
 * ServiceAccount token in its kubeconfig): the operator's RoleBinding is deleted while it
 * watches, the proxy's connections are reset (the open watch was authorized when it began), the
 * same 2 writers keep writing, and ~7 s later the RoleBinding is re-created. Records what fabric8
 * reports while it is forbidden ({@code isWatching()}, {@code hasSynced()}, {@code isRunning()},
 * its exception handler), how often it retries, and whether it resumes without a restart.
 */
@KubernetesTest
class Fabric8RbacRevokedIT {
    static final Duration BOUND = Duration.ofSeconds(60);
    /** Capstan's test waits for its informer to turn unhealthy (down longer than this) before its window. */
    static final Duration HEALTH_BOUND = Duration.ofSeconds(3);
    /** The window in which retries are counted, as in Capstan's test. */
    static final Duration FORBIDDEN_WINDOW = Duration.ofSeconds(4);

    @Test
    void aRevokedPermission(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        String ns = namespace.name();
        try (PeerScenario s = new PeerScenario("rbac", cluster, ns, plane)) {
            Operator operator = new Operator(s.direct, ns, "rbac-operator");
            String token = operator.token("rbac-token");
            try (KubernetesClient client = PeerAuth.client(PeerAuth.tokenKubeconfig(s, cluster, token));
                    PeerInformer informer = PeerAuth.startInformer("informer", client, s)) {
                // through the proxy the operator is itself, not the proxy's admin certificate: it may not read Secrets
                assertThatThrownBy(() -> client.secrets().inNamespace(ns).list())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
                var writers = s.writers(2, 4, 21, 50);
                await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= 10);

                long forbiddenBefore = s.proxy.responses(403);
                long watchesBefore = s.watchRequests();
                long listsBefore = s.listRequests();
                operator.unbind();
                long revoked = System.nanoTime();
                s.proxy.resetConnections(); // the open watch was authorized when it began; the next one is not
                boolean refused = PeerScenario.awaitOrGiveUp(PeerScenario.WAIT, Duration.ofMillis(50),
                        () -> s.proxy.responses(403) > forbiddenBefore);
                String detect = refused ? PeerResults.since(revoked) : "no 403 within " + PeerScenario.WAIT.toSeconds() + " s";
                // stays revoked a while (as long as in Capstan's test: its health bound, then its 4 s window):
                // what does fabric8 say, how often does it try?
                AtomicBoolean everWatching = new AtomicBoolean();
                AtomicBoolean everUnsynced = new AtomicBoolean();
                AtomicBoolean everNotRunning = new AtomicBoolean();
                BooleanSupplier observe = () -> {
                    everWatching.compareAndSet(false, informer.watching());
                    everUnsynced.compareAndSet(false, !informer.hasSynced());
                    everNotRunning.compareAndSet(false, !informer.informer().isRunning());
                    return true;
                };
                PeerScenario.holdsFor(HEALTH_BOUND, observe);
                long window = System.nanoTime();
                long attemptsBefore = s.watchRequests() + s.listRequests();
                PeerScenario.holdsFor(FORBIDDEN_WINDOW, observe);
                long attempts = s.watchRequests() + s.listRequests() - attemptsBefore;
                double windowSeconds = (System.nanoTime() - window) / 1e9;
                long forbiddenResponses = s.proxy.responses(403) - forbiddenBefore;
                boolean stoppedWhileForbidden = informer.stopped();
                List<String> exceptionsWhileForbidden = informer.exceptions();

                operator.bind();
                long restored = System.nanoTime();
                long writesNow = writers.writes();
                await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= writesNow + 10);
                writers.close();
                boolean recovered = PeerAuth.awaitConvergence(s, informer, BOUND);
                String recover = recovered ? PeerResults.since(restored) : "not within " + BOUND.toSeconds() + " s";
                long watchRetries = s.watchRequests() - watchesBefore;
                long listRetries = s.listRequests() - listsBefore;

                InvariantChecker.Verification verification = s.verify(informer);
                String outcome = PeerAuth.outcome(informer, recovered, BOUND) + " without a restart; while forbidden: "
                        + (exceptionsWhileForbidden.isEmpty() ? "nothing reported to the informer" : "exception handler got " + exceptionsWhileForbidden)
                        + ", isWatching() " + (everWatching.get() ? "true at times" : "false") + ", hasSynced() "
                        + (everUnsynced.get() ? "false at times" : "true") + ", isRunning() " + (everNotRunning.get() ? "false at times" : "true")
                        + "; " + forbiddenResponses + " × 403 while forbidden (the watch retried with backoff)";
                PeerResults row = PeerAuth.row("RBAC permission removed, then restored", "RoleBinding deleted for ~"
                        + Math.round((restored - revoked) / 1e9) + " s (" + attempts + " watch/list attempts in " + Math.round(windowSeconds) + " s)",
                        s, informer, verification, detect, recover, outcome).publish();
                System.out.println("capstan reliability fabric8: rbac: watches after the revocation " + watchRetries + ", lists "
                        + listRetries + ", exceptions " + informer.exceptions() + ", violations " + verification.violations());

                assertThat(row.written()).as("writes recorded").isGreaterThanOrEqualTo(20);
                assertThat(refused).as("the informer's next request was refused with 403 (else the test proves nothing)").isTrue();
                assertThat(stoppedWhileForbidden).as("fabric8's informer keeps running while forbidden").isFalse();
                assertThat(exceptionsWhileForbidden).as("the 403 on a watch never reaches the informer's exception handler").isEmpty();
                assertThat(everWatching.get()).as("isWatching() is false while forbidden").isFalse();
                assertThat(everUnsynced.get()).as("hasSynced() stays true while forbidden").isFalse();
                assertThat(attempts).as("retries while forbidden: backoff 200 ms doubling, no hot loop").isBetween(1L,
                        Math.round(windowSeconds * 2) + 2);
                assertThat(recovered).as("fabric8 resumes without a restart once the RoleBinding is back: " + outcome).isTrue();
                assertThat(informer.relists()).as("relists (a re-watch from the last resourceVersion, or one 410 relist)").isBetween(0L, 1L);
                verification.assertNoViolations();
            }
        }
    }
}
