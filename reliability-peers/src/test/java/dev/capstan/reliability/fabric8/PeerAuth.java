package dev.capstan.reliability.fabric8;

import dev.capstan.testing.TestCluster;
import dev.capstan.testing.invariant.InvariantChecker;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * fabric8 clients that act as the operator (a ServiceAccount, see {@link dev.capstan.reliability.Operator}) through
 * the scenario's proxy, configured the way a fabric8 user configures them, and the bookkeeping for
 * an informer that is not the scenario's own ({@link PeerScenario#startInformer()} always uses the
 * admin's client):
 * <ul>
 *   <li>{@link #tokenKubeconfig}: a kubeconfig with the token inline ({@code users[].user.token}),
 *       read with {@code Config.fromKubeconfig};</li>
 *   <li>{@link #execKubeconfig}: a kubeconfig file with an exec credential plugin, read with
 *       {@code Config.fromKubeconfig(File)} (so fabric8 can re-read it and run the plugin again);</li>
 *   <li>{@link #serviceAccountTokenFile}: fabric8's in-cluster configuration
 *       ({@code Config.autoConfigure}) reading the ServiceAccount token from a file — in a pod the
 *       kubelet's projected token, here the file named by fabric8's system property
 *       {@code kubernetes.auth.serviceAccount.token}.</li>
 * </ul>
 * Each gets the same two options as {@link PeerScenario}'s client (200 ms watch reconnect
 * interval, HTTP watches only). Tokens never reach logs or messages.
 */
final class PeerAuth {
    private PeerAuth() {}

    /** A fabric8 client built from {@code config}. */
    static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A kubeconfig (JSON, which is YAML) for the proxy with the cluster's CA and {@code user} as the user's fields. */
    static String kubeconfig(URI server, TestCluster cluster, String namespace, Map<String, Object> user) {
        String ca = Base64.getEncoder().encodeToString(cluster.credentials().certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII));
        return "{\"apiVersion\":\"v1\",\"kind\":\"Config\",\"clusters\":[{\"name\":\"proxy\",\"cluster\":{\"server\":\"" + server
                + "\",\"certificate-authority-data\":\"" + ca + "\"}}],\"contexts\":[{\"name\":\"operator\",\"context\":{\"cluster\":\"proxy\","
                + "\"user\":\"operator\",\"namespace\":\"" + namespace + "\"}}],\"current-context\":\"operator\",\"users\":[{\"name\":\"operator\","
                + "\"user\":" + json(user) + "}]}";
    }

    /** The operator with a bearer token in its kubeconfig ({@code token:}). */
    static Config tokenKubeconfig(PeerScenario s, TestCluster cluster, String token) {
        return options(Config.fromKubeconfig(kubeconfig(s.proxy.uri(), cluster, s.namespace, Map.of("token", token))), s.namespace);
    }

    /**
     * The operator with a kubeconfig that names a token file ({@code tokenFile:}, which client-go
     * and kubectl read); what fabric8 makes of it is the test's to find out.
     */
    static Config tokenFileKubeconfig(PeerScenario s, TestCluster cluster, Path tokenFile) {
        return options(Config.fromKubeconfig(kubeconfig(s.proxy.uri(), cluster, s.namespace, Map.of("tokenFile", tokenFile.toString()))),
                s.namespace);
    }

    /**
     * The operator with an exec credential plugin ({@code client.authentication.k8s.io/v1}),
     * written to {@code file} and read from there, as {@code ~/.kube/config} would be.
     */
    static Config execKubeconfig(PeerScenario s, TestCluster cluster, Path file, String command, List<String> args,
            Map<String, String> env) {
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("apiVersion", "client.authentication.k8s.io/v1");
        exec.put("command", command);
        exec.put("args", args);
        exec.put("env", env.entrySet().stream().map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList());
        exec.put("interactiveMode", "Never");
        try {
            Files.writeString(file, kubeconfig(s.proxy.uri(), cluster, s.namespace, Map.of("exec", exec)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exec kubeconfig " + file, e);
        }
        return options(Config.fromKubeconfig(file.toFile()), s.namespace);
    }

    /**
     * fabric8's in-cluster configuration with its token read from {@code tokenFile}: sets the
     * system properties fabric8 reads instead of a pod's environment (API server, CA file, token
     * file; kubeconfig lookup off) and calls {@code Config.autoConfigure}. fabric8 reads them again
     * whenever it refreshes its credentials, so they stay set until the returned handle is closed,
     * which restores the previous values.
     */
    static InCluster serviceAccountTokenFile(PeerScenario s, TestCluster cluster, Path tokenFile, Path caFile) {
        try {
            Files.writeString(caFile, cluster.credentials().certificateAuthorityPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA file " + caFile, e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        properties.put(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "true");
        properties.put(Config.KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN_FILE_SYSTEM_PROPERTY, tokenFile.toString());
        properties.put(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, s.proxy.uri().toString());
        properties.put(Config.KUBERNETES_CA_CERTIFICATE_FILE_SYSTEM_PROPERTY, caFile.toString());
        properties.put(Config.KUBERNETES_NAMESPACE_SYSTEM_PROPERTY, s.namespace);
        InCluster handle = new InCluster(properties);
        handle.config = options(Config.autoConfigure(null), s.namespace);
        return handle;
    }

    /** System properties set for fabric8's in-cluster configuration; {@link #close()} restores the previous values. */
    static final class InCluster implements AutoCloseable {
        private final Map<String, String> previous = new LinkedHashMap<>();
        Config config;

        private InCluster(Map<String, String> properties) {
            properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        }

        @Override
        public void close() {
            previous.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    /** The two fabric8 options every peer scenario uses (see {@link PeerScenario}), and the namespace. */
    static Config options(Config config, String namespace) {
        config.setNamespace(namespace);
        config.setWatchReconnectInterval(PeerScenario.RECONNECT_INTERVAL_MILLIS);
        config.setOnlyHttpWatches(true);
        return config;
    }

    /** Starts a ConfigMap informer of {@code client} on the scenario's objects and waits (bounded) for it to sync. */
    static PeerInformer startInformer(String observer, KubernetesClient client, PeerScenario s) {
        PeerInformer informer = new PeerInformer(observer, client, s.namespace, s.name, s.checker).start();
        PeerScenario.awaitOrGiveUp(PeerScenario.WAIT, () -> informer.hasSynced() || informer.stopped());
        if (!informer.hasSynced()) {
            informer.close();
            throw new AssertionError("the fabric8 informer " + observer + " did not sync: " + informer.exceptions());
        }
        return informer;
    }

    /** {@code informer} is still running and its cache equals a fresh list (as {@link PeerScenario#converged()}). */
    static boolean converged(PeerScenario s, PeerInformer informer) {
        return !informer.stopped() && informer.cache().equals(s.freshList());
    }

    /** Waits up to {@code bound} for {@link #converged}; false when it did not happen in time or the informer stopped. */
    static boolean awaitConvergence(PeerScenario s, PeerInformer informer, Duration bound) {
        return PeerScenario.awaitOrGiveUp(bound, () -> informer.stopped() || converged(s, informer)) && converged(s, informer);
    }

    /** As {@link PeerScenario#outcome}, for {@code informer}. */
    static String outcome(PeerInformer informer, boolean converged, Duration bound) {
        if (informer.stopped()) {
            List<String> exceptions = informer.exceptions();
            return "informer stopped" + (exceptions.isEmpty() ? "" : " (" + PeerScenario.shorten(exceptions.get(exceptions.size() - 1)) + ")");
        }
        return converged ? "recovered" : "never recovered within " + bound.toSeconds() + " s";
    }

    /** The row for {@code informer} alone (as {@link PeerResults#of}, which sums the scenario's own informers). */
    static PeerResults row(String scenario, String faults, PeerScenario s, PeerInformer informer, InvariantChecker.Verification verification,
            String detect, String recover, String outcome) {
        InvariantChecker.Stats stats = s.checker.stats(informer.observer());
        return new PeerResults(scenario, faults, s.checker.writes().size(), stats.deliveries(), PeerResults.lost(verification.violations()),
                detect, recover, informer.relists(), stats.duplicates(), verification.tolerated(), outcome);
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            map.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(json(k)).append(':').append(json(v)));
            return b.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            list.forEach(v -> b.append(b.length() > 1 ? "," : "").append(json(v)));
            return b.append(']').toString();
        }
        return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
