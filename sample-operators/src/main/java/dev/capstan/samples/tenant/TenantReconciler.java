package dev.capstan.samples.tenant;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.Quantity;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.api.core.v1.ResourceQuota;
import dev.capstan.api.core.v1.ResourceQuotaSpec;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.networking.v1.NetworkPolicy;
import dev.capstan.api.networking.v1.NetworkPolicyIngressRule;
import dev.capstan.api.networking.v1.NetworkPolicyPeer;
import dev.capstan.api.networking.v1.NetworkPolicySpec;
import dev.capstan.api.rbac.v1.RoleBinding;
import dev.capstan.api.rbac.v1.RoleRef;
import dev.capstan.api.rbac.v1.Subject;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.WriteOptions;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.PatchType;
import dev.capstan.controller.KeyMapper;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventType;
import dev.capstan.informer.IndexFunction;
import dev.capstan.informer.Lister;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Provisions a {@link TenantNamespace}: what a platform team would really run, and what the
 * sample-controller does not show.
 *
 * <ul>
 *   <li><b>Finalizer with cleanup outside the object</b>: {@value #FINALIZER} is added first
 *       (a JSON patch with a {@code test} op, so concurrent edits of the list are not lost); on
 *       deletion the tenant's namespace — a separate, cluster-scoped object — is deleted, and
 *       the finalizer is removed only once that namespace is gone.</li>
 *   <li><b>Server-side apply</b> of the namespace, the quota, the role binding and the network
 *       policy, with field manager {@value #FIELD_MANAGER}: only the fields this controller
 *       sets are owned, so other controllers' labels or annotations on the same objects
 *       survive.</li>
 *   <li><b>Status conditions</b> ({@code Ready} with {@code reason}, {@code message},
 *       {@code observedGeneration}, {@code lastTransitionTime} kept while the status does not
 *       change).</li>
 *   <li><b>A custom index maps events</b>: {@link #BY_NAMESPACE} indexes tenants by the namespace
 *       they own, so a change to anything inside a tenant namespace (a quota edited by hand)
 *       reconciles that tenant ({@link #ownerOf}).</li>
 *   <li><b>Cluster-scoped and cross-namespace watches</b>: tenants and namespaces are
 *       cluster-scoped; quotas, role bindings and policies are watched in every namespace.</li>
 * </ul>
 */
public final class TenantReconciler implements Reconciler<TenantNamespace> {
    public static final String FINALIZER = "tenancy.capstan.dev/cleanup";
    public static final String FIELD_MANAGER = "capstan-tenant-operator";
    public static final String TENANT_LABEL = "tenancy.capstan.dev/tenant";
    /** Index of tenants by the namespace they own. */
    public static final String BY_NAMESPACE = "by-namespace";

    private final Lister<TenantNamespace> tenants;
    private final Lister<Namespace> namespaces;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    public TenantReconciler(Lister<TenantNamespace> tenants, Lister<Namespace> namespaces, KubernetesClient client,
            EventRecorder events) {
        this(tenants, namespaces, client, events, Clock.systemUTC());
    }

    TenantReconciler(Lister<TenantNamespace> tenants, Lister<Namespace> namespaces, KubernetesClient client, EventRecorder events,
            Clock clock) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.client = Objects.requireNonNull(client, "client");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The index function: a tenant under the name of its namespace. */
    public static IndexFunction<TenantNamespace> byNamespace() {
        return tenant -> List.of(tenant.namespaceName());
    }

    /** Maps an object inside a tenant namespace (or the namespace itself) to its tenant, through the index. */
    public static <T extends KubernetesObject> KeyMapper<T> ownerOf(Lister<TenantNamespace> tenants) {
        return object -> {
            String namespace = object instanceof Namespace ? object.metadata().name() : object.metadata().namespace();
            return namespace == null ? List.of()
                    : tenants.byIndex(BY_NAMESPACE, namespace).stream().map(Request::of).toList();
        };
    }

    @Override
    public Result reconcile(Request request) {
        Optional<TenantNamespace> found = tenants.get(null, request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        TenantNamespace tenant = found.get();
        if (tenant.metadata().deletionTimestamp() != null) {
            return cleanUp(tenant);
        }
        List<String> finalizers = tenant.metadata().finalizers() == null ? List.of() : tenant.metadata().finalizers();
        if (!finalizers.contains(FINALIZER)) {
            addFinalizer(tenant, finalizers);
            return Result.done(); // the patch is an update event: the next reconcile provisions
        }
        try {
            provision(tenant);
        } catch (KubernetesApiException e) {
            writeReady(tenant, "False", "ProvisioningFailed", e.getMessage());
            events.event(tenant, EventType.WARNING, "ProvisioningFailed", "Provision", "%s", e.getMessage());
            throw e; // retried with backoff
        }
        if (writeReady(tenant, "True", "Provisioned", "namespace " + tenant.namespaceName() + " is ready")) {
            events.event(tenant, EventType.NORMAL, "Provisioned", "Provision", "namespace %s is ready", tenant.namespaceName());
        }
        return Result.done();
    }

    private void provision(TenantNamespace tenant) {
        String namespace = tenant.namespaceName();
        WriteOptions apply = WriteOptions.fieldManager(FIELD_MANAGER).withForce();
        Map<String, String> labels = Map.of(TENANT_LABEL, tenant.metadata().name());
        client.resources(Namespace.class).apply(Namespace.builder()
                .metadata(ObjectMeta.builder().name(namespace).labels(labels).build()).build(), apply);
        Map<String, Quantity> hard = new LinkedHashMap<>();
        if (tenant.spec().cpu() != null) {
            hard.put("requests.cpu", tenant.spec().cpu());
        }
        if (tenant.spec().memory() != null) {
            hard.put("requests.memory", tenant.spec().memory());
        }
        if (tenant.spec().pods() != null) {
            hard.put("pods", Quantity.parse(Integer.toString(tenant.spec().pods())));
        }
        client.resources(ResourceQuota.class).inNamespace(namespace).apply(ResourceQuota.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name("tenant-quota").labels(labels).build())
                .spec(ResourceQuotaSpec.builder().hard(hard).build()).build(), apply);
        client.resources(RoleBinding.class).inNamespace(namespace).apply(RoleBinding.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name("tenant-admins").labels(labels).build())
                .roleRef(RoleRef.builder().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name("admin").build())
                .subjects(List.of(Subject.builder().apiGroup("rbac.authorization.k8s.io").kind("Group")
                        .name(tenant.spec().adminGroup()).build()))
                .build(), apply);
        client.resources(NetworkPolicy.class).inNamespace(namespace).apply(NetworkPolicy.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name("tenant-isolation").labels(labels).build())
                .spec(NetworkPolicySpec.builder()
                        .podSelector(LabelSelector.builder().build())
                        .policyTypes(List.of("Ingress"))
                        .ingress(List.of(NetworkPolicyIngressRule.builder().from(List.of(NetworkPolicyPeer.builder()
                                .namespaceSelector(LabelSelector.builder().matchLabels(labels).build()).build())).build()))
                        .build())
                .build(), apply);
    }

    private Result cleanUp(TenantNamespace tenant) {
        List<String> finalizers = tenant.metadata().finalizers() == null ? List.of() : tenant.metadata().finalizers();
        int index = finalizers.indexOf(FINALIZER);
        if (index < 0) {
            return Result.done(); // not ours (any more)
        }
        Optional<Namespace> namespace = namespaces.get(null, tenant.namespaceName());
        if (namespace.isPresent()) {
            if (namespace.get().metadata().deletionTimestamp() == null) {
                client.resources(Namespace.class).delete(tenant.namespaceName());
                events.event(tenant, EventType.NORMAL, "CleaningUp", "Delete", "deleting namespace %s", tenant.namespaceName());
            }
            return Result.requeueAfter(Duration.ofSeconds(2)); // also woken by the namespace's deletion event
        }
        // remove our finalizer by index, guarded by a test of that index (fails, and is retried, if the list moved)
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + index + "\",\"value\":\"" + FINALIZER + "\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + index + "\"}]";
        client.resources(TenantNamespace.class).patch(tenant.metadata().name(), PatchType.JSON, patch);
        return Result.done();
    }

    private void addFinalizer(TenantNamespace tenant, List<String> finalizers) {
        String patch = finalizers.isEmpty()
                ? "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + tenant.metadata().resourceVersion() + "\"},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"" + FINALIZER + "\"]}]"
                : "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + (finalizers.size() - 1) + "\",\"value\":\""
                        + finalizers.get(finalizers.size() - 1) + "\"},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"" + FINALIZER + "\"}]";
        client.resources(TenantNamespace.class).patch(tenant.metadata().name(), PatchType.JSON, patch);
    }

    /** Writes the Ready condition when it changed; returns whether it did. */
    private boolean writeReady(TenantNamespace tenant, String status, String reason, String message) {
        Long generation = tenant.metadata().generation();
        Condition previous = tenant.status() == null || tenant.status().conditions() == null ? null
                : tenant.status().conditions().stream().filter(c -> "Ready".equals(c.type())).findFirst().orElse(null);
        if (previous != null && status.equals(previous.status()) && reason.equals(previous.reason())
                && Objects.equals(generation, previous.observedGeneration()) && Objects.equals(message, previous.message())) {
            return false;
        }
        Instant transition = previous != null && status.equals(previous.status()) ? previous.lastTransitionTime()
                : clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Condition ready = Condition.builder().type("Ready").status(status).reason(reason).message(message)
                .observedGeneration(generation).lastTransitionTime(transition).build();
        client.resources(TenantNamespace.class).updateStatus(tenant.withStatus(
                new TenantNamespace.Status(tenant.namespaceName(), List.of(ready))));
        return true;
    }
}
