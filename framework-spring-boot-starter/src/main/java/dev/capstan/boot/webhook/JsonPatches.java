package dev.capstan.boot.webhook;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON patches from the difference of two JSON documents.
 *
 * <h2>Implementation notes</h2>
 * The patch is applied by the API server to the object it sent, so every operation must be
 * valid against that object, and applying all of them in order must yield the target:
 * <ul>
 *   <li>Objects are compared key by key: a key only in the source is {@code remove}d, a key
 *       only in the target is {@code add}ed, a key in both is compared recursively. Key order
 *       does not matter (JSON objects are unordered).</li>
 *   <li>Arrays are compared index by index over the common length, then the target's extra
 *       elements are {@code add}ed in ascending order (each lands at the current end), or the
 *       source's extra elements are {@code remove}d in descending order (so earlier indexes do
 *       not shift under later operations). This is always correct and minimal for the common
 *       mutations (append a container, an env var, a toleration); an insertion at the front
 *       yields one operation per shifted element instead of one {@code add}, which is still
 *       correct, only longer.</li>
 *   <li>Anything else that differs (a scalar, or a change of node type) is {@code replace}d.</li>
 * </ul>
 * Reference tokens are escaped as RFC 6901 requires ({@code ~} → {@code ~0}, {@code /} →
 * {@code ~1}), which matters for label and annotation keys such as
 * {@code app.kubernetes.io/name}.
 */
final class JsonPatches {
    private JsonPatches() {}

    /** The operations that turn {@code source} into {@code target}; empty when they are equal. */
    static ArrayNode diff(JsonNode source, JsonNode target) {
        ArrayNode operations = JsonNodeFactory.instance.arrayNode();
        diff("", source, target, operations);
        return operations;
    }

    private static void diff(String path, JsonNode source, JsonNode target, ArrayNode operations) {
        if (source.equals(target)) {
            return;
        }
        if (source.isObject() && target.isObject()) {
            for (Map.Entry<String, JsonNode> entry : source.properties()) {
                if (!target.has(entry.getKey())) {
                    operation(operations, "remove", path + "/" + escape(entry.getKey()), null);
                }
            }
            for (Map.Entry<String, JsonNode> entry : target.properties()) {
                String child = path + "/" + escape(entry.getKey());
                JsonNode before = source.get(entry.getKey());
                if (before == null) {
                    operation(operations, "add", child, entry.getValue());
                } else {
                    diff(child, before, entry.getValue(), operations);
                }
            }
            return;
        }
        if (source.isArray() && target.isArray()) {
            int common = Math.min(source.size(), target.size());
            for (int i = 0; i < common; i++) {
                diff(path + "/" + i, source.get(i), target.get(i), operations);
            }
            for (int i = common; i < target.size(); i++) {
                operation(operations, "add", path + "/" + i, target.get(i));
            }
            for (int i = source.size() - 1; i >= target.size(); i--) {
                operation(operations, "remove", path + "/" + i, null);
            }
            return;
        }
        operation(operations, "replace", path, target);
    }

    private static void operation(ArrayNode operations, String op, String path, @Nullable JsonNode value) {
        ObjectNode operation = operations.addObject();
        operation.put("op", op);
        operation.put("path", path);
        if (value != null) {
            operation.set("value", value.deepCopy());
        }
    }

    /** Escapes one JSON Pointer reference token (RFC 6901, section 3). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
