package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.ProxiedRequest;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API Priority and Fairness rejects the operator's user: a FlowSchema sends its requests (a
 * ServiceAccount's) to a PriorityLevelConfiguration with no concurrency of its own, nothing to
 * borrow, and {@code Reject} (no queuing), so a request is refused with 429 whenever another of
 * that level is executing. APF would let a lone request through (a level whose limit is below a
 * request's seats still runs it when nothing else executes), so the test makes the rejection
 * deterministic: one list of the operator's, ~10 MB, is sent on a raw socket that never reads
 * the response, so kube-apiserver's handler blocks writing it and holds the level's seat (for at
 * most the request timeout, 60 s). Proves: the reflector's watches are refused with 429 and
 * backed off honouring Retry-After (no hot loop), without a relist; once the FlowSchema is
 * deleted the informer recovers and nothing written meanwhile is lost.
 */
@KubernetesTest
class PriorityAndFairnessIT {
    static final String LEVEL = "capstan-reliability-squeeze";

    @Test
    void requestsRejectedByPriorityAndFairnessAreBackedOffAndRecovered(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) throws Exception {
        String ns = namespace.name();
        try (Scenario s = new Scenario("apf", cluster, ns, plane)) {
            String bulk = "\"".repeat(1_000_000);
            for (int i = 0; i < 5; i++) { // ~10 MB of JSON in a list of the namespace, more than the sockets buffer
                s.direct.resources(ConfigMap.class).inNamespace(ns).create(ConfigMap.builder()
                        .metadata(ObjectMeta.builder().namespace(ns).name("bulk-" + i).build()).data(Map.of("v", bulk)).build());
            }
            Operator operator = new Operator(s.direct, ns, "apf-operator");
            String token = operator.token("apf-token");
            s.informerCredentials(CredentialProvider.of(new Credentials.BearerToken(token))).startInformer(Scenario.fastReflector());
            var writers = s.writers(2, 4, 61, 50);

            operator.squeezeByApf(LEVEL);
            Socket seatHolder = null;
            Duration detect;
            Duration squeezed;
            long rejected;
            long watchesRefused;
            try {
                // in force once kube-apiserver's APF controller has taken it up (it then marks the FlowSchema not dangling)
                await().atMost(Scenario.WAIT).pollInterval(Duration.ofMillis(200)).until(() -> operator.apfInForce(LEVEL));
                seatHolder = Fixtures.unreadList(plane.server(), s.direct.rest().config().tls().certificateAuthorityPem(), token,
                        "/api/v1/namespaces/" + ns + "/configmaps");
                long squeezeStart = System.nanoTime();
                Socket holder = seatHolder;
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> rejects(s, token));
                long rejected429Before = s.proxy.responses(429);
                long watchesBefore = s.proxy.count(RequestMatcher.watches("configmaps"));
                s.proxy.resetConnections(); // the open watch was admitted before; the next ones meet APF
                long reset = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).until(() -> s.errors.stream().anyMatch(e -> e.contains("429")));
                detect = Duration.ofNanos(System.nanoTime() - reset);
                // stay squeezed a few seconds: the reflector keeps trying, spaced by Retry-After and backoff
                await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> !holder.isClosed());
                rejected = s.proxy.responses(429) - rejected429Before;
                List<ProxiedRequest> attempts = s.proxy.requests().stream().filter(RequestMatcher.watches("configmaps")::matches).toList();
                watchesRefused = attempts.size() - watchesBefore;
                squeezed = Duration.ofNanos(System.nanoTime() - squeezeStart);
            } finally {
                operator.releaseApf(LEVEL);
                if (seatHolder != null) {
                    seatHolder.close();
                }
            }
            long removed = System.nanoTime();
            long writesNow = writers.writes();
            await().atMost(Scenario.WAIT).until(() -> writers.writes() >= writesNow + 10);
            writers.close();
            s.awaitConvergence();
            Duration recover = Duration.ofNanos(System.nanoTime() - removed);

            InvariantChecker.Verification violations = s.verify();
            Results.of("API Priority and Fairness rejecting the operator", "FlowSchema → level with 0 seats, Reject, for ~"
                    + squeezed.toSeconds() + " s: " + rejected + " × 429", s, violations, detect, recover).publish();
            s.verify().bounded("informer relists", s.informer.status().relists(), 0, 0)
                    .bounded("watch attempts while rejected (Retry-After ≥ 1 s: no hot loop)", watchesRefused, 1, squeezed.toSeconds() + 2)
                    .assertNoViolations();
            assertThat(rejected).as("APF rejected the informer's requests").isPositive();
        }
    }

    /** Whether the operator's requests are rejected by APF right now (a direct list, no retries). */
    private static boolean rejects(Scenario s, String token) {
        try (KubernetesClient client = operatorClient(s, token)) {
            client.rest().call(RestRequest.get("/api/v1/namespaces/" + s.namespace + "/configmaps").query("limit", 1)
                    .query("labelSelector", "none=none"));
            return false;
        } catch (KubernetesApiException e) {
            return e.isTooManyRequests();
        }
    }

    private static KubernetesClient operatorClient(Scenario s, String token) {
        ClientConfig admin = s.direct.rest().config();
        return KubernetesClient.create(new ClientConfig(admin.server(), s.namespace, admin.tls(),
                CredentialProvider.of(new Credentials.BearerToken(token)), null, "the operator, directly"),
                RestOptions.defaults().withoutRateLimit().withMaxRetries(0));
    }
}
