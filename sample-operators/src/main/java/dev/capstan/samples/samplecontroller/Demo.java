package dev.capstan.samples.samplecontroller;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinition;
import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.controller.Manager;
import dev.capstan.controller.Result;
import dev.capstan.crd.CrdGenerator;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventRecorderOptions;
import dev.capstan.informer.DeletedObject;
import dev.capstan.informer.ResourceEventHandler;
import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.LocalControlPlane;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's main job: a local control plane, the Foo CRD, the sample-controller, and one Foo —
 * printing, as it happens, the Deployment appearing and the Foo's status being updated. Runs
 * until Ctrl-C; with {@code --once} it exits after the first successful reconcile (status 0), or
 * with status 1 if that does not happen within two minutes.
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) throws Exception {
        // progress lines for a person, not a log flood: only warnings and errors from the framework
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (java.util.logging.Handler handler : java.util.logging.Logger.getLogger("").getHandlers()) {
            handler.setLevel(java.util.logging.Level.WARNING);
        }
        System.exit(run(List.of(args), System.out));
    }

    /** Runs the demo; returns the process exit status. */
    public static int run(List<String> args, PrintStream out) throws Exception {
        boolean once = args.contains("--once");
        Instant begin = Instant.now();
        out.println("» starting a local control plane (etcd, kube-apiserver, kube-controller-manager)…");
        try (LocalControlPlane plane = LocalControlPlane.builder().build().start();
                KubernetesClient client = client(plane)) {
            out.printf("» control plane ready in %.1f s at %s%n", plane.startupTime().toMillis() / 1000.0, plane.server());
            installCrd(client);
            out.println("» CRD foos.samplecontroller.capstan.dev installed");
            EventRecorder events = EventRecorder.create(client, EventRecorderOptions.forController(FooReconciler.CONTROLLER_AGENT));
            // --once ends when the Foo has been reconciled, its Deployment seen and its status written
            CountDownLatch synced = new CountDownLatch(3);
            java.util.concurrent.atomic.AtomicBoolean reconciled = new java.util.concurrent.atomic.AtomicBoolean();
            try (Manager manager = Manager.create(client)) {
                FooReconciler reconciler = new FooReconciler(manager.informers().lister(Foo.class),
                        manager.informers().lister(Deployment.class), client, events);
                manager.add(manager.controller("sample-controller", Foo.class)
                        .owns(Deployment.class)
                        .reconciler(request -> {
                            Result result = reconciler.reconcile(request);
                            Foo foo = manager.informers().lister(Foo.class).get(request.namespace(), request.name()).orElse(null);
                            if (foo != null) {
                                out.printf("» reconciled Foo %s: Deployment %s wants %d replicas%n", request, foo.spec().deploymentName(),
                                        FooReconciler.replicas(foo));
                                if (reconciled.compareAndSet(false, true)) {
                                    synced.countDown();
                                }
                            }
                            return result;
                        })
                        .build());
                manager.informers().informerFor(Deployment.class).addEventHandler(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Deployment d, boolean initialList) {
                        out.printf("» Deployment %s/%s appeared (replicas %s)%n", d.metadata().namespace(), d.metadata().name(),
                                d.spec().replicas());
                        if (d.metadata().name().equals("example-foo")) {
                            synced.countDown();
                        }
                    }

                    @Override
                    public void onDelete(DeletedObject<Deployment> gone) {
                        out.printf("» Deployment %s deleted%n", gone.object().metadata().name());
                    }
                });
                manager.informers().informerFor(Foo.class).addEventHandler(new ResourceEventHandler<>() {
                    @Override
                    public void onUpdate(Foo before, Foo after) {
                        if (after.status() != null && (before.status() == null
                                || !after.status().equals(before.status()))) {
                            out.printf("» Foo %s status: availableReplicas=%s%n", after.metadata().name(),
                                    after.status().availableReplicas());
                            if (before.status() == null) {
                                synced.countDown();
                            }
                        }
                    }
                });
                manager.start();
                out.println("» sample-controller running; creating Foo default/example-foo");
                client.resources(Foo.class).inNamespace("default").create(Foo.of("default", "example-foo", "example-foo", 1));
                if (once) {
                    boolean ok = synced.await(2, TimeUnit.MINUTES);
                    out.printf(ok ? "» done in %.1f s%n" : "» no successful reconcile within 2 minutes (after %.1f s)%n",
                            Duration.between(begin, Instant.now()).toMillis() / 1000.0);
                    return ok ? 0 : 1;
                }
                out.println("» watching; Ctrl-C stops the controller and the control plane");
                Thread.currentThread().join();
                return 0;
            } finally {
                events.close(Duration.ofSeconds(5));
            }
        }
    }

    private static void installCrd(KubernetesClient client) throws InterruptedException {
        CustomResourceDefinition crd = KubernetesJson.fromTree(CrdGenerator.generate(Foo.class), CustomResourceDefinition.class);
        ResourceClient<CustomResourceDefinition> crds = client.resources(CustomResourceDefinition.class);
        crds.create(crd);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                client.resources(Foo.class).inAnyNamespace().list();
                return;
            } catch (KubernetesApiException notYetServed) {
                if (System.nanoTime() > deadline) {
                    throw notYetServed;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    private static KubernetesClient client(LocalControlPlane plane) {
        ClusterCredentials c = plane.credentials();
        return KubernetesClient.create(new ClientConfig(plane.server(), "default",
                new TlsSettings(c.certificateAuthorityPem(), false, null),
                CredentialProvider.of(new Credentials.ClientCertificate(c.clientCertificatePem(), c.clientKeyPem())), null,
                "local control plane"), RestOptions.defaults());
    }
}
