package dev.capstan.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import reactor.netty.http.client.HttpClient;

/**
 * A running Kubernetes cluster that tests talk to: the local control plane, k3s, or an
 * existing cluster from a kubeconfig (see the package documentation for how one is chosen).
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use.
 */
public interface TestCluster {

    /** One line saying what this cluster is and where, for logs and messages. */
    String description();

    /** The API server's base URL, for example {@code https://127.0.0.1:41023}. */
    URI server();

    /**
     * A kubeconfig file for this cluster with administrator rights, usable with
     * {@code kubectl --kubeconfig}. It holds credentials: do not print it.
     */
    Path kubeconfig();

    /** The administrator credentials for {@link #server()}. */
    ClusterCredentials credentials();

    /**
     * A Reactor Netty client with {@link #server()} as base URL and the credentials applied.
     * Each call builds a new client; it shares Reactor Netty's global connection pool.
     */
    default HttpClient httpClient() {
        return ClusterHttp.client(server(), credentials());
    }

    /** The local control plane behind this cluster, when it is one (for fault tests). */
    default Optional<LocalControlPlane> localControlPlane() {
        return Optional.empty();
    }

    /**
     * Throws {@link ControlPlaneException} when the cluster is known to be gone (for the
     * local control plane: one of its processes exited on its own). Cheap; does not call
     * the server.
     */
    default void checkAlive() {}

    /**
     * A test cluster over a control plane the test started itself (for example one with extra
     * kube-apiserver flags), with its administrator credentials.
     */
    static TestCluster of(LocalControlPlane controlPlane) {
        return new LocalCluster(java.util.Objects.requireNonNull(controlPlane, "controlPlane"));
    }
}
