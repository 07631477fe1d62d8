/**
 * A real Kubernetes cluster for tests: Capstan's own and its users'.
 *
 * <p>The entry point is {@link dev.capstan.testing.KubernetesTest}: annotate a test class and
 * take a {@link dev.capstan.testing.TestCluster} and a {@link dev.capstan.testing.TestNamespace}
 * as parameters. Which cluster backs them is chosen by {@code capstan.test.cluster} (system
 * property) or {@code CAPSTAN_TEST_CLUSTER} (environment):
 * <ul>
 *   <li>{@code local} (default): {@link dev.capstan.testing.LocalControlPlane}, etcd,
 *       kube-apiserver and kube-controller-manager built from Go modules and run as loopback
 *       processes. No Docker engine needed; garbage collection, namespace deletion and default
 *       ServiceAccounts work.</li>
 *   <li>{@code k3s}: k3s through Testcontainers, where a Docker engine is reachable; skipped
 *       with the reason otherwise.</li>
 *   <li>{@code kubeconfig}: an existing cluster from {@code KUBECONFIG} (or
 *       {@code ~/.kube/config}).</li>
 * </ul>
 * One cluster serves the whole test JVM; it starts lazily and stops when the JVM exits.
 */
package dev.capstan.testing;
