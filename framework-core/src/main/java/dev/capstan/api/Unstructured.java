package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Any Kubernetes object as a JSON tree, for kinds without a Java type (custom resources of
 * other projects, kinds newer than the model) and for generic tools. Typed accessors cover
 * the metadata every object has; {@link #get(String...)} reaches anything else;
 * {@link #to(Class)} and {@link #from(Object)} convert to and from typed objects.
 *
 * <p>Immutable like every model object: the tree is copied in and never handed out for
 * mutation; {@link #edit(Consumer)} returns a changed copy.
 *
 * <pre>{@code
 * Unstructured foo = Unstructured.parse(json);
 * String replicas = foo.get("spec", "replicas").map(JsonNode::asString).orElse("1");
 * Unstructured scaled = foo.edit(tree -> tree.withObject("spec").put("replicas", 3));
 * }</pre>
 */
public final class Unstructured implements KubernetesObject {
    private final ObjectNode content;
    /** Decoded on first use; content never changes, so racing decodes agree. */
    private volatile ObjectMeta metadata;

    private Unstructured(ObjectNode content) {
        this.content = content;
    }

    /**
     * Wraps a copy of a JSON object.
     *
     * @throws DecodeException when {@code tree} is not a JSON object
     */
    @JsonCreator
    public static Unstructured of(JsonNode tree) {
        Objects.requireNonNull(tree, "tree");
        if (!tree.isObject()) {
            throw new DecodeException("cannot decode Unstructured: expected a JSON object, got " + tree.getNodeType(), "", null);
        }
        return new Unstructured((ObjectNode) tree.deepCopy());
    }

    /** Parses JSON text; malformed JSON gives a {@link DecodeException} with line and column. */
    public static Unstructured parse(String json) {
        return KubernetesJson.decode(json, Unstructured.class);
    }

    /** The typed object as a tree (for example a {@code Pod} as unstructured). */
    public static Unstructured from(Object typed) {
        return of(KubernetesJson.toTree(Objects.requireNonNull(typed, "typed")));
    }

    /**
     * Converts to a typed object. Fails with {@link DecodeException} when the content does not
     * fit the type, including a different {@code apiVersion} or {@code kind}.
     */
    public <T> T to(Class<T> type) {
        return KubernetesJson.fromTree(content, type);
    }

    @Override
    public String apiVersion() {
        return text(content.get("apiVersion"));
    }

    @Override
    public String kind() {
        return text(content.get("kind"));
    }

    /** The metadata decoded as {@link ObjectMeta}, or {@code null} when absent. */
    @Override
    public ObjectMeta metadata() {
        ObjectMeta decoded = metadata;
        if (decoded == null && content.get("metadata") instanceof ObjectNode meta) {
            decoded = KubernetesJson.fromTree(meta, ObjectMeta.class);
            metadata = decoded;
        }
        return decoded;
    }

    /** {@code apiVersion} and {@code kind} together; throws when either is missing. */
    public GroupVersionKind groupVersionKind() {
        String apiVersion = apiVersion();
        String kind = kind();
        if (apiVersion == null || kind == null) {
            throw new IllegalStateException("this object has no " + (apiVersion == null ? "apiVersion" : "kind"));
        }
        return GroupVersionKind.of(apiVersion, kind);
    }

    public String name() {
        return metadataText("name");
    }

    /** The namespace, or {@code null} for cluster-scoped objects. */
    public String namespace() {
        return metadataText("namespace");
    }

    public String uid() {
        return metadataText("uid");
    }

    public String resourceVersion() {
        return metadataText("resourceVersion");
    }

    /** Labels, never {@code null}; unmodifiable. */
    public Map<String, String> labels() {
        return stringMap("labels");
    }

    /** Annotations, never {@code null}; unmodifiable. */
    public Map<String, String> annotations() {
        return stringMap("annotations");
    }

    /** The value at a path of property names (and array indexes as numbers), as a copy. */
    public Optional<JsonNode> get(String... path) {
        JsonNode node = content;
        for (String step : path) {
            if (node.isArray() && step.chars().allMatch(Character::isDigit) && !step.isEmpty()) {
                node = node.get(Integer.parseInt(step));
            } else {
                node = node.get(step);
            }
            if (node == null || node.isMissingNode()) {
                return Optional.empty();
            }
        }
        return Optional.of(node.isContainer() ? node.deepCopy() : node);
    }

    /** A copy of the whole tree. */
    @JsonValue
    public ObjectNode content() {
        return content.deepCopy();
    }

    /** A changed copy: {@code editor} receives a copy of the tree to modify. */
    public Unstructured edit(Consumer<ObjectNode> editor) {
        ObjectNode copy = content.deepCopy();
        editor.accept(copy);
        return new Unstructured(copy);
    }

    private String metadataText(String field) {
        return text(content.path("metadata").get(field));
    }

    private Map<String, String> stringMap(String field) {
        JsonNode node = content.path("metadata").path(field);
        if (!node.isObject()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            values.put(entry.getKey(), entry.getValue().asString());
        }
        return dev.capstan.api.internal.Immutables.map(values);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Unstructured that && content.equals(that.content);
    }

    @Override
    public int hashCode() {
        return content.hashCode();
    }

    /** The object as compact JSON. */
    @Override
    public String toString() {
        return content.toString();
    }
}
