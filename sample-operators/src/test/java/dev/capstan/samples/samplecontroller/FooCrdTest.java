package dev.capstan.samples.samplecontroller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crd.CrdGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The CRD generated from {@link Foo}: what the API server will enforce before the controller sees a Foo. */
class FooCrdTest {
    private final ObjectNode crd = CrdGenerator.generate(Foo.class);
    private final JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    private final JsonNode spec = schema.at("/properties/spec");

    @Test
    void fooIsANamespacedResourceOfItsOwnGroupWithAStatusSubresource() {
        assertThat(crd.at("/metadata/name").asString()).isEqualTo("foos.samplecontroller.capstan.dev");
        assertThat(crd.at("/spec/scope").asString()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/versions/0/name").asString()).isEqualTo("v1alpha1");
        assertThat(crd.at("/spec/versions/0/subresources").has("status")).isTrue();
    }

    @Test
    void aFooMustHaveASpecWithADeploymentName() {
        assertThat(strings(schema.path("required"))).contains("spec");
        assertThat(strings(spec.path("required"))).containsExactly("deploymentName");
    }

    @Test
    void theDeploymentNameMustBeAValidObjectName() {
        JsonNode deploymentName = spec.at("/properties/deploymentName");
        assertThat(deploymentName.path("type").asString()).isEqualTo("string");
        assertThat(deploymentName.path("pattern").asString()).isEqualTo("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
        assertThat(deploymentName.path("maxLength").asInt()).isEqualTo(253);
        // the pattern needs at least one character: an empty name is rejected as well as a missing one
        assertThat("".matches(deploymentName.path("pattern").asString())).isFalse();
        assertThat("Web_1".matches(deploymentName.path("pattern").asString())).isFalse();
        assertThat("web-1".matches(deploymentName.path("pattern").asString())).isTrue();
    }

    @Test
    void replicasAreBetweenZeroAndTenAndOptional() {
        JsonNode replicas = spec.at("/properties/replicas");
        assertThat(replicas.path("type").asString()).isEqualTo("integer");
        assertThat(replicas.path("minimum").asInt()).isZero();
        assertThat(replicas.path("maximum").asInt()).isEqualTo(10);
        assertThat(strings(spec.path("required"))).doesNotContain("replicas");
    }

    @Test
    void theStatusCarriesAvailableReplicasAndConditions() {
        JsonNode status = schema.at("/properties/status/properties");
        assertThat(status.at("/availableReplicas/minimum").asInt()).isZero();
        JsonNode condition = status.at("/conditions/items");
        assertThat(status.at("/conditions/type").asString()).isEqualTo("array");
        assertThat(condition.path("properties").propertyNames())
                .contains("type", "status", "reason", "message", "observedGeneration", "lastTransitionTime");
    }

    @Test
    void kubectlShowsDeploymentReplicasAvailableAndReady() {
        List<String> columns = new ArrayList<>();
        crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asString()));
        assertThat(columns).contains("Deployment", "Replicas", "Available", "Ready");
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
