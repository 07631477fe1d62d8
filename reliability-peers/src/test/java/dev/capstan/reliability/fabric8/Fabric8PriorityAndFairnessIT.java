package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.reliability.Fixtures;
import dev.capstan.reliability.Operator;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.ProxiedRequest;
import dev.capstan.testing.fault.RequestKind;
import dev.capstan.testing.invariant.InvariantChecker;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code PriorityAndFairnessIT} against a fabric8 informer running as the
 * operator (a ServiceAccount token in its kubeconfig): a FlowSchema sends the operator's requests
 * to a PriorityLevelConfiguration with no concurrency of its own, nothing to borrow and
 * {@code Reject}; the level's one seat is held by a ~10 MB list of the operator's sent on a raw
 * socket that never reads the answer (see Capstan's test for why), the proxy's connections are
 * reset, so the informer's next watches meet APF's 429, for ~5 s, while the same 2 writers write.
 * Records how often fabric8 re-watches (APF's 429 carries {@code Retry-After: 1}), whether it
 * relists, and whether it recovers once the FlowSchema is deleted.
 */
@KubernetesTest
class Fabric8PriorityAndFairnessIT {
    static final String LEVEL = "capstan-reliability-squeeze-fabric8";
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void requestsRejectedByPriorityAndFairness(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) throws Exception {
        String ns = namespace.name();
        try (PeerScenario s = new PeerScenario("apf", cluster, ns, plane)) {
            String bulk = "\"".repeat(1_000_000);
            for (int i = 0; i < 5; i++) { // ~10 MB of JSON in a list of the namespace, more than the sockets buffer
                s.direct.resources(ConfigMap.class).inNamespace(ns).create(ConfigMap.builder()
                        .metadata(ObjectMeta.builder().namespace(ns).name("bulk-" + i).build()).data(Map.of("v", bulk)).build());
            }
            Operator operator = new Operator(s.direct, ns, "apf-operator");
            String token = operator.token("apf-token");
            try (KubernetesClient client = PeerAuth.client(PeerAuth.tokenKubeconfig(s, cluster, token));
                    PeerInformer informer = PeerAuth.startInformer("informer", client, s)) {
                var writers = s.writers(2, 4, 61, 50);

                operator.squeezeByApf(LEVEL);
                Socket seatHolder = null;
                String detect;
                Duration squeezed;
                long rejected;
                long watchesRefused;
                int firstSqueezedRequest;
                boolean stoppedWhileSqueezed;
                List<String> exceptionsWhileSqueezed;
                try {
                    // in force once kube-apiserver's APF controller has taken it up (it then marks the FlowSchema not dangling)
                    await().atMost(PeerScenario.WAIT).pollInterval(Duration.ofMillis(200)).until(() -> operator.apfInForce(LEVEL));
                    seatHolder = Fixtures.unreadList(plane.server(), s.direct.rest().config().tls().certificateAuthorityPem(), token,
                            "/api/v1/namespaces/" + ns + "/configmaps");
                    long squeezeStart = System.nanoTime();
                    Socket holder = seatHolder;
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> rejects(s, token));
                    long rejected429Before = s.proxy.responses(429);
                    long watchesBefore = s.watchRequests();
                    firstSqueezedRequest = s.proxy.requests().size();
                    s.proxy.resetConnections(); // the open watch was admitted before; the next ones meet APF
                    long reset = System.nanoTime();
                    boolean refused = PeerScenario.awaitOrGiveUp(Duration.ofSeconds(30), Duration.ofMillis(20),
                            () -> s.proxy.responses(429) > rejected429Before);
                    detect = refused ? PeerResults.since(reset) : "no 429 within 30 s";
                    // stay squeezed a few seconds: how often does fabric8 try?
                    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).until(() -> !holder.isClosed());
                    rejected = s.proxy.responses(429) - rejected429Before;
                    watchesRefused = s.watchRequests() - watchesBefore;
                    squeezed = Duration.ofNanos(System.nanoTime() - squeezeStart);
                    stoppedWhileSqueezed = informer.stopped();
                    exceptionsWhileSqueezed = informer.exceptions();
                } finally {
                    operator.releaseApf(LEVEL);
                    if (seatHolder != null) {
                        seatHolder.close();
                    }
                }
                long removed = System.nanoTime();
                long writesNow = writers.writes();
                await().atMost(PeerScenario.WAIT).until(() -> writers.writes() >= writesNow + 10);
                writers.close();
                boolean recovered = PeerAuth.awaitConvergence(s, informer, BOUND);
                String recover = recovered ? PeerResults.since(removed) : "not within " + BOUND.toSeconds() + " s";

                // gaps between the watch requests of the squeeze (the refused ones and the first accepted one)
                List<ProxiedRequest> watches = s.proxy.requests().subList(firstSqueezedRequest, s.proxy.requests().size()).stream()
                        .filter(r -> r.kind() == RequestKind.WATCH && r.resource().equals("configmaps")).limit(rejected + 1).toList();
                List<Duration> gaps = new ArrayList<>();
                for (int i = 1; i < watches.size(); i++) {
                    gaps.add(Duration.between(watches.get(i - 1).receivedAt(), watches.get(i).receivedAt()));
                }
                Duration shortest = gaps.stream().min(Duration::compareTo).orElse(Duration.ZERO);
                String gapText = gaps.stream().map(g -> String.format(Locale.ROOT, "%.1f", g.toMillis() / 1000.0))
                        .collect(Collectors.joining(", "));
                long relistRequests = s.listRequests() - 1;

                InvariantChecker.Verification verification = s.verify(informer);
                String outcome = PeerAuth.outcome(informer, recovered, BOUND) + "; " + rejected + " × 429, re-watches " + gapText + " s apart ("
                        + (shortest.compareTo(RETRY_AFTER) >= 0 ? "Retry-After honoured" : "Retry-After not honoured") + "); "
                        + (exceptionsWhileSqueezed.isEmpty() ? "nothing reported to the informer" : "exception handler got " + exceptionsWhileSqueezed);
                PeerResults row = PeerAuth.row("API Priority and Fairness rejecting the operator", "FlowSchema → level with 0 seats, Reject, for ~"
                        + squeezed.toSeconds() + " s: " + rejected + " × 429", s, informer, verification, detect, recover, outcome).publish();
                System.out.println("capstan reliability fabric8: apf: watch attempts while squeezed " + watchesRefused + ", lists after the first "
                        + relistRequests + ", exceptions " + informer.exceptions() + ", violations " + verification.violations());

                assertThat(row.written()).as("writes recorded").isGreaterThanOrEqualTo(20);
                assertThat(rejected).as("APF rejected the informer's requests (else the test proves nothing)").isPositive();
                assertThat(stoppedWhileSqueezed).as("fabric8's informer keeps running while rejected").isFalse();
                assertThat(exceptionsWhileSqueezed).as("a 429 on a watch never reaches the informer's exception handler").isEmpty();
                assertThat(watchesRefused).as("watch attempts while rejected: fabric8's backoff (200 ms doubling), no hot loop").isBetween(1L,
                        squeezed.toSeconds() + 2);
                assertThat(shortest).as("fabric8 ignores APF's Retry-After on a refused watch: re-watches " + gapText + " s apart")
                        .isLessThan(RETRY_AFTER);
                assertThat(recovered).as("fabric8 recovers once the FlowSchema is gone: " + outcome).isTrue();
                assertThat(relistRequests).as("no relist").isZero();
                verification.assertNoViolations();
            }
        }
    }

    /** Whether the operator's requests are rejected by APF right now (a direct list, no retries). */
    private static boolean rejects(PeerScenario s, String token) {
        ClientConfig admin = s.direct.rest().config();
        try (dev.capstan.client.KubernetesClient client = dev.capstan.client.KubernetesClient.create(new ClientConfig(admin.server(),
                s.namespace, admin.tls(), CredentialProvider.of(new Credentials.BearerToken(token)), null, "the operator, directly"),
                RestOptions.defaults().withoutRateLimit().withMaxRetries(0))) {
            client.rest().call(RestRequest.get("/api/v1/namespaces/" + s.namespace + "/configmaps").query("limit", 1)
                    .query("labelSelector", "none=none"));
            return false;
        } catch (KubernetesApiException e) {
            return e.isTooManyRequests();
        }
    }
}
