package dev.capstan.client.discovery;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.apiextensions.v1.CustomResourceDefinition;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinitionNames;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinitionSpec;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinitionVersion;
import dev.capstan.api.apiextensions.v1.CustomResourceSubresourceScale;
import dev.capstan.api.apiextensions.v1.CustomResourceSubresourceStatus;
import dev.capstan.api.apiextensions.v1.CustomResourceSubresources;
import dev.capstan.api.apiextensions.v1.CustomResourceValidation;
import dev.capstan.api.apiextensions.v1.JSONSchemaProps;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.rest.KubernetesApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A namespaced {@code Widget} CRD with status and scale subresources, installed and removed through the typed client. */
public final class TestCrds {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TestCrds() {}

    /** {@code widgets.<group>}: kind Widget, short name {@code wdg}, spec.replicas / status.replicas / status.selector. */
    public static CustomResourceDefinition widgets(String group) {
        JSONSchemaProps integer = JSONSchemaProps.builder().type("integer").build();
        JSONSchemaProps string = JSONSchemaProps.builder().type("string").build();
        return CustomResourceDefinition.builder()
                .metadata(ObjectMeta.builder().name("widgets." + group).build())
                .spec(CustomResourceDefinitionSpec.builder()
                        .group(group)
                        .scope("Namespaced")
                        .names(CustomResourceDefinitionNames.builder()
                                .plural("widgets").singular("widget").kind("Widget").listKind("WidgetList")
                                .shortNames(List.of("wdg")).categories(List.of("capstan")).build())
                        .versions(List.of(CustomResourceDefinitionVersion.builder()
                                .name("v1").served(true).storage(true)
                                .subresources(CustomResourceSubresources.builder()
                                        .status(CustomResourceSubresourceStatus.builder().build())
                                        .scale(CustomResourceSubresourceScale.builder()
                                                .specReplicasPath(".spec.replicas")
                                                .statusReplicasPath(".status.replicas")
                                                .labelSelectorPath(".status.selector")
                                                .build())
                                        .build())
                                .schema(CustomResourceValidation.builder().openAPIV3Schema(JSONSchemaProps.builder()
                                        .type("object")
                                        .properties(Map.of(
                                                "spec", JSONSchemaProps.builder().type("object")
                                                        .properties(Map.of("replicas", integer, "color", string)).build(),
                                                "status", JSONSchemaProps.builder().type("object")
                                                        .properties(Map.of("replicas", integer, "selector", string)).build()))
                                        .build()).build())
                                .build()))
                        .build())
                .build();
    }

    /** Creates the CRD and waits until the server reports it Established. */
    public static CustomResourceDefinition install(KubernetesClient client, CustomResourceDefinition crd) {
        ResourceClient<CustomResourceDefinition> crds = client.resources(CustomResourceDefinition.class);
        crds.create(crd);
        String name = crd.metadata().name();
        await("CRD " + name + " Established").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> established(crds.get(name)));
        return crds.get(name);
    }

    /** Deletes the CRD (if present) and waits until it is gone. */
    public static void uninstall(KubernetesClient client, String name) {
        ResourceClient<CustomResourceDefinition> crds = client.resources(CustomResourceDefinition.class);
        try {
            crds.delete(name);
        } catch (KubernetesApiException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        await("CRD " + name + " removed").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> crds.find(name).isEmpty());
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd.status() != null && crd.status().conditions() != null && crd.status().conditions().stream()
                .anyMatch(c -> "Established".equals(c.type()) && "True".equals(c.status()));
    }
}
