package dev.capstan.testing;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster that some kubeconfig points at: {@code capstan.test.cluster=kubeconfig} (the
 * files in {@code KUBECONFIG}, else {@code ~/.kube/config}), and k3s once started. Capstan
 * neither starts nor stops it.
 */
final class ExistingCluster implements TestCluster {
    private final String description;
    private final Path kubeconfig;
    private final Kubeconfig.Target target;

    ExistingCluster(String what, Path kubeconfig, Kubeconfig.Target target) {
        this.kubeconfig = kubeconfig;
        this.target = target;
        this.description = what + " at " + target.server() + " (context '" + target.context() + "')";
    }

    /** The cluster of the current context of {@code KUBECONFIG} (or {@code ~/.kube/config}). */
    static ExistingCluster fromEnvironment() {
        List<Path> files = new ArrayList<>();
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            for (String part : env.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    files.add(Path.of(part));
                }
            }
        } else {
            files.add(Path.of(System.getProperty("user.home"), ".kube", "config"));
        }
        Kubeconfig.Target target = Kubeconfig.read(files);
        return new ExistingCluster("existing cluster", files.get(0), target);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public URI server() {
        return target.server();
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public ClusterCredentials credentials() {
        return target.credentials();
    }
}
