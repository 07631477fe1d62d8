package dev.capstan.boot.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.KubernetesJson;
import dev.capstan.boot.webhook.AdmissionReviews.MalformedReviewException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AdmissionReviewsTest {
    private static AdmissionReviews.Parsed parse(String body) {
        return AdmissionReviews.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parseReadsEveryRequestField() {
        AdmissionReviews.Parsed parsed = parse(Reviews.configMap("uid-1", "UPDATE", Reviews.CONFIG_MAP, Reviews.CONFIG_MAP));
        AdmissionRequest<Object> request = parsed.request();

        assertThat(request.uid()).isEqualTo("uid-1");
        assertThat(request.kind()).isEqualTo(new GroupVersionKind("", "v1", "ConfigMap"));
        assertThat(request.resource()).isEqualTo(new GroupVersionResource("", "v1", "configmaps"));
        assertThat(request.requestKind()).isEqualTo(request.kind());
        assertThat(request.subResource()).isNull();
        assertThat(request.operation()).isEqualTo(AdmissionRequest.Operation.UPDATE);
        assertThat(request.objectKey()).isEqualTo("shop/settings");
        assertThat(request.userInfo().username()).isEqualTo("alice");
        assertThat(request.userInfo().groups()).containsExactly("devs", "system:authenticated");
        assertThat(request.dryRun()).isFalse();
        assertThat(request.options().get("kind").stringValue()).isEqualTo("CreateOptions");
        assertThat(parsed.object().get("kind").stringValue()).isEqualTo("ConfigMap");
        assertThat(parsed.oldObject()).isNotNull();
    }

    @Test
    void nullOldObjectIsAbsent() {
        assertThat(parse(Reviews.createConfigMap("u")).oldObject()).isNull();
    }

    @Test
    void notJsonIsMalformed() {
        assertThatThrownBy(() -> parse("{\"apiVersion\": ")).isInstanceOf(MalformedReviewException.class)
                .hasMessageStartingWith("the body is not JSON: ");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("not a JSON object");
    }

    @Test
    void otherKindsAndVersionsAreRefusedByName() {
        assertThatThrownBy(() -> parse("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\"}"))
                .hasMessage("kind is 'ConfigMap', expected AdmissionReview");
        assertThatThrownBy(() -> parse("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{}}"))
                .hasMessageStartingWith("apiVersion is 'admission.k8s.io/v1beta1'; only admission.k8s.io/v1 is supported");
    }

    @Test
    void missingOrMistypedFieldsAreNamed() {
        String valid = Reviews.createConfigMap("u-1");
        assertThatThrownBy(() -> parse("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"))
                .hasMessage("request is missing");
        assertThatThrownBy(() -> parse(valid.replace("\"uid\":\"u-1\",", ""))).hasMessage("request.uid is missing");
        assertThatThrownBy(() -> parse(valid.replace("\"operation\":\"CREATE\"", "\"operation\":\"PATCH\"")))
                .hasMessage("request.operation is 'PATCH', not one of CREATE, UPDATE, DELETE, CONNECT");
        assertThatThrownBy(() -> parse(valid.replace("\"version\":\"v1\",\"resource\"", "\"resource\"")))
                .hasMessage("request.resource.version is missing");
        assertThatThrownBy(() -> parse(valid.replace("\"dryRun\":false", "\"dryRun\":\"no\"")))
                .hasMessage("request.dryRun is not a boolean but string");
        assertThatThrownBy(() -> parse(valid.replace("\"object\":{", "\"object\":[{").replace("}},\"oldObject\"", "}}],\"oldObject\"")))
                .hasMessage("request.object is not an object");
    }

    @Test
    void allowedResponseCarriesTheUidAndNoStatus() {
        JsonNode review = KubernetesJson.mapper().readTree(AdmissionReviews.response("u-7", AdmissionResult.allow(), null));

        assertThat(review.get("apiVersion").stringValue()).isEqualTo("admission.k8s.io/v1");
        assertThat(review.get("kind").stringValue()).isEqualTo("AdmissionReview");
        assertThat(review.get("response").get("uid").stringValue()).isEqualTo("u-7");
        assertThat(review.get("response").get("allowed").booleanValue()).isTrue();
        assertThat(review.get("response").has("status")).isFalse();
        assertThat(review.get("response").has("patch")).isFalse();
    }

    @Test
    void deniedResponseCarriesAStatusWithMessageCodeAndReason() {
        JsonNode response = KubernetesJson.mapper().readTree(AdmissionReviews.response("u",
                AdmissionResult.deny("no", 422).withWarnings("careful"), null)).get("response");

        assertThat(response.get("allowed").booleanValue()).isFalse();
        assertThat(response.get("status").get("message").stringValue()).isEqualTo("no");
        assertThat(response.get("status").get("code").intValue()).isEqualTo(422);
        assertThat(response.get("status").get("reason").stringValue()).isEqualTo("Invalid");
        assertThat(response.get("status").get("status").stringValue()).isEqualTo("Failure");
        assertThat(response.get("warnings").get(0).stringValue()).isEqualTo("careful");
    }

    @Test
    void patchIsBase64JsonPatch() {
        var patch = JsonPatches.diff(KubernetesJson.mapper().readTree("{}"), KubernetesJson.mapper().readTree("{\"a\":1}"));
        JsonNode response = KubernetesJson.mapper().readTree(AdmissionReviews.response("u", AdmissionResult.allow(), patch))
                .get("response");

        assertThat(response.get("patchType").stringValue()).isEqualTo("JSONPatch");
        String decoded = new String(Base64.getDecoder().decode(response.get("patch").stringValue()), StandardCharsets.UTF_8);
        assertThat(decoded).isEqualTo("[{\"op\":\"add\",\"path\":\"/a\",\"value\":1}]");
    }

    @Test
    void resultRefusesContradictions() {
        assertThatThrownBy(() -> new AdmissionResult(true, "why", 0, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdmissionResult.deny(" ")).hasMessageContaining("needs a message");
        assertThatThrownBy(() -> AdmissionResult.deny("no", 200)).hasMessageContaining("400-599");
        assertThat(AdmissionResult.deny("no").code()).isEqualTo(403);
    }
}
