package dev.capstan.samples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the hand-written manifests promise, read without a cluster: the Deployment runs two
 * leader-electing replicas as the sample's ServiceAccount, non-root, with resource requests and
 * actuator probes; the names the Deployment, the ServiceAccount and the RBAC share agree.
 * DeployManifestsIT proves the API server accepts them and that the RBAC is what it says.
 */
class DeployManifestsTest {

    @ParameterizedTest
    @EnumSource(Sample.class)
    void everyNamespacedObjectLivesInTheOperatorsNamespaceExceptTheEventsRoleOfClusterScopedTenants(Sample sample) {
        List<ObjectNode> manifests = sample.manifests();
        assertThat(manifests.get(0).path("kind").asString()).as("the namespace comes first (kubectl apply -f reads files in order)")
                .isEqualTo("Namespace");
        assertThat(manifests.get(0).at("/metadata/name").asString()).isEqualTo(sample.namespace);
        assertThat(manifests.get(0).at("/metadata/labels/pod-security.kubernetes.io~1enforce").asString()).isEqualTo("restricted");
        for (ObjectNode manifest : manifests) {
            String kind = manifest.path("kind").asString();
            String namespace = manifest.at("/metadata/namespace").asString("");
            if (List.of("Namespace", "ClusterRole", "ClusterRoleBinding").contains(kind)) {
                assertThat(namespace).as("%s %s is cluster-scoped", kind, manifest.at("/metadata/name")).isEmpty();
            } else if (namespace.equals("default")) {
                // events about cluster-scoped objects live in "default"
                assertThat(sample).isEqualTo(Sample.TENANT_OPERATOR);
                assertThat(kind).isIn("Role", "RoleBinding");
            } else {
                assertThat(namespace).as("%s %s", kind, manifest.at("/metadata/name")).isEqualTo(sample.namespace);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void theDeploymentRunsTwoLeaderElectingNonRootReplicasWithProbesAndRequests(Sample sample) {
        ObjectNode deployment = sample.manifest("Deployment", sample.id);
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.path("serviceAccountName").asString()).isEqualTo(sample.serviceAccount());
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
        assertThat(pod.at("/securityContext/seccompProfile/type").asString()).isEqualTo("RuntimeDefault");
        assertThat(pod.path("containers")).hasSize(1);
        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("image").asString()).isEqualTo("capstan/" + sample.id + ":dev");
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(container.at("/securityContext/capabilities/drop/0").asString()).isEqualTo("ALL");
        assertThat(container.at("/resources/requests/cpu").asString()).isNotEmpty();
        assertThat(container.at("/resources/requests/memory").asString()).isNotEmpty();

        Map<String, String> env = env(container);
        assertThat(env).containsEntry("CAPSTAN_LEADERELECTION_ENABLED", "true")
                .containsEntry("SPRING_APPLICATION_NAME", sample.id)
                .containsEntry("CAPSTAN_LEADERELECTION_LEASENAME", sample.leaseName())
                .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true")
                .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE", "readinessState,capstan");
        assertThat(container.at("/readinessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/readiness");
        assertThat(container.at("/livenessProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/startupProbe/httpGet/path").asString()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/port").asString()).isEqualTo(container.at("/ports/0/name").asString());
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void theRbacBindsTheDeploymentsServiceAccountAndNamesItsLease(Sample sample) {
        sample.manifest("ServiceAccount", sample.serviceAccount());
        for (ObjectNode manifest : sample.manifests()) {
            String kind = manifest.path("kind").asString();
            if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
                assertThat(manifest.path("subjects")).as("%s %s", kind, manifest.at("/metadata/name")).singleElement()
                        .satisfies(s -> {
                            assertThat(s.path("kind").asString()).isEqualTo("ServiceAccount");
                            assertThat(s.path("name").asString()).isEqualTo(sample.serviceAccount());
                            assertThat(s.path("namespace").asString()).isEqualTo(sample.namespace);
                        });
                String roleKind = manifest.at("/roleRef/kind").asString();
                sample.manifest(roleKind, manifest.at("/roleRef/name").asString()); // bound to a role of these manifests
            }
        }
        JsonNode leaseRules = sample.manifest("Role", sample.id + "-leader-election").path("rules");
        assertThat(leaseRules).anySatisfy(r -> {
            assertThat(r.at("/resourceNames/0").asString()).isEqualTo(sample.leaseName());
            assertThat(r.path("verbs")).extracting(JsonNode::asString).containsExactly("get", "update");
        });
        assertThat(leaseRules).anySatisfy(r -> {
            assertThat(r.path("resourceNames").isMissingNode()).isTrue();
            assertThat(r.path("verbs")).extracting(JsonNode::asString).containsExactly("create");
        });
        for (ObjectNode manifest : sample.manifests()) {
            for (JsonNode rule : manifest.path("rules")) {
                assertThat(rule.path("verbs")).extracting(JsonNode::asString).as("no wildcards in %s", manifest.at("/metadata/name"))
                        .doesNotContain("*");
                assertThat(rule.path("resources")).extracting(JsonNode::asString).doesNotContain("*", "secrets");
            }
        }
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode variable : container.path("env")) {
            if (variable.has("value")) {
                env.put(variable.path("name").asString(), variable.path("value").asString());
            }
        }
        return env;
    }
}
