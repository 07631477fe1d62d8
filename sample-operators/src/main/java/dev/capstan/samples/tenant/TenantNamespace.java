package dev.capstan.samples.tenant;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.Quantity;
import dev.capstan.api.annotation.ClusterScoped;
import dev.capstan.api.annotation.Group;
import dev.capstan.api.annotation.Version;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.crd.schema.Description;
import dev.capstan.crd.schema.Minimum;
import dev.capstan.crd.schema.Pattern;
import dev.capstan.crd.schema.PrinterColumn;
import dev.capstan.crd.schema.Required;
import java.util.List;

/**
 * What a platform team hands a tenant: a namespace {@code tenant-<name>} with a resource quota,
 * the tenant's group bound to the {@code admin} role there, and a network policy that admits
 * traffic only from the tenant's own namespace. Cluster-scoped, as namespaces are.
 */
@Group("tenancy.capstan.dev")
@Version("v1alpha1")
@ClusterScoped
@Description("A tenant's namespace with quota, RBAC and network isolation.")
@PrinterColumn(name = "Namespace", jsonPath = ".status.namespace", type = PrinterColumn.Type.STRING)
@PrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = PrinterColumn.Type.STRING)
public record TenantNamespace(String apiVersion, String kind, ObjectMeta metadata, @Required Spec spec, Status status)
        implements KubernetesObject {

    public static final String API_VERSION = "tenancy.capstan.dev/v1alpha1";

    /**
     * @param adminGroup the group (as the cluster's authenticator names it) that administers the namespace
     * @param cpu the CPU requests the namespace may hold in total
     * @param memory the memory requests the namespace may hold in total
     * @param pods the number of pods the namespace may hold
     */
    public record Spec(
            @Required @Pattern("^[a-zA-Z0-9:._@-]+$") String adminGroup,
            Quantity cpu,
            Quantity memory,
            @Minimum(0) Integer pods) {}

    /**
     * @param namespace the namespace provisioned for the tenant
     * @param conditions {@code Ready}: whether everything is provisioned, with the generation it reflects
     */
    public record Status(String namespace, List<Condition> conditions) {}

    public static TenantNamespace of(String name, Spec spec) {
        return new TenantNamespace(API_VERSION, "TenantNamespace", ObjectMeta.builder().name(name).build(), spec, null);
    }

    /** The namespace this tenant gets. */
    public String namespaceName() {
        return "tenant-" + metadata.name();
    }

    public TenantNamespace withStatus(Status value) {
        return new TenantNamespace(apiVersion, kind, metadata, spec, value);
    }
}
