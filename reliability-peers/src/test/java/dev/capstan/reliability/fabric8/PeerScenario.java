package dev.capstan.reliability.fabric8;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.ListOptions;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.fault.FaultProxy;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import dev.capstan.testing.invariant.Writers;
import dev.capstan.testing.invariant.Write;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One peer scenario's fixture, the fabric8 counterpart of framework-core's reliability
 * {@code Scenario}: a {@link FaultProxy} in front of the local control plane, Capstan's direct
 * client for the test's writes and for fresh lists (exactly as in Capstan's scenarios, so only
 * the informer under test differs), a fabric8 client through the proxy, and an
 * {@link InvariantChecker} fed by the fabric8 informer's handler and the test's writes. Objects
 * carry the label {@code reliability=<name>} and the informer selects on it.
 *
 * <h2>fabric8 configuration</h2> fabric8's defaults, with two changes, both fabric8 options:
 * <ul>
 *   <li>{@code watchReconnectInterval} 200 ms (default 1 s), the counterpart of the 200 ms initial
 *       backoff Capstan's scenarios use; fabric8 doubles it per attempt up to 32 × (6.4 s).</li>
 *   <li>{@code onlyHttpWatches}: fabric8 opens watches as WebSockets by default and falls back to
 *       a streaming HTTP GET when the handshake answers 200 or 503. The fault proxy speaks HTTP
 *       only (it frames the watch stream by line to corrupt single events), so without this every
 *       watch would cost a failed handshake first and faults would hit the handshake or the
 *       fallback at random. With it, fabric8 takes its fallback path directly.</li>
 * </ul>
 * The informer's watch timer ({@code Reflector.MIN_TIMEOUT}, 5 min: each watch is ended by the
 * client after 5–10 min) is not configurable and is left alone, except by the watch-timeout
 * scenario ({@link #startInformer(Consumer)} with {@link PeerInformer#watchTimer}).
 */
final class PeerScenario implements AutoCloseable, Writers.Target<ConfigMap> {
    static final Duration WAIT = Duration.ofSeconds(90);
    /** fabric8's initial watch reconnect interval in these scenarios. */
    static final int RECONNECT_INTERVAL_MILLIS = 200;

    final String name;
    final String namespace;
    final LocalControlPlane plane;
    final FaultProxy proxy;
    final dev.capstan.client.KubernetesClient direct;
    final io.fabric8.kubernetes.client.KubernetesClient fabric8;
    final InvariantChecker checker = InvariantChecker.create();
    private final List<PeerInformer> informers = new ArrayList<>();
    /** The informer under test (the latest one started). */
    PeerInformer informer;
    /** When not empty, written as a second data key {@code pad} with every create and update (large objects), as in Capstan's scenarios. */
    volatile String padding = "";

    PeerScenario(String name, TestCluster cluster, String namespace, LocalControlPlane plane) {
        this.name = name;
        this.namespace = namespace;
        this.plane = plane;
        this.proxy = FaultProxy.inFrontOf(plane);
        this.direct = dev.capstan.client.KubernetesClient.create(capstanConfig(cluster, namespace),
                RestOptions.defaults().withoutRateLimit());
        this.fabric8 = new KubernetesClientBuilder().withConfig(fabric8Config(cluster, namespace, proxy)).build();
    }

    private static ClientConfig capstanConfig(TestCluster cluster, String namespace) {
        ClusterCredentials c = cluster.credentials();
        Credentials credentials = c.bearerToken() != null
                ? new Credentials.BearerToken(c.bearerToken())
                : new Credentials.ClientCertificate(c.clientCertificatePem(), c.clientKeyPem());
        return new ClientConfig(cluster.server(), namespace, new TlsSettings(c.certificateAuthorityPem(), c.insecureSkipTlsVerify(), null),
                CredentialProvider.of(credentials), null, cluster.description());
    }

    /** The cluster's kubeconfig (CA and credentials) with the proxy as server; see the class comment for the two options. */
    private static Config fabric8Config(TestCluster cluster, String namespace, FaultProxy proxy) {
        Config config;
        try {
            config = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test cluster's kubeconfig " + cluster.kubeconfig(), e);
        }
        config.setMasterUrl(proxy.uri().toString());
        config.setNamespace(namespace);
        String key = cluster.credentials().clientKeyPem();
        if ((key != null && key.contains("EC PRIVATE KEY")) || cluster.localControlPlane().isPresent()) {
            config.setClientKeyAlgo("EC"); // the local control plane issues ECDSA P-256 keys
        }
        config.setWatchReconnectInterval(RECONNECT_INTERVAL_MILLIS);
        config.setOnlyHttpWatches(true);
        return config;
    }

    /** Starts a fabric8 informer through the proxy (observer {@code informer}, then {@code informer-2}, …) and waits for it to sync. */
    PeerScenario startInformer() {
        return startInformer(i -> { });
    }

    /**
     * {@link #startInformer()}, with {@code beforeStart} applied to the informer before it starts
     * (for settings fabric8 reads when the informer starts, e.g. {@link PeerInformer#watchTimer}).
     */
    PeerScenario startInformer(Consumer<PeerInformer> beforeStart) {
        String observer = informers.isEmpty() ? "informer" : "informer-" + (informers.size() + 1);
        PeerInformer created = new PeerInformer(observer, fabric8, namespace, name, checker);
        beforeStart.accept(created);
        informer = created.start();
        informers.add(informer);
        await().atMost(WAIT).until(informer::hasSynced);
        return this;
    }

    List<PeerInformer> informers() {
        return List.copyOf(informers);
    }

    ConfigMap object(String key, String value) {
        return ConfigMap.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name(key).labels(Map.of("reliability", name)).build())
                .data(data(value))
                .build();
    }

    private Map<String, String> data(String value) {
        String pad = padding;
        return pad.isEmpty() ? Map.of("v", value) : Map.of("v", value, "pad", pad);
    }

    /** Reads {@code key} through the direct client. */
    @Override
    public Optional<ConfigMap> find(String key) {
        return direct.resources(ConfigMap.class).inNamespace(namespace).find(key);
    }

    /** Starts writer threads on this scenario's ConfigMaps (see {@link Writers}). */
    Writers<ConfigMap> writers(int threads, int keysPerThread, long seed, long pauseMillis) {
        return Writers.start(name, this, threads, keysPerThread, seed, pauseMillis);
    }

    /** Creates through the direct client and records the write. */
    @Override
    public ConfigMap create(String key, String value) {
        ConfigMap created = direct.resources(ConfigMap.class).inNamespace(namespace).create(object(key, value));
        checker.wrote(Write.Type.CREATE, key, created.metadata().uid(), created.metadata().resourceVersion());
        return created;
    }

    /** Updates through the direct client and records the write. */
    @Override
    public ConfigMap update(ConfigMap current, String value) {
        ConfigMap updated = direct.resources(ConfigMap.class).inNamespace(namespace)
                .update(current.toBuilder().data(data(value)).build());
        checker.wrote(Write.Type.UPDATE, updated.metadata().name(), updated.metadata().uid(), updated.metadata().resourceVersion());
        return updated;
    }

    /** Deletes through the direct client and records the write. */
    @Override
    public void delete(ConfigMap current) {
        direct.resources(ConfigMap.class).inNamespace(namespace).delete(current.metadata().name());
        checker.wrote(Write.Type.DELETE, current.metadata().name(), current.metadata().uid(), current.metadata().resourceVersion());
    }

    /** A fresh consistent list from the server (direct), name → resourceVersion. */
    Map<String, String> freshList() {
        Map<String, String> versions = new TreeMap<>();
        direct.resources(ConfigMap.class).inNamespace(namespace).list(ListOptions.all().withLabelSelector("reliability=" + name))
                .items().forEach(o -> versions.put(o.metadata().name(), o.metadata().resourceVersion()));
        return versions;
    }

    /**
     * The informer under test is still running and its cache equals a fresh list. Unlike
     * Capstan's scenarios this does not also require fabric8's {@code isWatching()}: for an HTTP
     * watch fabric8 sets it only when the first bytes of the watch body arrive, so a healthy watch
     * on objects that no longer change reads false until the next event or bookmark (and a
     * black-holed one reads true).
     */
    boolean converged() {
        return !informer.stopped() && informer.cache().equals(freshList());
    }

    /**
     * Waits up to {@code bound} for {@link #converged()}; false when it did not happen in time or
     * the informer stopped (a stopped fabric8 informer never comes back by itself).
     */
    boolean awaitConvergence(Duration bound) {
        return awaitOrGiveUp(bound, () -> informer.stopped() || converged()) && !informer.stopped() && converged();
    }

    /**
     * What happened to the informer under test, in words, after waiting up to {@code bound} for it
     * to converge: {@code recovered}, {@code informer stopped (<exception>)} or
     * {@code never recovered within N s}.
     */
    String outcome(boolean converged, Duration bound) {
        if (informer.stopped()) {
            List<String> exceptions = informer.exceptions();
            return "informer stopped" + (exceptions.isEmpty() ? "" : " (" + shorten(exceptions.get(exceptions.size() - 1)) + ")");
        }
        return converged ? "recovered" : "never recovered within " + bound.toSeconds() + " s";
    }

    /** The first line of {@code text}, at most 120 characters, with Markdown table pipes escaped. */
    static String shorten(String text) {
        String line = text.lines().findFirst().orElse("").replace("|", "\\|");
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }

    /** Waits up to {@code bound} for {@code condition}: true when it held in time, false otherwise (never throws on timeout). */
    static boolean awaitOrGiveUp(Duration bound, BooleanSupplier condition) {
        return awaitOrGiveUp(bound, Duration.ofMillis(100), condition);
    }

    /** {@link #awaitOrGiveUp(Duration, BooleanSupplier)} polling every {@code poll}. */
    static boolean awaitOrGiveUp(Duration bound, Duration poll, BooleanSupplier condition) {
        try {
            await().atMost(bound).pollInterval(poll).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Whether {@code condition} holds continuously for {@code period} (checked every 100 ms); false at the first time it does not. */
    static boolean holdsFor(Duration period, BooleanSupplier condition) {
        try {
            await().during(period).atMost(period.plusSeconds(5)).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** Watch requests the proxy received from the fabric8 informer (held ones in a black hole included). */
    long watchRequests() {
        return proxy.count(RequestMatcher.watches("configmaps"));
    }

    /** List requests the proxy received from the fabric8 informer (each attempt, failed ones included). */
    long listRequests() {
        return proxy.count(RequestMatcher.lists("configmaps"));
    }

    /** Relists of every informer of the scenario. */
    long relists() {
        return informers.stream().mapToLong(PeerInformer::relists).sum();
    }

    /**
     * The standard verification for the informer under test, as in Capstan's scenarios:
     * always-on invariants, cache == fresh list, final states and deletions delivered, a
     * deletion seen only as a uid change tolerated and counted.
     */
    InvariantChecker.Verification verify() {
        return verify(informer);
    }

    InvariantChecker.Verification verify(PeerInformer which) {
        Map<String, String> fresh = freshList();
        return checker.verify().cacheEqualsFreshList(which.observer(), which.cache(), fresh).finalStatesDelivered(which.observer(), fresh)
                .tolerating(InvariantChecker.DELETION_AS_UID_CHANGE);
    }

    @Override
    public void close() {
        informers.forEach(PeerInformer::close);
        fabric8.close();
        direct.close();
        proxy.close();
    }
}
