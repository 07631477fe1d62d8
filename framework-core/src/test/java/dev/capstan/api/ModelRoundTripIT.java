package dev.capstan.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.apiextensions.v1.CustomResourceDefinition;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinitionNames;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinitionSpec;
import dev.capstan.api.apiextensions.v1.CustomResourceDefinitionVersion;
import dev.capstan.api.apiextensions.v1.CustomResourceValidation;
import dev.capstan.api.apiextensions.v1.JSONSchemaProps;
import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.apps.v1.DeploymentSpec;
import dev.capstan.api.batch.v1.CronJob;
import dev.capstan.api.batch.v1.CronJobSpec;
import dev.capstan.api.batch.v1.Job;
import dev.capstan.api.batch.v1.JobSpec;
import dev.capstan.api.batch.v1.JobTemplateSpec;
import dev.capstan.api.coordination.v1.Lease;
import dev.capstan.api.coordination.v1.LeaseSpec;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Container;
import dev.capstan.api.core.v1.ContainerPort;
import dev.capstan.api.core.v1.EnvVar;
import dev.capstan.api.core.v1.Pod;
import dev.capstan.api.core.v1.PodSpec;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.core.v1.ResourceRequirements;
import dev.capstan.api.core.v1.Secret;
import dev.capstan.api.core.v1.Service;
import dev.capstan.api.core.v1.ServicePort;
import dev.capstan.api.core.v1.ServiceSpec;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.networking.v1.HTTPIngressPath;
import dev.capstan.api.networking.v1.HTTPIngressRuleValue;
import dev.capstan.api.networking.v1.Ingress;
import dev.capstan.api.networking.v1.IngressBackend;
import dev.capstan.api.networking.v1.IngressRule;
import dev.capstan.api.networking.v1.IngressServiceBackend;
import dev.capstan.api.networking.v1.IngressSpec;
import dev.capstan.api.networking.v1.NetworkPolicy;
import dev.capstan.api.networking.v1.NetworkPolicyIngressRule;
import dev.capstan.api.networking.v1.NetworkPolicyPeer;
import dev.capstan.api.networking.v1.NetworkPolicySpec;
import dev.capstan.api.networking.v1.ServiceBackendPort;
import dev.capstan.api.rbac.v1.PolicyRule;
import dev.capstan.api.rbac.v1.Role;
import dev.capstan.api.rbac.v1.RoleBinding;
import dev.capstan.api.rbac.v1.RoleRef;
import dev.capstan.api.rbac.v1.Subject;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * The generated model against the real API server: each kind is built with its builders,
 * created through plain HTTP, read back, decoded and re-encoded. Two things must hold: the
 * server's JSON survives decode → encode unchanged (nothing lost, nothing invented), and
 * everything we sent comes back (only server-set and defaulted fields are added).
 */
