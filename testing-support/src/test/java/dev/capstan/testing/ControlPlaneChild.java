package dev.capstan.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Main class for {@link LocalControlPlaneLifecycleIT}'s watchdog test: starts a control plane
 * in a JVM of its own, prints the component pids, and waits to be killed.
 */
public final class ControlPlaneChild {
    private ControlPlaneChild() {}

    public static void main(String[] args) throws InterruptedException {
        LocalControlPlane cluster = LocalControlPlane.builder().controllers(List.of()).build().start();
        System.out.println("PIDS " + cluster.pid(LocalControlPlane.Component.ETCD).getAsLong() + " "
                + cluster.pid(LocalControlPlane.Component.KUBE_APISERVER).getAsLong());
        System.out.flush();
        TimeUnit.MINUTES.sleep(10);
    }
}
