package dev.capstan.boot.webhook;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.authentication.v1.UserInfo;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AdmissionReview wire format of {@code admission.k8s.io/v1}, read and written as JSON
 * trees.
 *
 * <h2>Implementation notes</h2>
 * The generated model has no AdmissionReview: the API server does not serve it as a resource,
 * so it is absent from the OpenAPI documents the model comes from. Rather than hand-written
 * records decoded by Jackson, the envelope is walked as a tree, because that lets every
 * problem be reported with the field it concerns ({@code request.uid is missing}) and keeps
 * the objects as trees until the webhook's declared type is known. Reading happens in two
 * steps so that a response can be written whenever the uid is known: {@link #parse} checks
 * the envelope and the request's metadata (failures are {@link MalformedReviewException}, an
 * HTTP 400 since no AdmissionReview can answer them), then the handler decodes the objects
 * (failures deny the request with a proper response).
 */
final class AdmissionReviews {
    static final String API_VERSION = "admission.k8s.io/v1";
    static final String KIND = "AdmissionReview";

    /** Reasons of {@code metav1.Status} for the codes a webhook is likely to use. */
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "BadRequest"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "NotFound"), Map.entry(405, "MethodNotAllowed"), Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"), Map.entry(413, "RequestEntityTooLarge"), Map.entry(415, "UnsupportedMediaType"),
            Map.entry(422, "Invalid"), Map.entry(429, "TooManyRequests"), Map.entry(500, "InternalError"),
            Map.entry(503, "ServiceUnavailable"), Map.entry(504, "Timeout"));

    private AdmissionReviews() {}

    /** Input that is not a usable AdmissionReview; the message names what is wrong. */
    static final class MalformedReviewException extends RuntimeException {
        MalformedReviewException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A checked AdmissionReview request whose objects are still JSON.
     *
     * @param request the request with no objects decoded yet (object and oldObject null)
     * @param object {@code request.object}, or null when absent or JSON null
     * @param oldObject {@code request.oldObject}, or null when absent or JSON null
     */
    record Parsed(AdmissionRequest<Object> request, @Nullable JsonNode object, @Nullable JsonNode oldObject) {}

    /** Checks the envelope and the request's metadata. */
    static Parsed parse(byte[] body) {
        if (body.length == 0) {
            throw new MalformedReviewException("the body is empty; expected an AdmissionReview (" + API_VERSION + ")");
        }
        JsonNode review;
        try {
            review = KubernetesJson.mapper().readTree(body);
        } catch (JacksonException e) {
            throw new MalformedReviewException("the body is not JSON: " + e.getOriginalMessage());
        }
        if (review == null || !review.isObject()) {
            throw new MalformedReviewException("the body is not a JSON object; expected an AdmissionReview (" + API_VERSION + ")");
        }
        String apiVersion = optionalString(review, "apiVersion", "apiVersion");
        String kind = optionalString(review, "kind", "kind");
        if (!KIND.equals(kind)) {
            throw new MalformedReviewException("kind is " + quoted(kind) + ", expected " + KIND);
        }
        if (!API_VERSION.equals(apiVersion)) {
            throw new MalformedReviewException("apiVersion is " + quoted(apiVersion) + "; only " + API_VERSION
                    + " is supported (list only v1 in the webhook configuration's admissionReviewVersions)");
        }
        JsonNode request = review.get("request");
        if (request == null || request.isNull()) {
            throw new MalformedReviewException("request is missing");
        }
        if (!request.isObject()) {
            throw new MalformedReviewException("request is not an object");
        }
        String uid = requiredString(request, "uid", "request.uid");
        String operationName = requiredString(request, "operation", "request.operation");
        AdmissionRequest.Operation operation;
        try {
            operation = AdmissionRequest.Operation.valueOf(operationName);
        } catch (IllegalArgumentException e) {
            throw new MalformedReviewException("request.operation is '" + operationName
                    + "', not one of CREATE, UPDATE, DELETE, CONNECT");
        }
        JsonNode userInfoNode = request.get("userInfo");
        UserInfo userInfo;
        if (userInfoNode == null || userInfoNode.isNull()) {
            userInfo = UserInfo.builder().build();
        } else {
            try {
                userInfo = KubernetesJson.fromTree(userInfoNode, UserInfo.class);
            } catch (RuntimeException e) {
                throw new MalformedReviewException("request.userInfo: " + e.getMessage());
            }
        }
        AdmissionRequest<Object> parsed = new AdmissionRequest<>(
                uid,
                kind(request, "kind", true),
                resource(request, "resource", true),
                optionalString(request, "subResource", "request.subResource"),
                kind(request, "requestKind", false),
                resource(request, "requestResource", false),
                optionalString(request, "requestSubResource", "request.requestSubResource"),
                optionalString(request, "name", "request.name"),
                optionalString(request, "namespace", "request.namespace"),
                operation,
                userInfo,
                null,
                null,
                optionalBoolean(request, "dryRun", "request.dryRun"),
                present(request.get("options")));
        return new Parsed(parsed, objectOrNull(request, "object"), objectOrNull(request, "oldObject"));
    }

    /** The AdmissionReview answering {@code uid}; {@code patch} only for a mutation that changed something. */
    static byte[] response(String uid, AdmissionResult result, @Nullable ArrayNode patch) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode review = nodes.objectNode();
        review.put("apiVersion", API_VERSION);
        review.put("kind", KIND);
        ObjectNode response = review.putObject("response");
        response.put("uid", uid);
        response.put("allowed", result.allowed());
        if (!result.allowed()) {
            ObjectNode status = response.putObject("status");
            status.putObject("metadata");
            status.put("status", "Failure");
            status.put("message", result.message());
            String reason = REASONS.get(result.code());
            if (reason != null) {
                status.put("reason", reason);
            }
            status.put("code", result.code());
        }
        if (!result.warnings().isEmpty()) {
            ArrayNode warnings = response.putArray("warnings");
            result.warnings().forEach(warnings::add);
        }
        if (patch != null && !patch.isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(KubernetesJson.mapper().writeValueAsBytes(patch)));
        }
        return KubernetesJson.mapper().writeValueAsBytes(review);
    }

    private static @Nullable GroupVersionKind kind(JsonNode request, String field, boolean required) {
        JsonNode node = objectField(request, field, required);
        if (node == null) {
            return null;
        }
        String where = "request." + field;
        return new GroupVersionKind(groupOf(node, where), requiredString(node, "version", where + ".version"),
                requiredString(node, "kind", where + ".kind"));
    }

    private static @Nullable GroupVersionResource resource(JsonNode request, String field, boolean required) {
        JsonNode node = objectField(request, field, required);
        if (node == null) {
            return null;
        }
        String where = "request." + field;
        return new GroupVersionResource(groupOf(node, where), requiredString(node, "version", where + ".version"),
                requiredString(node, "resource", where + ".resource"));
    }

    /** The group: absent or empty for the core group. */
    private static String groupOf(JsonNode node, String where) {
        String group = optionalString(node, "group", where + ".group");
        return group == null ? "" : group;
    }

    private static @Nullable JsonNode objectField(JsonNode parent, String field, boolean required) {
        JsonNode node = present(parent.get(field));
        if (node == null) {
            if (required) {
                throw new MalformedReviewException("request." + field + " is missing");
            }
            return null;
        }
        if (!node.isObject()) {
            throw new MalformedReviewException("request." + field + " is not an object");
        }
        return node;
    }

    private static @Nullable JsonNode objectOrNull(JsonNode request, String field) {
        JsonNode node = present(request.get(field));
        if (node != null && !node.isObject()) {
            throw new MalformedReviewException("request." + field + " is not an object");
        }
        return node;
    }

    private static String requiredString(JsonNode parent, String field, String where) {
        String value = optionalString(parent, field, where);
        if (value == null || value.isEmpty()) {
            throw new MalformedReviewException(where + " is missing");
        }
        return value;
    }

    private static @Nullable String optionalString(JsonNode parent, String field, String where) {
        JsonNode node = present(parent.get(field));
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw new MalformedReviewException(where + " is not a string but " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node.stringValue();
    }

    private static boolean optionalBoolean(JsonNode parent, String field, String where) {
        JsonNode node = present(parent.get(field));
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new MalformedReviewException(where + " is not a boolean but " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node.booleanValue();
    }

    private static @Nullable JsonNode present(@Nullable JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static String quoted(@Nullable String value) {
        return value == null ? "missing" : "'" + value + "'";
    }
}
