package dev.capstan.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.KubernetesObject;
import dev.capstan.api.Quantity;
import dev.capstan.api.annotation.Group;
import dev.capstan.api.annotation.ShortNames;
import dev.capstan.api.annotation.Version;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.crd.schema.Default;
import dev.capstan.crd.schema.Description;
import dev.capstan.crd.schema.MaxItems;
import dev.capstan.crd.schema.Maximum;
import dev.capstan.crd.schema.MinLength;
import dev.capstan.crd.schema.Minimum;
import dev.capstan.crd.schema.Pattern;
import dev.capstan.crd.schema.PrinterColumn;
import dev.capstan.crd.schema.Required;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The generated CustomResourceDefinition against a real API server: it is accepted as a
 * structural schema, becomes Established, and the server then enforces, defaults and prunes
 * exactly what the Java types and annotations say.
 */
@KubernetesTest
class CrdGeneratorIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String CRD_NAME = "machines.crdgen.capstan.dev";

    enum Tier {
        @JsonProperty("bronze") BRONZE,
        @JsonProperty("gold") GOLD
    }

    @Description("What a machine should look like.")
    record MachineSpec(
            @Required @Minimum(1) @Maximum(5) Integer replicas,
            @Required @Pattern("^[a-z][a-z0-9-]*$") String image,
            @Default("bronze") Tier tier,
            @MaxItems(3) List<@MinLength(1) String> args,
            Map<String, Quantity> limits,
            Set<String> tags,
            JsonNode settings,
            PodTemplateSpec template) {}

    record MachineStatus(String phase, @Minimum(0) int readyReplicas, Instant lastTransition) {}

    @Group("crdgen.capstan.dev")
    @Version("v1alpha1")
    @ShortNames("cgm")
    @PrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = PrinterColumn.Type.INTEGER)
    @PrinterColumn(name = "Phase", jsonPath = ".status.phase")
    record Machine(String apiVersion, String kind, ObjectMeta metadata, @Required MachineSpec spec, MachineStatus status)
            implements KubernetesObject {}

    private record Response(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void installTheGeneratedDefinition(TestCluster cluster) {
        HttpClient http = cluster.httpClient();
        // What a user does: the YAML file kubectl would apply, sent as JSON.
        JsonNode crd = YAMLMapper.shared().readTree(CrdGenerator.toYaml(Machine.class));
        String body = JSON.writeValueAsString(crd);
        Response created = send(http, HttpMethod.POST, CRDS, body);
        if (created.status() == 409) { // left over from an interrupted run against a long-lived cluster
            removeDefinition(http);
            created = send(http, HttpMethod.POST, CRDS, body);
        }
        assertThat(created.status()).as("POST %s -> %s", CRDS, created.body()).isEqualTo(201);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode conditions = send(http, HttpMethod.GET, CRDS + "/" + CRD_NAME, null).json().at("/status/conditions");
            assertThat(conditions.valueStream()
                    .filter(c -> c.path("type").asString().equals("Established"))
                    .map(c -> c.path("status").asString()))
                    .as("Established condition in %s", conditions)
                    .containsExactly("True");
        });
    }

    @AfterAll
    static void removeTheDefinition(TestCluster cluster) {
        removeDefinition(cluster.httpClient());
    }

    @Test
    void theServerStoresTheGeneratedSchemaUnchanged(TestCluster cluster) {
        JsonNode stored = send(cluster.httpClient(), HttpMethod.GET, CRDS + "/" + CRD_NAME, null).json();
        JsonNode generated = CrdGenerator.generate(Machine.class);

        assertThat(stored.at("/spec/versions/0/schema")).isEqualTo(generated.at("/spec/versions/0/schema"));
        assertThat(stored.at("/spec/names")).isEqualTo(generated.at("/spec/names"));
        assertThat(stored.at("/status/acceptedNames/kind").asString()).isEqualTo("Machine");
        assertThat(stored.at("/status/conditions").valueStream()
                .filter(c -> c.path("type").asString().equals("NonStructuralSchema")))
                .as("the schema is structural").isEmpty();
    }

    @Test
    void aValidObjectIsCreatedDefaultedAndPrunedAndDecodesIntoTheRecord(TestCluster cluster, TestNamespace namespace) {
        Response response = create(cluster, namespace, "valid", """
                "spec": {"replicas": 2, "image": "nginx", "args": ["-v"], "tags": ["a", "b"],
                         "limits": {"cpu": "500m", "memory": 1073741824},
                         "settings": {"free": {"form": [1, 2]}},
                         "template": {"metadata": {"labels": {"app": "machine"}},
                                      "spec": {"containers": [{"name": "main", "image": "nginx",
                                               "resources": {"limits": {"cpu": "1"}}}]}},
                         "undeclared": "is pruned"}""");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode spec = response.json().path("spec");
        assertThat(spec.path("tier").asString()).as("@Default").isEqualTo("bronze");
        assertThat(spec.has("undeclared")).as("unknown fields are pruned").isFalse();
        assertThat(spec.at("/settings/free/form/1").asInt()).as("JsonNode keeps unknown fields").isEqualTo(2);
        assertThat(spec.at("/limits/memory").asLong()).isEqualTo(1073741824L);
        assertThat(spec.at("/template/metadata/labels/app").asString()).as("embedded ObjectMeta is not pruned").isEqualTo("machine");

        Machine machine = KubernetesJson.decode(response.body(), Machine.class);
        assertThat(machine.spec().limits().get("cpu")).isEqualTo(Quantity.parse("500m"));
        assertThat(machine.spec().tier()).isEqualTo(Tier.BRONZE);
        assertThat(machine.spec().template().spec().containers().get(0).image()).isEqualTo("nginx");
    }

    @Test
    void replicasBelowTheMinimumAreRejectedNamingTheField(TestCluster cluster, TestNamespace namespace) {
        Response response = create(cluster, namespace, "too-few", "\"spec\": {\"replicas\": 0, \"image\": \"nginx\"}");

        assertInvalid(response, "spec.replicas", "should be greater than or equal to 1");
    }

    @Test
    void aMissingRequiredFieldIsRejectedNamingTheField(TestCluster cluster, TestNamespace namespace) {
        Response response = create(cluster, namespace, "no-image", "\"spec\": {\"replicas\": 1}");

        assertInvalid(response, "spec.image", "Required value");
    }

    @Test
    void aValueOutsideTheEnumIsRejectedListingTheAllowedValues(TestCluster cluster, TestNamespace namespace) {
        Response response = create(cluster, namespace, "platinum",
                "\"spec\": {\"replicas\": 1, \"image\": \"nginx\", \"tier\": \"platinum\"}");

        assertInvalid(response, "spec.tier", "Unsupported value: \"platinum\"");
        assertThat(response.body()).contains("\\\"bronze\\\"", "\\\"gold\\\"");
    }

    @Test
    void patternsItemConstraintsAndQuantitiesAreEnforced(TestCluster cluster, TestNamespace namespace) {
        assertInvalid(create(cluster, namespace, "bad-image", "\"spec\": {\"replicas\": 1, \"image\": \"Not_An_Image\"}"),
                "spec.image", "should match '^[a-z][a-z0-9-]*$'");
        assertInvalid(create(cluster, namespace, "empty-arg", "\"spec\": {\"replicas\": 1, \"image\": \"x\", \"args\": [\"\"]}"),
                "spec.args[0]", "should be at least 1 chars long");
        assertInvalid(create(cluster, namespace, "many-args",
                "\"spec\": {\"replicas\": 1, \"image\": \"x\", \"args\": [\"a\", \"b\", \"c\", \"d\"]}"),
                "spec.args", "must have at most 3 items");
        assertInvalid(create(cluster, namespace, "bad-quantity",
                "\"spec\": {\"replicas\": 1, \"image\": \"x\", \"limits\": {\"cpu\": \"lots\"}}"),
                "spec.limits.cpu", "should match");
        assertInvalid(create(cluster, namespace, "duplicate-tags",
                "\"spec\": {\"replicas\": 1, \"image\": \"x\", \"tags\": [\"a\", \"a\"]}"),
                "spec.tags[1]", "Duplicate value");
    }

    @Test
    void statusIsWrittenOnlyThroughTheStatusSubresourceAndIsValidatedThere(TestCluster cluster, TestNamespace namespace) {
        HttpClient http = cluster.httpClient();
        String path = resources(namespace) + "/with-status";
        JsonNode created = create(cluster, namespace, "with-status", "\"spec\": {\"replicas\": 3, \"image\": \"nginx\"}").json();

        ((ObjectNode) created).putObject("status")
                .put("phase", "Ready").put("readyReplicas", 3).put("lastTransition", "2025-01-02T03:04:05Z");
        Response updated = send(http, HttpMethod.PUT, path + "/status", JSON.writeValueAsString(created));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().at("/status/phase").asString()).isEqualTo("Ready");

        // The main resource ignores status changes once the subresource exists.
        JsonNode current = updated.json();
        ((ObjectNode) current.path("status")).put("phase", "Ignored");
        Response mainUpdate = send(http, HttpMethod.PUT, path, JSON.writeValueAsString(current));
        assertThat(mainUpdate.status()).as(mainUpdate.body()).isEqualTo(200);
        assertThat(mainUpdate.json().at("/status/phase").asString()).isEqualTo("Ready");

        JsonNode latest = mainUpdate.json();
        ((ObjectNode) latest.path("status")).put("readyReplicas", -1);
        assertInvalid(send(http, HttpMethod.PUT, path + "/status", JSON.writeValueAsString(latest)),
                "status.readyReplicas", "should be greater than or equal to 0");
    }

    @Test
    void kubectlGetShowsThePrinterColumns(TestCluster cluster, TestNamespace namespace) {
        create(cluster, namespace, "tabled", "\"spec\": {\"replicas\": 4, \"image\": \"nginx\"}");

        Response table = cluster.httpClient()
                .headers(h -> h.set(HttpHeaderNames.ACCEPT, "application/json;as=Table;v=v1;g=meta.k8s.io"))
                .get()
                .uri(resources(namespace) + "/tabled")
                .responseSingle((r, body) -> body.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Response(r.status().code(), text)))
                .block(TIMEOUT);
        assertThat(table.status()).as(table.body()).isEqualTo(200);
        JsonNode json = table.json();
        assertThat(json.path("columnDefinitions").valueStream().map(c -> c.path("name").asString()))
                .containsExactly("Name", "Replicas", "Phase");
        assertThat(json.at("/rows/0/cells/1").asInt()).isEqualTo(4);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static String resources(TestNamespace namespace) {
        return "/apis/crdgen.capstan.dev/v1alpha1/namespaces/" + namespace.name() + "/machines";
    }

    private static Response create(TestCluster cluster, TestNamespace namespace, String name, String specJson) {
        String body = "{\"apiVersion\": \"crdgen.capstan.dev/v1alpha1\", \"kind\": \"Machine\", "
                + "\"metadata\": {\"name\": \"" + name + "\"}, " + specJson + "}";
        return send(cluster.httpClient(), HttpMethod.POST, resources(namespace), body);
    }

    private static void assertInvalid(Response response, String field, String problem) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        JsonNode status = response.json();
        assertThat(status.path("reason").asString()).isEqualTo("Invalid");
        assertThat(status.path("message").asString()).as(response.body()).contains(field, problem);
        assertThat(status.at("/details/causes").valueStream().map(c -> c.path("field").asString()))
                .as(response.body()).contains(field);
    }

    private static void removeDefinition(HttpClient http) {
        Response deleted = send(http, HttpMethod.DELETE, CRDS + "/" + CRD_NAME, null);
        assertThat(deleted.status()).as(deleted.body()).isIn(200, 202, 404);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(send(http, HttpMethod.GET, CRDS + "/" + CRD_NAME, null).status()).isEqualTo(404));
    }

    private static Response send(HttpClient http, HttpMethod method, String path, String jsonBody) {
        HttpClient.RequestSender request = http
                .headers(h -> {
                    h.set(HttpHeaderNames.ACCEPT, "application/json");
                    if (jsonBody != null) {
                        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    }
                })
                .request(method)
                .uri(path);
        HttpClient.ResponseReceiver<?> receiver = jsonBody == null ? request : request.send(ByteBufFlux.fromString(Mono.just(jsonBody)));
        return receiver
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), text)))
                .block(TIMEOUT);
    }
}
