package dev.capstan.samples.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crd.CrdGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The CRD generated from {@link TenantNamespace}. */
class TenantNamespaceCrdTest {
    private final ObjectNode crd = CrdGenerator.generate(TenantNamespace.class);
    private final JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");

    @Test
    void aTenantIsClusterScopedWithAStatusSubresource() {
        assertThat(crd.at("/metadata/name").asString()).isEqualTo("tenantnamespaces.tenancy.capstan.dev");
        assertThat(crd.at("/spec/scope").asString()).isEqualTo("Cluster");
        assertThat(crd.at("/spec/versions/0/subresources").has("status")).isTrue();
    }

    @Test
    void theAdminGroupIsRequiredAndPodsAreNotNegative() {
        List<String> required = new ArrayList<>();
        spec.path("required").forEach(v -> required.add(v.asString()));
        assertThat(required).containsExactly("adminGroup");
        assertThat(spec.at("/properties/adminGroup/pattern").asString()).isEqualTo("^[a-zA-Z0-9:._@-]+$");
        assertThat(spec.at("/properties/pods/minimum").asInt()).isZero();
    }

    @Test
    void quotasAreQuantitiesWhichMayCarryASignSoTheOperatorMustRefuseNegativeOnes() {
        String pattern = spec.at("/properties/cpu/pattern").asString();
        assertThat(spec.at("/properties/cpu/x-kubernetes-int-or-string").asBoolean()).isTrue();
        assertThat("500m".matches(pattern)).isTrue();
        assertThat("-1".matches(pattern)).isTrue(); // why TenantReconciler reports InvalidSpec for what the API server refuses
    }
}
