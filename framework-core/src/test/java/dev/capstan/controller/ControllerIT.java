package dev.capstan.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.TestClients;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestMetrics;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.informer.InformerSelection;
import dev.capstan.informer.Lister;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.workqueue.RateLimiter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The controller acceptance test: a reconciler keeps a copy of each ConfigMap of one namespace
 * in another, against the real kube-apiserver.
 */
@KubernetesTest
class ControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOURCE = "capstan.dev/source";

    @Test
    void theCopyFollowsItsSourceFailuresAreRetriedWithBackoffAndMetricsCountIt(TestCluster cluster, TestNamespace namespace)
            throws Exception {
        String source = namespace.name();
        String target = namespace.name() + "-copy";
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (KubernetesClient client = KubernetesClient.create(TestClients.config(cluster, source),
                RestOptions.defaults().withoutRateLimit().withMetrics(RestMetrics.micrometer(registry)))) {
            client.resources(Namespace.class).create(Namespace.builder().metadata(ObjectMeta.builder().name(target).build()).build());
            try (Manager manager = Manager.create(client)) {
                Lister<ConfigMap> sources = manager.informers().informerFor(ConfigMap.class, InformerSelection.namespaces(source)).lister();
                Lister<ConfigMap> copies = manager.informers().informerFor(ConfigMap.class, InformerSelection.namespaces(target)).lister();
                ResourceClient<ConfigMap> copyClient = client.resources(ConfigMap.class).inNamespace(target);
                Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
                List<String> overlaps = new CopyOnWriteArrayList<>();
                List<Long> flakyAttempts = new CopyOnWriteArrayList<>();
                AtomicInteger reconciles = new AtomicInteger();

                Reconciler<ConfigMap> mirror = request -> {
                    AtomicInteger running = inFlight.computeIfAbsent(request.key(), k -> new AtomicInteger());
                    if (running.incrementAndGet() > 1) {
                        overlaps.add(request.key());
                    }
                    try {
                        reconciles.incrementAndGet();
                        if (request.name().equals("flaky")) {
                            flakyAttempts.add(System.nanoTime());
                            if (flakyAttempts.size() == 1) {
                                throw new AssertionError("injected Error"); // an Error is caught like an exception
                            }
                            if (flakyAttempts.size() == 2) {
                                throw new IllegalStateException("injected failure");
                            }
                        }
                        Optional<ConfigMap> original = sources.get(request.namespace(), request.name());
                        Optional<ConfigMap> copy = copies.get(target, request.name());
                        if (original.isEmpty()) {
                            if (copy.isPresent()) {
                                copyClient.delete(request.name());
                            }
                            return Result.done();
                        }
                        ConfigMap desired = ConfigMap.builder()
                                .metadata(ObjectMeta.builder().namespace(target).name(request.name())
                                        .annotations(Map.of(SOURCE, request.key())).build())
                                .data(original.get().data())
                                .build();
                        try {
                            if (copy.isEmpty()) {
                                copyClient.create(desired);
                            } else if (!java.util.Objects.equals(copy.get().data(), desired.data())) {
                                copyClient.update(copy.get().toBuilder().data(desired.data()).build());
                            }
                        } catch (KubernetesApiException e) {
                            if (e.isConflict() || e.isAlreadyExists()) {
                                // The copies' cache has not seen our own last write yet (normal for a
                                // controller). No retry needed: that write's watch event maps back to
                                // this key and reconciles it again with a fresh cache. Counting it as
                                // an error would make the metric assertions below racy.
                                return Result.done();
                            }
                            throw e;
                        }
                        return Result.done();
                    } finally {
                        running.decrementAndGet();
                    }
                };
                manager.add(manager.controller("mirror", ConfigMap.class)
                        .selection(InformerSelection.namespaces(source))
                        .watches(ConfigMap.class, InformerSelection.namespaces(target), copy -> {
                            String key = copy.metadata().annotations() == null ? null : copy.metadata().annotations().get(SOURCE);
                            return key == null ? List.of() : List.of(Request.of(key.substring(0, key.indexOf('/')),
                                    key.substring(key.indexOf('/') + 1)));
                        })
                        .workers(2)
                        .rateLimiter(RateLimiter.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)))
                        .meterRegistry(registry)
                        .reconciler(mirror)
                        .build());
                manager.start();

                ResourceClient<ConfigMap> sourceClient = client.resources(ConfigMap.class).inNamespace(source);
                ConfigMap a = sourceClient.create(configMap(source, "a", "one"));
                await().atMost(WAIT).until(() -> data(copyClient, "a").equals(Optional.of("one")));

                sourceClient.update(sourceClient.get("a").toBuilder().data(Map.of("v", "two")).build());
                await().atMost(WAIT).until(() -> data(copyClient, "a").equals(Optional.of("two")));

                String before = copyClient.get("a").metadata().uid();
                copyClient.delete("a"); // the copy's deletion reconciles its source, which recreates it
                await().atMost(WAIT).until(() -> copyClient.find("a").map(c -> !c.metadata().uid().equals(before)).orElse(false));

                sourceClient.delete(a.metadata().name());
                await().atMost(WAIT).until(() -> copyClient.find("a").isEmpty());

                sourceClient.create(configMap(source, "flaky", "x"));
                await().atMost(WAIT).until(() -> data(copyClient, "flaky").equals(Optional.of("x")));
                assertThat(flakyAttempts).hasSizeGreaterThanOrEqualTo(3); // a 4th when the copy's creation maps back to its source
                // per-item exponential backoff: ≥ 100 ms after the first failure, ≥ 200 ms after the second
                assertThat(Duration.ofNanos(flakyAttempts.get(1) - flakyAttempts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
                assertThat(Duration.ofNanos(flakyAttempts.get(2) - flakyAttempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
                assertThat(overlaps).as("the same key is never reconciled concurrently").isEmpty();

                String scrape = registry.scrape();
                assertThat(scrape)
                        .contains("controller_runtime_reconcile_total{controller=\"mirror\",result=\"error\"} 2.0")
                        .contains("controller_runtime_reconcile_errors_total{controller=\"mirror\"} 2.0")
                        .contains("controller_runtime_max_concurrent_reconciles{controller=\"mirror\"} 2.0")
                        .contains("controller_runtime_active_workers{controller=\"mirror\"} 2.0")
                        .contains("controller_runtime_reconcile_time_seconds_bucket{controller=\"mirror\"")
                        .contains("workqueue_retries_total{controller=\"mirror\",name=\"mirror\"} 2.0")
                        .contains("workqueue_depth{controller=\"mirror\",name=\"mirror\"}")
                        .contains("workqueue_queue_duration_seconds_bucket{controller=\"mirror\",name=\"mirror\"")
                        .contains("workqueue_work_duration_seconds_bucket{controller=\"mirror\",name=\"mirror\"")
                        .contains("workqueue_unfinished_work_seconds{controller=\"mirror\",name=\"mirror\"}")
                        .contains("workqueue_longest_running_processor_seconds{controller=\"mirror\",name=\"mirror\"}");
                String host = "127.0.0.1:" + cluster.server().getPort();
                assertThat(scrape)
                        .contains("rest_client_requests_total{code=\"201\",host=\"" + host + "\",method=\"POST\"}")
                        .contains("rest_client_requests_total{code=\"200\",host=\"" + host + "\",method=\"PUT\"}")
                        .contains("rest_client_request_duration_seconds_bucket{host=\"" + host + "\",verb=\"GET\"");
                assertThat(successes(scrape)).isEqualTo(reconciles.get() - 2);
                assertThat(counter(scrape, "workqueue_adds_total{controller=\"mirror\",name=\"mirror\"}")).isGreaterThanOrEqualTo(reconciles.get());
            } finally {
                client.resources(Namespace.class).delete(target);
            }
        }
    }

    private static double successes(String scrape) {
        return counter(scrape, "controller_runtime_reconcile_total{controller=\"mirror\",result=\"success\"}");
    }

    private static double counter(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(series + " not in the scrape"));
    }

    private static Optional<String> data(ResourceClient<ConfigMap> client, String name) {
        return client.find(name).map(c -> c.data() == null ? null : c.data().get("v"));
    }

    private static ConfigMap configMap(String namespace, String name, String value) {
        return ConfigMap.builder().metadata(ObjectMeta.builder().namespace(namespace).name(name).build()).data(Map.of("v", value)).build();
    }
}
