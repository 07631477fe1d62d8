package dev.capstan.client.config;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The in-cluster configuration: a pod's service account and the {@code kubernetes} Service's
 * address from the environment, as client-go's {@code rest.InClusterConfig} reads them.
 *
 * <ul>
 *   <li>server: {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}, an IPv6 host
 *       bracketed;
 *   <li>token: {@code token}, re-read as the kubelet rotates it (see {@link FileTokenProvider});
 *   <li>CA: {@code ca.crt}; if it is missing the JVM's trust store is used and a warning logged,
 *       as client-go does;
 *   <li>namespace: {@code $POD_NAMESPACE}, else the {@code namespace} file, else {@code default}.
 * </ul>
 */
final class InClusterLoader {

    private static final System.Logger LOG = System.getLogger(InClusterLoader.class.getName());

    private InClusterLoader() {}

    static ClientConfig load(Environment environment, Clock clock) {
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.get("KUBERNETES_SERVICE_PORT");
        if (host == null || port == null) {
            List<String> missing = new ArrayList<>();
            if (host == null) {
                missing.add("KUBERNETES_SERVICE_HOST");
            }
            if (port == null) {
                missing.add("KUBERNETES_SERVICE_PORT");
            }
            throw new ClientConfigException("in-cluster configuration needs KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, which"
                    + " Kubernetes sets in every pod; " + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not set, so this is not running in a pod. Outside a cluster, use a kubeconfig.");
        }
        return load(environment.serviceAccountDirectory(), host, port, environment.get("POD_NAMESPACE"), clock);
    }

    static ClientConfig load(Path directory, String host, String port, @Nullable String namespaceOverride, Clock clock) {
        String what = "in-cluster configuration";
        int portNumber;
        try {
            portNumber = Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            portNumber = -1;
        }
        if (portNumber < 1 || portNumber > 65535) {
            throw new ClientConfigException(what + ": KUBERNETES_SERVICE_PORT '" + port + "' is not a port number");
        }
        String h = host.strip();
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        URI server = Urls.server("https://" + h + ":" + portNumber, what + ": KUBERNETES_SERVICE_HOST");

        Path tokenFile = directory.resolve("token");
        CredentialProvider credentials = new FileTokenProvider(tokenFile, what + ": service-account token", clock);

        Path caFile = directory.resolve("ca.crt");
        String ca = null;
        if (Files.exists(caFile)) {
            ca = Pem.normalizeCertificates(ClientConfig.readFile(caFile, what + ": CA bundle"), what + ": CA bundle " + caFile);
        } else {
            LOG.log(Level.WARNING, "{0}: {1} does not exist; verifying the API server with the JVM''s default trust store", what, caFile);
        }

        String namespace = namespaceOverride;
        Path namespaceFile = directory.resolve("namespace");
        if (namespace == null && Files.exists(namespaceFile)) {
            namespace = ClientConfig.readFile(namespaceFile, what + ": namespace file").strip();
        }
        if (namespace == null || namespace.isEmpty()) {
            namespace = ClientConfig.DEFAULT_NAMESPACE;
        }
        return new ClientConfig(server, namespace, new TlsSettings(ca, false, null), credentials, null,
                "in-cluster (service account in " + directory + ", server " + server + ")");
    }
}
