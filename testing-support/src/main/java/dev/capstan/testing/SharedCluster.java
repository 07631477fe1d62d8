package dev.capstan.testing;

import java.util.Locale;

/**
 * The one test cluster of this JVM, chosen by {@code capstan.test.cluster} /
 * {@code CAPSTAN_TEST_CLUSTER} and started on first use. A failed start is remembered, so
 * later test classes fail at once with the same cause instead of trying again.
 */
final class SharedCluster {
    static final String SELECTION_PROPERTY = "capstan.test.cluster";
    static final String SELECTION_ENV = "CAPSTAN_TEST_CLUSTER";

    /** Guarded by SharedCluster.class. */
    private static TestCluster cluster;
    /** Guarded by SharedCluster.class. */
    private static RuntimeException failure;

    private SharedCluster() {}

    /** The selection as configured: {@code local} (default), {@code k3s} or {@code kubeconfig}. */
    static String selection() {
        String value = Settings.getOrDefault(SELECTION_PROPERTY, SELECTION_ENV, "local").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "local", "k3s", "kubeconfig" -> value;
            default -> throw new ControlPlaneException(SELECTION_PROPERTY + " / " + SELECTION_ENV + " is '" + value
                    + "'; expected one of: local (the default, a control plane built from Go modules), "
                    + "k3s (Testcontainers, needs Docker), kubeconfig (the cluster in KUBECONFIG)");
        };
    }

    static synchronized TestCluster get() {
        if (failure != null) {
            throw new ControlPlaneException("the test cluster failed to start earlier in this JVM: " + failure.getMessage(), failure);
        }
        if (cluster == null) {
            try {
                cluster = start(selection());
            } catch (org.opentest4j.TestAbortedException e) {
                throw e; // k3s without Docker: skip, and skip the next class the same way
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        cluster.checkAlive();
        return cluster;
    }

    private static TestCluster start(String selection) {
        return switch (selection) {
            case "k3s" -> K3sCluster.start();
            case "kubeconfig" -> {
                ExistingCluster existing = ExistingCluster.fromEnvironment();
                System.err.println("capstan: testing against " + existing.description());
                yield existing;
            }
            default -> {
                LocalControlPlane controlPlane = LocalControlPlane.builder().build().start();
                System.err.printf("capstan: local control plane %s ready in %.1f s (%s) at %s; kubeconfig %s%n",
                        controlPlane.kubernetesVersion(), controlPlane.startupTime().toMillis() / 1000.0,
                        controlPlane.startupBreakdown(), controlPlane.server(), controlPlane.kubeconfig());
                yield new LocalCluster(controlPlane);
            }
        };
    }
}
