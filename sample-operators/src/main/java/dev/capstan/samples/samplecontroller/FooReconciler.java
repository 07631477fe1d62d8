package dev.capstan.samples.samplecontroller;

import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.apps.v1.DeploymentSpec;
import dev.capstan.api.core.v1.Container;
import dev.capstan.api.core.v1.PodSpec;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.meta.v1.OwnerReference;
import dev.capstan.boot.KubernetesController;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventType;
import dev.capstan.informer.Lister;
import dev.capstan.samples.Conditions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample-controller's {@code syncHandler}, key by key, exactly the custom-controller flow of
 * the seed document: read the Foo and its Deployment from listers, create or fix the Deployment,
 * copy its available replicas into the Foo's status, record an event.
 *
 * <ul>
 *   <li>The Foo is gone: nothing to do (its Deployment is garbage-collected through the owner
 *       reference).</li>
 *   <li>A Deployment of that name exists but another object controls it: it is left alone; a
 *       Warning event {@code ErrResourceExists}, {@code Ready=False} with that reason, and a retry
 *       with backoff (someone may delete it).</li>
 *   <li>The API server rejects the Deployment the Foo asks for (a Foo whose name, longer than 63
 *       characters, passes the CRD schema but is no valid label value): a Warning event
 *       {@code InvalidDeployment} with the server's words, {@code Ready=False}, no retry (the next
 *       edit of the Foo reconciles it).</li>
 *   <li>Otherwise the Deployment gets the Foo's replicas, and the Foo's status the Deployment's
 *       available replicas and {@code Ready=True}; a Normal event {@code Synced}.</li>
 * </ul>
 * A refusal is logged once per generation of the Foo (then at debug), never as a stack trace:
 * the condition it writes is the memory of what was already said.
 */
@KubernetesController(name = "sample-controller", owns = Deployment.class, workers = 2)
public class FooReconciler implements Reconciler<Foo> {
    static final String CONTROLLER_AGENT = "capstan.dev/sample-controller";
    static final String REASON_SYNCED = "Synced";
    static final String REASON_EXISTS = "ErrResourceExists";
    static final String REASON_INVALID = "InvalidDeployment";

    private static final Logger LOG = LoggerFactory.getLogger(FooReconciler.class);

    private final Lister<Foo> foos;
    private final Lister<Deployment> deployments;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock = Clock.systemUTC();

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
            // the CRD schema rejects this; kept for a CRD installed without it
            refuse(foo, "InvalidSpec", "spec.deploymentName is empty");
            return Result.done(); // retrying cannot help; the next edit of the Foo triggers a reconcile
        }
        ResourceClient<Deployment> namespaced = client.resources(Deployment.class).inNamespace(request.namespace());
        Optional<Deployment> existing = deployments.get(request.namespace(), deploymentName);
        Deployment deployment;
        try {
            if (existing.isEmpty()) {
                deployment = namespaced.create(desiredDeployment(foo));
            } else {
                deployment = existing.get();
                if (!controlledBy(deployment, foo)) {
                    refuse(foo, REASON_EXISTS, String.format("Resource \"%s\" already exists and is not managed by Foo", deploymentName));
                    return Result.requeueWithBackoff(); // its owner may delete it; backoff up to the rate limiter's cap
                }
                int wanted = replicas(foo);
                Integer actual = deployment.spec() == null ? null : deployment.spec().replicas();
                if (actual == null || actual != wanted) {
                    deployment = namespaced.update(deployment.toBuilder().spec(deployment.spec().toBuilder().replicas(wanted).build()).build());
                }
            }
        } catch (KubernetesApiException e) {
            if (!e.isInvalid()) {
                throw e; // races (AlreadyExists, Conflict) and outages: retried with backoff
            }
            refuse(foo, REASON_INVALID, "the API server rejected Deployment " + deploymentName + ": " + serverMessage(e));
            return Result.done();
        }
        int available = deployment.status() == null || deployment.status().availableReplicas() == null
                ? 0 : deployment.status().availableReplicas();
        Condition ready = Conditions.ready(true, REASON_SYNCED, "Deployment " + deploymentName + " has "
                + replicas(foo) + " desired and " + available + " available replicas", foo.metadata().generation());
        writeStatus(foo, available, ready);
        events.event(foo, EventType.NORMAL, REASON_SYNCED, "Sync", "Foo synced successfully");
        return Result.done();
    }

    /**
     * Reports a refusal: {@code Ready=False} with the reason; a Warning event and one log line
     * only when that is news for this generation, a debug line otherwise.
     */
    private void refuse(Foo foo, String reason, String message) {
        Integer available = foo.status() == null ? null : foo.status().availableReplicas();
        if (writeStatus(foo, available, Conditions.ready(false, reason, message, foo.metadata().generation()))) {
            LOG.warn("Foo {}/{} (generation {}): {}: {}", foo.metadata().namespace(), foo.metadata().name(),
                    foo.metadata().generation(), reason, message);
            events.event(foo, EventType.WARNING, reason, "Sync", "%s", message);
        } else {
            LOG.debug("Foo {}/{}: still {}", foo.metadata().namespace(), foo.metadata().name(), reason);
        }
    }

    /** Writes the status when it changed; returns whether it did. */
    private boolean writeStatus(Foo foo, Integer available, Condition condition) {
        List<Condition> current = foo.status() == null ? null : foo.status().conditions();
        Integer recorded = foo.status() == null ? null : foo.status().availableReplicas();
        if (Conditions.holds(current, condition) && Objects.equals(recorded, available)) {
            return false;
        }
        client.resources(Foo.class).inNamespace(foo.metadata().namespace())
                .updateStatus(foo.withStatus(new Foo.FooStatus(available, Conditions.set(current, condition, clock.instant()))));
        return true;
    }

    /** The server's own message (what was wrong and where), cut to a length a condition holds. */
    static String serverMessage(KubernetesApiException e) {
        String message = e.status() != null && e.status().message() != null ? e.status().message() : e.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
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
