package dev.capstan.samples.samplecontroller;

import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.apps.v1.DeploymentSpec;
import dev.capstan.api.core.v1.Container;
import dev.capstan.api.core.v1.PodSpec;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.meta.v1.OwnerReference;
import dev.capstan.boot.KubernetesController;
import dev.capstan.client.KubernetesClient;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventType;
import dev.capstan.informer.Lister;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The sample-controller's {@code syncHandler}, key by key, exactly the custom-controller flow of
 * the seed document: read the Foo and its Deployment from listers, create or fix the Deployment,
 * copy its available replicas into the Foo's status, record an event.
 *
 * <ul>
 *   <li>The Foo is gone: nothing to do (its Deployment is garbage-collected through the owner
 *       reference).</li>
 *   <li>A Deployment of that name exists but another object controls it: a Warning event
 *       {@code ErrResourceExists} and a retry with backoff (someone may delete it).</li>
 *   <li>Otherwise the Deployment gets the Foo's replicas, and the Foo's status the Deployment's
 *       available replicas; a Normal event {@code Synced}.</li>
 * </ul>
 */
@KubernetesController(name = "sample-controller", owns = Deployment.class, workers = 2)
public class FooReconciler implements Reconciler<Foo> {
    static final String CONTROLLER_AGENT = "capstan.dev/sample-controller";

    private final Lister<Foo> foos;
    private final Lister<Deployment> deployments;
    private final KubernetesClient client;
    private final EventRecorder events;

    public FooReconciler(Lister<Foo> foos, Lister<Deployment> deployments, KubernetesClient client, EventRecorder events) {
        this.foos = Objects.requireNonNull(foos, "foos");
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.client = Objects.requireNonNull(client, "client");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Foo> found = foos.get(request.namespace(), request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        Foo foo = found.get();
        String deploymentName = foo.spec() == null ? null : foo.spec().deploymentName();
        if (deploymentName == null || deploymentName.isBlank()) {
            events.event(foo, EventType.WARNING, "InvalidSpec", "Sync", "spec.deploymentName is empty");
            return Result.done(); // retrying cannot help; the next edit of the Foo triggers a reconcile
        }
        Optional<Deployment> existing = deployments.get(request.namespace(), deploymentName);
        Deployment deployment;
        if (existing.isEmpty()) {
            deployment = client.resources(Deployment.class).inNamespace(request.namespace()).create(desiredDeployment(foo));
        } else {
            deployment = existing.get();
            if (!controlledBy(deployment, foo)) {
                String message = String.format("Resource \"%s\" already exists and is not managed by Foo", deploymentName);
                events.event(foo, EventType.WARNING, "ErrResourceExists", "Sync", message);
                throw new IllegalStateException(message);
            }
            int wanted = replicas(foo);
            Integer actual = deployment.spec() == null ? null : deployment.spec().replicas();
            if (actual == null || actual != wanted) {
                deployment = client.resources(Deployment.class).inNamespace(request.namespace())
                        .update(deployment.toBuilder().spec(deployment.spec().toBuilder().replicas(wanted).build()).build());
            }
        }
        int available = deployment.status() == null || deployment.status().availableReplicas() == null
                ? 0 : deployment.status().availableReplicas();
        Integer recorded = foo.status() == null ? null : foo.status().availableReplicas();
        if (recorded == null || recorded != available) {
            client.resources(Foo.class).inNamespace(request.namespace()).updateStatus(foo.withStatus(new Foo.FooStatus(available)));
        }
        events.event(foo, EventType.NORMAL, "Synced", "Sync", "Foo synced successfully");
        return Result.done();
    }

    static int replicas(Foo foo) {
        return foo.spec().replicas() == null ? 1 : foo.spec().replicas();
    }

    static boolean controlledBy(Deployment deployment, Foo foo) {
        List<OwnerReference> owners = deployment.metadata().ownerReferences();
        return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.controller())
                && Objects.equals(o.uid(), foo.metadata().uid()));
    }

    /** The Deployment a Foo asks for: nginx, labelled for the Foo, controlled by it. */
    static Deployment desiredDeployment(Foo foo) {
        Map<String, String> labels = Map.of("app", "nginx", "controller", foo.metadata().name());
        return Deployment.builder()
                .metadata(ObjectMeta.builder()
                        .namespace(foo.metadata().namespace())
                        .name(foo.spec().deploymentName())
                        .ownerReferences(List.of(OwnerReference.builder()
                                .apiVersion(Foo.API_VERSION).kind("Foo").name(foo.metadata().name()).uid(foo.metadata().uid())
                                .controller(true).blockOwnerDeletion(true).build()))
                        .build())
                .spec(DeploymentSpec.builder()
                        .replicas(replicas(foo))
                        .selector(LabelSelector.builder().matchLabels(labels).build())
                        .template(PodTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(labels).build())
                                .spec(PodSpec.builder().containers(List.of(Container.builder().name("nginx").image("nginx:latest").build()))
                                        .build())
                                .build())
                        .build())
                .build();
    }
}
