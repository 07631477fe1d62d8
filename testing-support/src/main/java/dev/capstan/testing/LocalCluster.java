package dev.capstan.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** {@link TestCluster} over a started {@link LocalControlPlane}. */
final class LocalCluster implements TestCluster {
    private final LocalControlPlane controlPlane;

    LocalCluster(LocalControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    @Override
    public String description() {
        return "local control plane " + controlPlane.kubernetesVersion() + " at " + controlPlane.server();
    }

    @Override
    public URI server() {
        return controlPlane.server();
    }

    @Override
    public Path kubeconfig() {
        return controlPlane.kubeconfig();
    }

    @Override
    public ClusterCredentials credentials() {
        return controlPlane.credentials();
    }

    @Override
    public Optional<LocalControlPlane> localControlPlane() {
        return Optional.of(controlPlane);
    }

    @Override
    public void checkAlive() {
        controlPlane.checkAlive();
    }
}