@KubernetesTest
class ModelRoundTripIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void podRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, Pod.RESOURCE, Pod.builder()
                .metadata(meta("web", ns))
                .spec(podSpec())
                .build());
    }

    @Test
    void deploymentRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, Deployment.RESOURCE, Deployment.builder()
                .metadata(meta("web", ns))
                .spec(DeploymentSpec.builder()
                        .replicas(2)
                        .selector(LabelSelector.builder().matchLabels(Map.of("app", "web")).build())
                        .template(PodTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(Map.of("app", "web")).build())
                                .spec(podSpec())
                                .build())
                        .build())
                .build());
    }

    @Test
    void serviceRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, Service.RESOURCE, Service.builder()
                .metadata(meta("web", ns))
                .spec(ServiceSpec.builder()
                        .selector(Map.of("app", "web"))
                        .ports(List.of(ServicePort.builder().name("http").port(80).targetPort(IntOrString.of("http")).build()))
                        .build())
                .build());
    }

    @Test
    void configMapRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, ConfigMap.RESOURCE, ConfigMap.builder()
                .metadata(meta("settings", ns))
                .data(Map.of("color", "blue", "size", "large", "empty", ""))
                .binaryData(Map.of("logo", "iVBORw0KGgo="))
                .build());
    }

    @Test
    void secretRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, Secret.RESOURCE, Secret.builder()
                .metadata(meta("credentials", ns))
                .type("Opaque")
                .data(Map.of("password", "aHVudGVyMg=="))
                .build());
    }

    @Test
    void jobRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, Job.RESOURCE, Job.builder()
                .metadata(meta("migrate", ns))
                .spec(jobSpec())
                .build());
    }

    @Test
    void cronJobRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, CronJob.RESOURCE, CronJob.builder()
                .metadata(meta("nightly", ns))
                .spec(CronJobSpec.builder()
                        .schedule("0 3 * * *")
                        .timeZone("Europe/Berlin")
                        .jobTemplate(JobTemplateSpec.builder().spec(jobSpec()).build())
                        .build())
                .build());
    }

    @Test
    void ingressRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, Ingress.RESOURCE, Ingress.builder()
                .metadata(meta("web", ns))
                .spec(IngressSpec.builder()
                        .rules(List.of(IngressRule.builder()
                                .host("web.example.org")
                                .http(HTTPIngressRuleValue.builder().paths(List.of(HTTPIngressPath.builder()
                                        .path("/")
                                        .pathType("Prefix")
                                        .backend(IngressBackend.builder().service(IngressServiceBackend.builder()
                                                .name("web").port(ServiceBackendPort.builder().number(80).build()).build()).build())
                                        .build())).build())
                                .build()))
                        .build())
                .build());
    }

    @Test
    void networkPolicyRoundTrips(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, NetworkPolicy.RESOURCE, NetworkPolicy.builder()
                .metadata(meta("allow-frontend", ns))
                .spec(NetworkPolicySpec.builder()
                        .podSelector(LabelSelector.builder().matchLabels(Map.of("app", "web")).build())
                        .policyTypes(List.of("Ingress"))
                        .ingress(List.of(NetworkPolicyIngressRule.builder()
                                .from(List.of(NetworkPolicyPeer.builder()
                                        .podSelector(LabelSelector.builder().matchLabels(Map.of("role", "frontend")).build())
                                        .build()))
                                .build()))
                        .build())
                .build());
    }

    @Test
    void leaseRoundTripsWithMicrosecondTimestamps(TestCluster cluster, TestNamespace ns) {
        Lease lease = roundTrip(cluster, ns, Lease.RESOURCE, Lease.builder()
                .metadata(meta("leader", ns))
                .spec(LeaseSpec.builder()
                        .holderIdentity("pod-a")
                        .leaseDurationSeconds(15)
                        .acquireTime(Instant.parse("2026-11-27T10:00:00.123456Z"))
                        .renewTime(Instant.parse("2026-11-27T10:00:05.000001Z"))
                        .leaseTransitions(3)
                        .build())
                .build());
        assertThat(lease.spec().renewTime()).isEqualTo(Instant.parse("2026-11-27T10:00:05.000001Z"));
    }

    @Test
    void roleAndRoleBindingRoundTrip(TestCluster cluster, TestNamespace ns) {
        roundTrip(cluster, ns, Role.RESOURCE, Role.builder()
                .metadata(meta("reader", ns))
                .rules(List.of(PolicyRule.builder()
                        .apiGroups(List.of(""))
                        .resources(List.of("configmaps", "secrets"))
                        .verbs(List.of("get", "list", "watch"))
                        .build()))
                .build());
        roundTrip(cluster, ns, RoleBinding.RESOURCE, RoleBinding.builder()
                .metadata(meta("reader-binding", ns))
                .roleRef(RoleRef.builder().apiGroup("rbac.authorization.k8s.io").kind("Role").name("reader").build())
                .subjects(List.of(Subject.builder().kind("ServiceAccount").name("default").namespace(ns.name()).build()))
                .build());
    }

    @Test
    void customResourceDefinitionRoundTrips(TestCluster cluster, TestNamespace ns) {
        String group = ns.name() + ".roundtrip.capstan.dev";
        JSONSchemaProps integer = JSONSchemaProps.builder().type("integer").minimum(1.0).build();
        CustomResourceDefinition crd = CustomResourceDefinition.builder()
                .metadata(ObjectMeta.builder().name("widgets." + group).build())
                .spec(CustomResourceDefinitionSpec.builder()
                        .group(group)
                        .scope("Namespaced")
                        .names(CustomResourceDefinitionNames.builder()
                                .plural("widgets").singular("widget").kind("Widget").listKind("WidgetList")
                                .shortNames(List.of("wd")).build())
                        .versions(List.of(CustomResourceDefinitionVersion.builder()
                                .name("v1").served(true).storage(true)
                                .schema(CustomResourceValidation.builder().openAPIV3Schema(JSONSchemaProps.builder()
                                        .type("object")
                                        .properties(Map.of("spec", JSONSchemaProps.builder()
                                                .type("object")
                                                .required(List.of("size"))
                                                .properties(Map.of("size", integer,
                                                        "labels", JSONSchemaProps.builder().type("object")
                                                                .additionalProperties(KubernetesJson.toTree(
                                                                        JSONSchemaProps.builder().type("string").build()))
                                                                .build(),
                                                        "extra", JSONSchemaProps.builder().type("object")
                                                                .xKubernetesPreserveUnknownFields(true).build()))
                                                .build()))
                                        .build()).build())
                                .build()))
                        .build())
                .build();
        try {
            roundTrip(cluster, ns, CustomResourceDefinition.RESOURCE, crd);
        } finally {
            send(cluster.httpClient(), HttpMethod.DELETE, path(CustomResourceDefinition.RESOURCE, ns) + "/widgets." + group, null);
        }
    }

    // ---- the round trip --------------------------------------------------------------------

    private static <T extends KubernetesObject> T roundTrip(TestCluster cluster, TestNamespace ns, ResourceType<T> type, T object) {
        HttpClient http = cluster.httpClient();
        String sent = KubernetesJson.encode(object);
        Response created = send(http, HttpMethod.POST, path(type, ns), sent);
        assertThat(created.status()).as("create %s: %s", type.kind(), created.body()).isEqualTo(201);

        Response read = send(http, HttpMethod.GET, path(type, ns) + "/" + object.metadata().name(), null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        // Go writes a nil slice of a field without omitempty as an explicit null; like Go's own
        // decoder, the model treats null as absent, so compare without them.
        JsonNode server = withoutNulls(KubernetesJson.mapper().readTree(read.body()));

        T decoded = KubernetesJson.decode(read.body(), type.type());
        JsonNode reencoded = KubernetesJson.toTree(decoded);
        assertThat(reencoded).as("%s decoded and re-encoded equals what the server sent", type.kind()).isEqualTo(server);
        assertThat(decoded.metadata().uid()).isNotBlank();

        List<String> differences = new ArrayList<>();
        containedIn(KubernetesJson.mapper().readTree(sent), server, "", differences);
        assertThat(differences).as("fields we sent that the server returned differently (%s)", type.kind()).isEmpty();
        return decoded;
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            tools.jackson.databind.node.ObjectNode copy = KubernetesJson.mapper().createObjectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            tools.jackson.databind.node.ArrayNode copy = KubernetesJson.mapper().createArrayNode();
            node.forEach(element -> copy.add(withoutNulls(element)));
            return copy;
        }
        return node;
    }

    /** Records every value of {@code expected} that {@code actual} lacks or has differently. */
    private static void containedIn(JsonNode expected, JsonNode actual, String path, List<String> differences) {
        if (expected.isObject() && actual != null && actual.isObject()) {
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                containedIn(field.getValue(), actual.get(field.getKey()), path + "/" + field.getKey(), differences);
            }
        } else if (expected.isArray() && actual != null && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                containedIn(expected.get(i), actual.get(i), path + "/" + i, differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path + ": sent " + expected + ", got " + actual);
        }
    }

    private static String path(ResourceType<?> type, TestNamespace ns) {
        String base = type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.group() + "/" + type.version();
        return base + (type.namespaced() ? "/namespaces/" + ns.name() : "") + "/" + type.plural();
    }

    private static ObjectMeta meta(String name, TestNamespace ns) {
        return ObjectMeta.builder()
                .name(name)
                .labels(Map.of("app", "web", "capstan.dev/test", "round-trip"))
                .annotations(Map.of("example.org/note", "created by ModelRoundTripIT"))
                .build();
    }

    private static PodSpec podSpec() {
        return PodSpec.builder()
                .containers(List.of(Container.builder()
                        .name("web")
                        .image("nginx:1.27")
                        .args(List.of("-g", "daemon off;"))
                        .env(List.of(EnvVar.builder().name("MODE").value("production").build()))
                        .ports(List.of(ContainerPort.builder().name("http").containerPort(80).protocol("TCP").build()))
                        .resources(ResourceRequirements.builder()
                                .requests(Map.of("cpu", Quantity.parse("100m"), "memory", Quantity.parse("64Mi")))
                                .limits(Map.of("cpu", Quantity.parse("1"), "memory", Quantity.parse("128Mi")))
                                .build())
                        .build()))
                .build();
    }

    private static JobSpec jobSpec() {
        return JobSpec.builder()
                .backoffLimit(2)
                .template(PodTemplateSpec.builder()
                        .spec(podSpec().toBuilder().restartPolicy("Never").build())
                        .build())
                .build();
    }

    private record Response(int status, String body) {}

    private static Response send(HttpClient http, HttpMethod method, String path, String body) {
        HttpClient.RequestSender request = http
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json").set(HttpHeaderNames.ACCEPT, "application/json"))
                .request(method).uri(path);
        return (body == null ? request : request.send(ByteBufFlux.fromString(Mono.just(body))))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), text)))
                .block(TIMEOUT);
    }
}
