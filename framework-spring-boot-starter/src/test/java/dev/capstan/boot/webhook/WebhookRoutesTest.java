package dev.capstan.boot.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.Unstructured;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The routes of {@link AdmissionWebhooks}, driven over WebFlux's test client. */
class WebhookRoutesTest {

    /** A custom resource class as a user would write it. */
    record Foo(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
        record Spec(Integer replicas) {}
    }

    private final List<AdmissionRequest<ConfigMap>> seen = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> validatorThread = new AtomicReference<>();

    private final WebTestClient client = WebTestClient.bindToRouterFunction(AdmissionWebhooks.builder()
            .validating("/validate-configmap", ConfigMap.class, request -> {
                seen.add(request);
                validatorThread.set(Thread.currentThread().getName());
                ConfigMap object = request.object() != null ? request.object() : request.oldObject();
                if (object.data() != null && object.data().containsKey("password")) {
                    return AdmissionResult.deny("key 'password' is not allowed in a ConfigMap; use a Secret")
                            .withWarnings("ConfigMaps are not encrypted at rest");
                }
                return AdmissionResult.allow();
            })
            .validating("/validate-broken", ConfigMap.class, request -> {
                throw new IllegalStateException("token=s3cr3t leaked into an exception message");
            })
            .validating("/validate-null", ConfigMap.class, request -> null)
            .mutating("/mutate-configmap", ConfigMap.class, request -> {
                ConfigMap in = request.object();
                Map<String, String> labels = new LinkedHashMap<>(in.metadata().labels());
                labels.put("app.kubernetes.io/managed-by", "capstan");
                return in.toBuilder().metadata(in.metadata().toBuilder().labels(labels).build()).build();
            })
            .mutating("/mutate-nothing", ConfigMap.class, AdmissionRequest::object)
            .validating("/validate-foo", Foo.class, request -> request.object().spec().replicas() < 0
                    ? AdmissionResult.deny("spec.replicas must not be negative, got " + request.object().spec().replicas())
                    : AdmissionResult.allow())
            .mutating("/mutate-unstructured", Unstructured.class,
                    request -> request.object().edit(tree -> tree.withObject("data").put("added", "yes")))
            .build()).build();

    private JsonNode post(String path, String body) {
        byte[] response = client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode review = KubernetesJson.mapper().readTree(response);
        assertThat(review.get("apiVersion").stringValue()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.get("kind").stringValue()).isEqualTo("AdmissionReview");
        return review.get("response");
    }

    private static String patchOf(JsonNode response) {
        assertThat(response.get("patchType").stringValue()).isEqualTo("JSONPatch");
        return new String(Base64.getDecoder().decode(response.get("patch").stringValue()), StandardCharsets.UTF_8);
    }

