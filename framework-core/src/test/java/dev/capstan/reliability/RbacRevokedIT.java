package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.informer.InformerStatus;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The operator's permission to read ConfigMaps is taken away (its RoleBinding deleted) while it
 * watches, then given back. Proves: the informer's status shows it — the last error is the 403,
 * no watch is open, and it stops being healthy once the watch has been down longer than the
 * bound — it keeps retrying with backoff (no hot loop), and it resumes without a restart once
 * the RoleBinding is back, losing nothing written meanwhile.
 */
@KubernetesTest
class RbacRevokedIT {
    static final Duration HEALTH_BOUND = Duration.ofSeconds(3);

    @Test
    void aRevokedPermissionIsReportedAndTheInformerResumesWhenItIsRestored(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) {
        try (Scenario s = new Scenario("rbac", cluster, namespace.name(), plane)) {
            Operator operator = new Operator(s.direct, namespace.name(), "rbac-operator");
            String token = operator.token("rbac-token");
            s.informerCredentials(CredentialProvider.of(new Credentials.BearerToken(token)))
                    .startInformer(Scenario.fastReflector().withMinWatchTimeout(Duration.ofSeconds(2)).withWatchIdleGrace(Duration.ofSeconds(3)));
            // through the proxy the operator is itself, not the proxy's admin certificate: it may not read Secrets
            assertThatThrownBy(() -> s.viaProxy.rest().call(RestRequest.get("/api/v1/namespaces/" + namespace.name() + "/secrets")))
                    .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.code()).isEqualTo(403));
            Writers writers = new Writers(s, 2, 4, 21, 50);
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= 10);

            operator.unbind();
            long revoked = System.nanoTime();
            s.proxy.resetConnections(); // the open watch was authorized when it began; the next one is not
            await().atMost(Scenario.WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                InformerStatus status = s.informer.status();
                return !status.watching() && status.lastError() != null && status.lastError().contains("403");
            });
            Duration detect = Duration.ofNanos(System.nanoTime() - revoked);
            await().atMost(Scenario.WAIT).until(() -> !s.informer.status().isHealthy(Instant.now(), HEALTH_BOUND));
            InformerStatus down = s.informer.status();
            System.out.println("capstan reliability: rbac revoked: " + down.lastError());
            long listsBefore = s.proxy.count(RequestMatcher.lists("configmaps"));
            long window = System.nanoTime();
            // stays revoked a while: the reflector keeps trying, with backoff
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> !s.informer.status().watching());
            long attempts = s.proxy.count(RequestMatcher.lists("configmaps")) - listsBefore;
            double windowSeconds = (System.nanoTime() - window) / 1e9;

            operator.bind();
            long restored = System.nanoTime();
            long writesNow = writers.writes();
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= writesNow + 10);
            writers.close();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - restored);

            InvariantChecker.Verification violations = s.verify();
            Results.of("RBAC permission removed, then restored", "RoleBinding deleted for ~" + Math.round((restored - revoked) / 1e9)
                    + " s (" + attempts + " list attempts in " + Math.round(windowSeconds) + " s)", s, violations, detect, recover).publish();
            s.verify().bounded("informer relists", s.informer.status().relists(), 1, 2)
                    .bounded("list attempts while forbidden (backoff 200 ms – 2 s, no hot loop)", attempts, 1, Math.round(windowSeconds * 2) + 2)
                    .assertNoViolations();
            assertThat(down.lastError()).as("the status names the refusal").contains("403").containsIgnoringCase("forbidden");
            assertThat(down.isHealthy(Instant.now(), HEALTH_BOUND)).isFalse();
            assertThat(s.informer.status().isHealthy(Instant.now(), HEALTH_BOUND)).as("healthy again without a restart").isTrue();
        }
    }
}
