package dev.capstan.samples.tenant;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.Quantity;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.api.core.v1.ResourceQuota;
import dev.capstan.api.core.v1.ResourceQuotaSpec;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.meta.v1.OwnerReference;
import dev.capstan.api.networking.v1.NetworkPolicy;
import dev.capstan.api.networking.v1.NetworkPolicyIngressRule;
import dev.capstan.api.networking.v1.NetworkPolicyPeer;
import dev.capstan.api.networking.v1.NetworkPolicySpec;
import dev.capstan.api.rbac.v1.RoleBinding;
import dev.capstan.api.rbac.v1.RoleRef;
import dev.capstan.api.rbac.v1.Subject;
import dev.capstan.boot.Index;
import dev.capstan.boot.KubernetesController;
import dev.capstan.boot.Watches;
import dev.capstan.client.DeletionOptions;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.WriteOptions;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.PatchType;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventType;
import dev.capstan.informer.Lister;
import dev.capstan.samples.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions a {@link TenantNamespace}: what a platform team would really run, and what the
 * sample-controller does not show. Run by {@link TenantOperatorApplication} through the starter.
 *
 * <ul>
 *   <li><b>Finalizer with cleanup outside the object</b>: {@value #FINALIZER} is added first
 *       (a JSON patch with a {@code test} op, so concurrent edits of the list are not lost); on
 *       deletion the tenant's namespace — a separate, cluster-scoped object — is deleted, and the
 *       finalizer is removed only once that namespace is gone, so a tenant re-created under the
 *       same name never meets its predecessor's terminating namespace.</li>
 *   <li><b>Server-side apply</b> of the namespace, the quota, the role binding and the network
 *       policy, with field manager {@value #FIELD_MANAGER}: only the fields this controller sets
 *       are owned, so other managers' labels or annotations on the same objects survive, and a
 *       field dropped from the spec (a quota line) is removed.</li>
 *   <li><b>Status conditions</b>: {@code Ready} with {@code reason}, {@code message},
 *       {@code observedGeneration}, and a {@code lastTransitionTime} that only moves when the
 *       status does ({@link Conditions}).</li>
 *   <li><b>A custom index maps events</b>: {@link #BY_NAMESPACE} indexes tenants by the name of
 *       the namespace they own; {@link #onNamespace} maps an event of any namespace through it, so
 *       a foreign namespace blocking a tenant being deleted, or the tenant's own namespace
 *       finishing termination, reconciles the tenant.</li>
 *   <li><b>Cluster-scoped and cross-namespace watches</b>: tenants and namespaces are
 *       cluster-scoped; the quotas, role bindings and policies it owns are watched in every
 *       namespace and mapped back through their owner reference.</li>
 * </ul>
 *
 * <h2>What it refuses</h2>
 * <ul>
 *   <li>A namespace {@code tenant-<name>} that exists and is not controlled by this tenant:
 *       {@code Ready=False}, reason {@value #REASON_CONFLICT}, a Warning event; the namespace is
 *       not touched (not even on the tenant's deletion). When it goes away, the index brings the
 *       tenant back and it is provisioned.</li>
 *   <li>A spec or name the API server rejects (a negative quota, a name that makes no valid
 *       namespace name): {@code Ready=False}, reason {@value #REASON_INVALID}, a Warning event
 *       with the server's words; no retry (the next edit of the tenant reconciles it).</li>
 * </ul>
 * Each refusal is logged once per generation (then at debug), never as a stack trace.
 *
 * <h2>The generation filter</h2> The starter lets updates of the primary resource through only
 * when {@code metadata.generation} changed. Adding the finalizer is a metadata change, which
 * does not bump it: the reconcile therefore carries on with the patched object instead of waiting
 * for an update event that never comes. Deletion does bump the generation (the API server sets
 * {@code deletionTimestamp}), and the namespace's own events wake the cleanup anyway.
 */
@KubernetesController(name = "tenant-operator", owns = {ResourceQuota.class, RoleBinding.class, NetworkPolicy.class}, workers = 2)
public class TenantReconciler implements Reconciler<TenantNamespace> {
    public static final String FINALIZER = "tenancy.capstan.dev/cleanup";
    public static final String FIELD_MANAGER = "capstan-tenant-operator";
    public static final String TENANT_LABEL = "tenancy.capstan.dev/tenant";
    /** Index of tenants by the namespace they own. */
    public static final String BY_NAMESPACE = "by-namespace";
    static final String CONTROLLER_AGENT = "capstan.dev/tenant-operator";
    static final String REASON_PROVISIONED = "Provisioned";
    static final String REASON_CONFLICT = "NamespaceConflict";
    static final String REASON_INVALID = "InvalidSpec";
    static final String REASON_FAILED = "ProvisioningFailed";
    static final String REASON_TERMINATING = "NamespaceTerminating";
    static final String QUOTA = "tenant-quota";
    static final String ROLE_BINDING = "tenant-admins";
    static final String NETWORK_POLICY = "tenant-isolation";

    private static final Logger LOG = LoggerFactory.getLogger(TenantReconciler.class);
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final WriteOptions APPLY = WriteOptions.fieldManager(FIELD_MANAGER).withForce();

    private final Lister<TenantNamespace> tenants;
    private final Lister<Namespace> namespaces;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock = Clock.systemUTC();

    public TenantReconciler(Lister<TenantNamespace> tenants, Lister<Namespace> namespaces, KubernetesClient client,
            EventRecorder events) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
        this.client = Objects.requireNonNull(client, "client");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The index: a tenant under the name of the namespace it owns (or would own). */
    @Index(BY_NAMESPACE)
    static List<String> byNamespace(TenantNamespace tenant) {
        return List.of(tenant.namespaceName());
    }

    /**
     * Any namespace's event (cluster-wide) → the tenant that owns, or wants, a namespace of that
     * name, looked up in the {@link #BY_NAMESPACE} index. Runs on the informer's thread: a lister
     * read, no API call.
     */
    @Watches(Namespace.class)
    Collection<Request> onNamespace(Namespace namespace) {
        return tenants.byIndex(BY_NAMESPACE, namespace.metadata().name()).stream().map(Request::of).toList();
    }

    @Override
    public Result reconcile(Request request) {
        Optional<TenantNamespace> found = tenants.get(null, request.name());
        if (found.isEmpty()) {
            return Result.done(); // gone: its finalizer ran before
        }
        TenantNamespace tenant = found.get();
        if (tenant.metadata().deletionTimestamp() != null) {
            return cleanUp(tenant);
        }
        String namespaceName = tenant.namespaceName();
        if (!DNS_LABEL.matcher(namespaceName).matches()) {
            refuse(tenant, REASON_INVALID, "the tenant's namespace would be named '" + namespaceName + "', which is not a valid "
                    + "namespace name (at most 63 lower-case letters, digits and '-'); recreate the tenant under a shorter name "
                    + "without dots");
            return Result.done(); // names are immutable: retrying cannot help
        }
        if (!finalizers(tenant).contains(FINALIZER)) {
            // carry on with the patched object: this metadata-only change does not bump the generation,
            // so the starter's generation filter drops its update event and no second reconcile would come
            tenant = addFinalizer(tenant);
        }
        Optional<Namespace> namespace = namespaces.get(null, namespaceName);
        if (namespace.isPresent() && !controlledBy(namespace.get(), tenant)) {
            refuse(tenant, REASON_CONFLICT, "namespace " + namespaceName + " already exists and is not managed by this "
                    + "TenantNamespace; it is left alone. Delete or rename it and the tenant is provisioned");
            return Result.done(); // its deletion is an event of that namespace, which the index maps back to this tenant
        }
        if (namespace.isPresent() && namespace.get().metadata().deletionTimestamp() != null) {
            writeReady(tenant, false, REASON_TERMINATING, "namespace " + namespaceName + " is still terminating; it is "
                    + "re-created once it is gone");
            return Result.requeueAfter(Duration.ofSeconds(5)); // its deletion event also wakes this tenant
        }
        try {
            if (namespace.isEmpty()) {
                // create, not apply: an apply would silently adopt a namespace someone made since the cache last saw it
                client.resources(Namespace.class).create(desiredNamespace(tenant));
            }
            provision(tenant);
        } catch (KubernetesApiException e) {
            if (e.isInvalid()) {
                refuse(tenant, REASON_INVALID, "the API server rejected what the spec asks for: " + serverMessage(e));
                return Result.done();
            }
            if (!e.isAlreadyExists() && !e.isConflict()) {
                writeReady(tenant, false, REASON_FAILED, serverMessage(e));
            }
            throw e; // retried with backoff
        }
        Condition ready = Conditions.ready(true, REASON_PROVISIONED, "namespace " + namespaceName + " is provisioned",
                tenant.metadata().generation());
        if (writeReady(tenant, ready)) {
            events.event(tenant, EventType.NORMAL, REASON_PROVISIONED, "Provision", "namespace %s is provisioned", namespaceName);
        }
        return Result.done();
    }

    private void provision(TenantNamespace tenant) {
        String namespace = tenant.namespaceName();
        client.resources(Namespace.class).apply(desiredNamespace(tenant), APPLY);
        client.resources(ResourceQuota.class).inNamespace(namespace).apply(desiredQuota(tenant), APPLY);
        client.resources(RoleBinding.class).inNamespace(namespace).apply(desiredRoleBinding(tenant), APPLY);
        client.resources(NetworkPolicy.class).inNamespace(namespace).apply(desiredNetworkPolicy(tenant), APPLY);
    }

    private Result cleanUp(TenantNamespace tenant) {
        List<String> finalizers = finalizers(tenant);
        int index = finalizers.indexOf(FINALIZER);
        if (index < 0) {
            return Result.done(); // not ours (any more)
        }
        Optional<Namespace> namespace = namespaces.get(null, tenant.namespaceName());
        if (namespace.isPresent() && controlledBy(namespace.get(), tenant)) {
            if (namespace.get().metadata().deletionTimestamp() == null) {
                try {
                    // only the namespace this tenant made: a precondition on its uid
                    client.resources(Namespace.class).delete(tenant.namespaceName(),
                            DeletionOptions.defaults().withPreconditions(namespace.get().metadata().uid(), null));
                    events.event(tenant, EventType.NORMAL, "CleaningUp", "Delete", "deleting namespace %s", tenant.namespaceName());
                } catch (KubernetesApiException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                }
            }
            return Result.requeueAfter(Duration.ofSeconds(5)); // also woken by the namespace's own events, through the index
        }
        // remove our finalizer by index, guarded by a test of that index (fails, and is retried, if the list moved)
        String patch = "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + index + "\",\"value\":\"" + FINALIZER + "\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/" + index + "\"}]";
        client.resources(TenantNamespace.class).patch(tenant.metadata().name(), PatchType.JSON, patch);
        LOG.info("tenant {}: namespace {} is gone, finalizer removed", tenant.metadata().name(), tenant.namespaceName());
        return Result.done();
    }

    private TenantNamespace addFinalizer(TenantNamespace tenant) {
        List<String> finalizers = finalizers(tenant);
        String patch = finalizers.isEmpty()
                ? "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + tenant.metadata().resourceVersion() + "\"},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\"" + FINALIZER + "\"]}]"
                : "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/" + (finalizers.size() - 1) + "\",\"value\":\""
                        + finalizers.get(finalizers.size() - 1) + "\"},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\"" + FINALIZER + "\"}]";
        return client.resources(TenantNamespace.class).patch(tenant.metadata().name(), PatchType.JSON, patch);
    }

    /**
     * Reports a refusal: {@code Ready=False} with the reason, and — only when that is news for
     * this generation — a Warning event and one log line; otherwise a debug line.
     */
    private void refuse(TenantNamespace tenant, String reason, String message) {
        Condition condition = Conditions.ready(false, reason, message, tenant.metadata().generation());
        if (writeReady(tenant, condition)) {
            LOG.warn("tenant {} (generation {}): {}: {}", tenant.metadata().name(), tenant.metadata().generation(), reason, message);
            events.event(tenant, EventType.WARNING, reason, "Provision", "%s", message);
        } else {
            LOG.debug("tenant {}: still {}", tenant.metadata().name(), reason);
        }
    }

    private boolean writeReady(TenantNamespace tenant, boolean ready, String reason, String message) {
        return writeReady(tenant, Conditions.ready(ready, reason, message, tenant.metadata().generation()));
    }

    /** Writes the condition when it is news; returns whether it was. */
    private boolean writeReady(TenantNamespace tenant, Condition condition) {
        List<Condition> current = tenant.status() == null ? null : tenant.status().conditions();
        String namespace = tenant.namespaceName();
        if (Conditions.holds(current, condition) && tenant.status() != null && namespace.equals(tenant.status().namespace())) {
            return false;
        }
        List<Condition> next = Conditions.set(current, condition, clock.instant());
        client.resources(TenantNamespace.class).updateStatus(tenant.withStatus(new TenantNamespace.Status(namespace, next)));
        return true;
    }

    // ---- the desired objects ---------------------------------------------------------------------------

    static boolean controlledBy(KubernetesObject object, TenantNamespace tenant) {
        List<OwnerReference> owners = object.metadata().ownerReferences();
        return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.controller())
                && Objects.equals(o.uid(), tenant.metadata().uid()));
    }

    private static ObjectMeta.Builder ownedMeta(TenantNamespace tenant, String namespace, String name) {
        return ObjectMeta.builder().namespace(namespace).name(name)
                .labels(Map.of(TENANT_LABEL, tenant.metadata().name()))
                .ownerReferences(List.of(OwnerReference.builder()
                        .apiVersion(TenantNamespace.API_VERSION).kind("TenantNamespace")
                        .name(tenant.metadata().name()).uid(tenant.metadata().uid())
                        .controller(true).blockOwnerDeletion(true).build()));
    }

    static Namespace desiredNamespace(TenantNamespace tenant) {
        return Namespace.builder().metadata(ownedMeta(tenant, null, tenant.namespaceName()).build()).build();
    }

    static ResourceQuota desiredQuota(TenantNamespace tenant) {
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
        return ResourceQuota.builder()
                .metadata(ownedMeta(tenant, tenant.namespaceName(), QUOTA).build())
                .spec(ResourceQuotaSpec.builder().hard(hard).build())
                .build();
    }

    static RoleBinding desiredRoleBinding(TenantNamespace tenant) {
        return RoleBinding.builder()
                .metadata(ownedMeta(tenant, tenant.namespaceName(), ROLE_BINDING).build())
                .roleRef(RoleRef.builder().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name("admin").build())
                .subjects(List.of(Subject.builder().apiGroup("rbac.authorization.k8s.io").kind("Group")
                        .name(tenant.spec().adminGroup()).build()))
                .build();
    }

    static NetworkPolicy desiredNetworkPolicy(TenantNamespace tenant) {
        Map<String, String> tenantNamespaces = Map.of(TENANT_LABEL, tenant.metadata().name());
        return NetworkPolicy.builder()
                .metadata(ownedMeta(tenant, tenant.namespaceName(), NETWORK_POLICY).build())
                .spec(NetworkPolicySpec.builder()
                        .podSelector(LabelSelector.builder().build())
                        .policyTypes(List.of("Ingress"))
                        .ingress(List.of(NetworkPolicyIngressRule.builder().from(List.of(NetworkPolicyPeer.builder()
                                .namespaceSelector(LabelSelector.builder().matchLabels(tenantNamespaces).build()).build())).build()))
                        .build())
                .build();
    }

    private static List<String> finalizers(TenantNamespace tenant) {
        return tenant.metadata().finalizers() == null ? List.of() : tenant.metadata().finalizers();
    }

    /** The server's own message (what was wrong and where), cut to a length a condition holds. */
    static String serverMessage(KubernetesApiException e) {
        String message = e.status() != null && e.status().message() != null ? e.status().message() : e.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
    }
}