    @Test
    void validObjectIsAllowedWithTheRequestsUid() {
        String uid = Reviews.uid();
        JsonNode response = post("/validate-configmap", Reviews.createConfigMap(uid));

        assertThat(response.get("uid").stringValue()).isEqualTo(uid);
        assertThat(response.get("allowed").booleanValue()).isTrue();
        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.object().metadata().name()).isEqualTo("settings");
            assertThat(request.object().data()).containsEntry("mode", "fast");
            assertThat(request.oldObject()).isNull();
            assertThat(request.userInfo().username()).isEqualTo("alice");
        });
    }

    @Test
    void validatorRunsOffTheEventLoopSoItMayBlock() {
        post("/validate-configmap", Reviews.createConfigMap(Reviews.uid()));

        assertThat(validatorThread.get()).startsWith("boundedElastic");
    }

    @Test
    void invalidObjectIsDeniedWithTheValidatorsMessageCodeAndWarnings() {
        String object = Reviews.CONFIG_MAP.replace("\"mode\":\"fast\"", "\"password\":\"hunter2\"");
        JsonNode response = post("/validate-configmap", Reviews.configMap("u-2", "CREATE", object, "null"));

        assertThat(response.get("uid").stringValue()).isEqualTo("u-2");
        assertThat(response.get("allowed").booleanValue()).isFalse();
        assertThat(response.get("status").get("message").stringValue())
                .isEqualTo("key 'password' is not allowed in a ConfigMap; use a Secret");
        assertThat(response.get("status").get("code").intValue()).isEqualTo(403);
        assertThat(response.get("warnings").get(0).stringValue()).isEqualTo("ConfigMaps are not encrypted at rest");
    }

    @Test
    void deleteHandsTheDeletedObjectAsOldObject() {
        post("/validate-configmap", Reviews.configMap("u-3", "DELETE", "null", Reviews.CONFIG_MAP));

        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.operation()).isEqualTo(AdmissionRequest.Operation.DELETE);
            assertThat(request.object()).isNull();
            assertThat(request.oldObject().metadata().name()).isEqualTo("settings");
        });
    }

    @Test
    void throwingValidatorFailsClosedWith500AndDoesNotEchoTheException() {
        JsonNode response = post("/validate-broken", Reviews.createConfigMap("u-4"));

        assertThat(response.get("uid").stringValue()).isEqualTo("u-4");
        assertThat(response.get("allowed").booleanValue()).isFalse();
        assertThat(response.get("status").get("code").intValue()).isEqualTo(500);
        assertThat(response.get("status").get("reason").stringValue()).isEqualTo("InternalError");
        assertThat(response.get("status").get("message").stringValue())
                .contains("internal error in webhook /validate-broken", "u-4")
                .doesNotContain("s3cr3t");
    }

    @Test
    void validatorReturningNullFailsClosed() {
        JsonNode response = post("/validate-null", Reviews.createConfigMap("u-5"));

        assertThat(response.get("allowed").booleanValue()).isFalse();
        assertThat(response.get("status").get("code").intValue()).isEqualTo(500);
    }

    @Test
    void objectOfAnotherKindIsDeniedWithTheDecodersMessage() {
        String secret = Reviews.CONFIG_MAP.replace("\"kind\":\"ConfigMap\"", "\"kind\":\"Secret\"");
        JsonNode response = post("/validate-configmap", Reviews.configMap("u-6", "CREATE", secret, "null"));

        assertThat(response.get("allowed").booleanValue()).isFalse();
        assertThat(response.get("status").get("code").intValue()).isEqualTo(400);
        assertThat(response.get("status").get("message").stringValue())
                .startsWith("request.object: cannot decode v1 ConfigMap")
                .contains("kind is 'Secret'");
        assertThat(seen).isEmpty();
    }

    @Test
    void mutationIsAnsweredWithAJsonPatchFromTheObjectSent() {
        JsonNode response = post("/mutate-configmap", Reviews.createConfigMap("u-7"));

        assertThat(response.get("uid").stringValue()).isEqualTo("u-7");
        assertThat(response.get("allowed").booleanValue()).isTrue();
        // No "remove" of the creationTimestamp: null the API server sent; only the new label.
        assertThat(patchOf(response))
                .isEqualTo("[{\"op\":\"add\",\"path\":\"/metadata/labels/app.kubernetes.io~1managed-by\",\"value\":\"capstan\"}]");
    }

    @Test
    void unchangedObjectIsAdmittedWithoutAPatch() {
        JsonNode response = post("/mutate-nothing", Reviews.createConfigMap("u-8"));

        assertThat(response.get("allowed").booleanValue()).isTrue();
        assertThat(response.has("patch")).isFalse();
        assertThat(response.has("patchType")).isFalse();
    }

    @Test
    void mutatorIsNotCalledOnDelete() {
        JsonNode response = post("/mutate-configmap", Reviews.configMap("u-9", "DELETE", "null", Reviews.CONFIG_MAP));

        assertThat(response.get("allowed").booleanValue()).isTrue();
        assertThat(response.has("patch")).isFalse();
    }

    @Test
    void unstructuredObjectsArePatchedToo() {
        JsonNode response = post("/mutate-unstructured", Reviews.createConfigMap("u-10"));

        assertThat(patchOf(response)).isEqualTo("[{\"op\":\"add\",\"path\":\"/data/added\",\"value\":\"yes\"}]");
    }

    @Test
    void customResourceClassIsDecoded() {
        String foo = "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Foo\",\"metadata\":{\"name\":\"f\"},\"spec\":{\"replicas\":-2}}";
        JsonNode response = post("/validate-foo", Reviews.configMap("u-11", "CREATE", foo, "null"));

        assertThat(response.get("allowed").booleanValue()).isFalse();
        assertThat(response.get("status").get("message").stringValue()).isEqualTo("spec.replicas must not be negative, got -2");
    }

    @Test
    void malformedReviewIsHttp400NamingTheProblem() {
        String body = Reviews.createConfigMap("u-12").replace("\"uid\":\"u-12\",", "");
        String message = client.post().uri("/validate-configmap").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST)
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(message).isEqualTo("malformed AdmissionReview: request.uid is missing\n");
        assertThat(seen).isEmpty();
    }

    @Test
    void notJsonIsHttp400() {
        client.post().uri("/validate-configmap").contentType(MediaType.APPLICATION_JSON).bodyValue("hello")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST)
                .expectBody(String.class).value(message -> assertThat(message).startsWith("malformed AdmissionReview: the body is not JSON"));
    }

    @Test
    void emptyBodyIsHttp400() {
        client.post().uri("/validate-configmap").exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST)
                .expectBody(String.class).value(message -> assertThat(message).contains("the body is empty"));
    }

    @Test
    void otherMethodsAre405() {
        client.get().uri("/validate-configmap").exchange()
                .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
                .expectHeader().valueEquals("Allow", "POST");
    }

    @Test
    void unknownPathsAreNotServed() {
        client.post().uri("/validate-other").bodyValue("{}").exchange().expectStatus().isNotFound();
    }
}
