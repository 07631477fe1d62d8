package dev.capstan.samples.samplecontroller;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.annotation.Group;
import dev.capstan.api.annotation.Version;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.crd.schema.Description;
import dev.capstan.crd.schema.MaxLength;
import dev.capstan.crd.schema.Maximum;
import dev.capstan.crd.schema.Minimum;
import dev.capstan.crd.schema.Pattern;
import dev.capstan.crd.schema.PrinterColumn;
import dev.capstan.crd.schema.Required;
import java.util.List;

/**
 * Kubernetes' canonical sample-controller resource: a {@code Foo} asks for a Deployment named
 * {@code spec.deploymentName} with {@code spec.replicas} replicas; the controller creates and owns
 * it and copies its {@code availableReplicas} into {@code status}. The group is
 * {@code samplecontroller.capstan.dev}: Kubernetes' own {@code samplecontroller.k8s.io} is a
 * protected group that needs an API-review approval annotation.
 */
@Group("samplecontroller.capstan.dev")
@Version("v1alpha1")
@Description("A Foo owns a Deployment of the given name and replica count.")
@PrinterColumn(name = "Deployment", jsonPath = ".spec.deploymentName", type = PrinterColumn.Type.STRING)
@PrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = PrinterColumn.Type.INTEGER)
@PrinterColumn(name = "Available", jsonPath = ".status.availableReplicas", type = PrinterColumn.Type.INTEGER)
@PrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = PrinterColumn.Type.STRING)
public record Foo(String apiVersion, String kind, ObjectMeta metadata, @Required FooSpec spec, FooStatus status)
        implements KubernetesObject {

    public static final String API_VERSION = "samplecontroller.capstan.dev/v1alpha1";

    /**
     * What the user wants; the CRD schema rejects a missing or malformed {@code deploymentName}
     * and replicas outside 0–10.
     */
    public record FooSpec(
            @Required @MaxLength(253) @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") @Description("Name of the Deployment to own.")
            String deploymentName,
            @Minimum(0) @Maximum(10) @Description("Replicas of the Deployment (default 1).") Integer replicas) {}

    /**
     * What the controller observed.
     *
     * @param availableReplicas the owned Deployment's available replicas
     * @param conditions {@code Ready}: whether the Deployment is in line with the spec, and if not why
     *     ({@code ErrResourceExists}, {@code InvalidDeployment}), with the generation it reflects
     */
    public record FooStatus(@Minimum(0) Integer availableReplicas, List<Condition> conditions) {}

    /** A new Foo (for clients and tests). */
    public static Foo of(String namespace, String name, String deploymentName, int replicas) {
        return new Foo(API_VERSION, "Foo", ObjectMeta.builder().namespace(namespace).name(name).build(),
                new FooSpec(deploymentName, replicas), null);
    }

    public Foo withStatus(FooStatus newStatus) {
        return new Foo(apiVersion, kind, metadata, spec, newStatus);
    }
}
