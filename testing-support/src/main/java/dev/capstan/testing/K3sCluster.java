package dev.capstan.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * k3s in a container through Testcontainers, for hosts with a Docker engine
 * ({@code capstan.test.cluster=k3s}). The image is {@code capstan.test.k3s-image} (or
 * {@code CAPSTAN_TEST_K3S_IMAGE}), by default {@value #DEFAULT_IMAGE}, the k3s build of the
 * Kubernetes release the local control plane pins.
 *
 * <p>Only loaded when k3s is selected, so Testcontainers is an optional dependency.
 */
final class K3sCluster {
    static final String DEFAULT_IMAGE = "rancher/k3s:v1.36.3-k3s1";

    private K3sCluster() {}

    /**
     * Starts k3s, or aborts the calling test (JUnit: skipped, with the reason) when no
     * Docker engine is reachable.
     */
    static TestCluster start() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker, "capstan.test.cluster=k3s needs a Docker engine, and none is reachable from this "
                + "machine (checked DOCKER_HOST, the Docker socket and Testcontainers' configuration); the test is skipped. "
                + "Use capstan.test.cluster=local for the local control plane, which needs no Docker.");
        String image = Settings.getOrDefault("capstan.test.k3s-image", "CAPSTAN_TEST_K3S_IMAGE", DEFAULT_IMAGE);
        K3sContainer container = new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "capstan-k3s-shutdown"));
        try {
            Path kubeconfig = Files.createTempFile("capstan-k3s-", ".kubeconfig");
            Files.writeString(kubeconfig, container.getKubeConfigYaml(), StandardCharsets.UTF_8);
            kubeconfig.toFile().deleteOnExit();
            return new ExistingCluster("k3s (" + image + ")", kubeconfig, Kubeconfig.read(List.of(kubeconfig)));
        } catch (IOException e) {
            container.stop();
            throw new ControlPlaneException("could not write k3s's kubeconfig: " + e.getMessage(), e);
        }
    }
}
