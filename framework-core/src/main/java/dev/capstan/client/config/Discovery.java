package dev.capstan.client.config;

import java.io.File;
import java.nio.file.Files;
import java.time.Clock;

/**
 * {@link ClientConfig#load()}: the order in which a client looks for its configuration.
 *
 * <ol>
 *   <li>{@code KUBECONFIG}, if set: its files, merged. Set means chosen: if it names no existing
 *       file that is an error, not a reason to look further.
 *   <li>{@code ~/.kube/config}, if it exists.
 *   <li>In-cluster, if {@code KUBERNETES_SERVICE_HOST} is set.
 * </ol>
 * kubectl's order, and client-go's {@code NewNonInteractiveDeferredLoadingClientConfig} with the
 * in-cluster fallback: a developer's kubeconfig wins on a workstation, and a pod, which has none,
 * uses its service account.
 */
final class Discovery {

    private Discovery() {}

    static ClientConfig load(Environment environment, Clock clock) {
        KubeconfigLoader kubeconfig = new KubeconfigLoader(environment, clock);
        if (environment.get("KUBECONFIG") != null || Files.exists(environment.defaultKubeconfig())) {
            return kubeconfig.load(KubeconfigOptions.defaults());
        }
        if (environment.get("KUBERNETES_SERVICE_HOST") != null) {
            return InClusterLoader.load(environment, clock);
        }
        throw new ClientConfigException("no Kubernetes configuration found; tried:"
                + "\n  - the KUBECONFIG environment variable: not set"
                + "\n  - " + environment.defaultKubeconfig() + ": does not exist"
                + "\n  - in-cluster configuration: KUBERNETES_SERVICE_HOST is not set (not running in a pod)"
                + "\nSet KUBECONFIG (a list of files separated by '" + File.pathSeparator + "'), create "
                + environment.defaultKubeconfig() + " (kubectl config, or your cluster tool's get-credentials), or run in a pod.");
    }
}
