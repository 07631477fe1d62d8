package dev.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

@ResourceLock(Resources.SYSTEM_PROPERTIES)
class SharedClusterTest {
    private final String before = System.getProperty(SharedCluster.SELECTION_PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(SharedCluster.SELECTION_PROPERTY);
        } else {
            System.setProperty(SharedCluster.SELECTION_PROPERTY, before);
        }
    }

    @Test
    void selectionIsCaseInsensitive() {
        System.setProperty(SharedCluster.SELECTION_PROPERTY, "K3S");
        assertThat(SharedCluster.selection()).isEqualTo("k3s");
    }

    @Test
    void unknownSelectionListsTheChoices() {
        System.setProperty(SharedCluster.SELECTION_PROPERTY, "minikube");
        assertThatThrownBy(SharedCluster::selection)
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("is 'minikube'")
                .hasMessageContaining("local")
                .hasMessageContaining("k3s")
                .hasMessageContaining("kubeconfig");
    }

    @Test
    void k3sWithoutDockerSkipsWithTheReason() {
        org.junit.jupiter.api.Assumptions.assumeFalse(DockerClientFactory.instance().isDockerAvailable(),
                "a Docker engine is reachable here, so k3s would really start; K3s tests cover that host");
        assertThatThrownBy(K3sCluster::start)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("capstan.test.cluster=k3s needs a Docker engine")
                .hasMessageContaining("capstan.test.cluster=local");
    }

    @Test
    void namespaceNamesAreValidDnsLabels() {
        String name = KubernetesClusterExtension.OwnedNamespace.name("A_Very$LongTestClassNameThatGoesOnAndOnForeverAndEver");
        assertThat(name).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63).startsWith("t-a-very-longtestclass");
        assertThat(KubernetesClusterExtension.OwnedNamespace.name("X")).isNotEqualTo(KubernetesClusterExtension.OwnedNamespace.name("X"));
    }
}
