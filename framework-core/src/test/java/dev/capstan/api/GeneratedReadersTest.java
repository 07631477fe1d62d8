package dev.capstan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.apiextensions.v1.CustomResourceDefinition;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Pod;
import dev.capstan.api.internal.StringPool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generated {@code readJson} readers against Jackson's record support through the same
 * annotations (the decoder they replaced): for a corpus of real objects and systematic
 * mutations of them — every value made {@code null}, made a value of another JSON type, and
 * every object given an unknown property — both produce equal records, or both fail at the
 * same JSON Pointer.
 */
class GeneratedReadersTest {
    private static final KubernetesJson.DecodeOptions[] OPTIONS = {
        KubernetesJson.DecodeOptions.defaults(), KubernetesJson.DecodeOptions.forCache()};

    private static String resource(String name) {
        try (InputStream in = GeneratedReadersTest.class.getResourceAsStream("decoding/" + name)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8); // the benchmarks' fixtures, placeholders filled
            return json.replace("{{created}}", "2026-11-27T10:00:00Z").replace("{{started}}", "2026-11-27T10:00:05Z")
                    .replace("{{ready}}", "2026-11-27T10:00:09Z").replaceAll("\\{\\{(\\w+)}}", "$1-0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes with both readers and checks they agree; returns how many succeeded. */
    private static <T> int agree(String json, Class<T> type) {
        int decoded = 0;
        for (KubernetesJson.DecodeOptions options : OPTIONS) {
            Object expected;
            try {
                expected = KubernetesJson.decodeWithoutGeneratedReaders(json, type, options);
            } catch (DecodeException e) {
                expected = e;
            }
            Object actual;
            try {
                actual = KubernetesJson.decode(json, type, options);
            } catch (DecodeException e) {
                actual = e;
            }
            if (expected instanceof DecodeException e) {
                assertThat(actual).as("%s (%s) should fail like Jackson: %s", json, options, e.getMessage())
                        .isInstanceOf(DecodeException.class);
                assertThat(((DecodeException) actual).path()).as(json).isEqualTo(e.path());
            } else {
                assertThat(actual).as("%s (%s)", json, options).isNotInstanceOf(DecodeException.class).isEqualTo(expected);
                assertThat(KubernetesJson.encode(actual)).isEqualTo(KubernetesJson.encode(expected));
                decoded++;
            }
        }
        return decoded;
    }

    @Test
    void corpusDecodesIdentically() {
        assertThat(agree(resource("pod.json"), Pod.class)).isEqualTo(2);
        assertThat(agree(resource("configmap.json"), ConfigMap.class)).isEqualTo(2);
        assertThat(agree(resource("crd.json"), CustomResourceDefinition.class)).isEqualTo(2);
    }

    @Test
    void everyMutationDecodesIdenticallyOrFailsAtTheSamePointer() {
        mutateAll(resource("pod.json"), Pod.class);
        mutateAll(resource("crd.json"), CustomResourceDefinition.class);
    }

    private static <T> void mutateAll(String json, Class<T> type) {
        JsonNode original = KubernetesJson.mapper().readTree(json);
        List<String> pointers = new ArrayList<>();
        collect(original, "", pointers);
        JsonNode[] replacements = {JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.stringNode("x"),
            JsonNodeFactory.instance.stringNode(" 1 "), JsonNodeFactory.instance.numberNode(7),
            JsonNodeFactory.instance.numberNode(1L << 40), JsonNodeFactory.instance.numberNode(1.5),
            JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.arrayNode().add(1)};
        int succeeded = 0;
        for (String pointer : pointers) {
            for (JsonNode replacement : pointer.isEmpty() ? new JsonNode[0] : replacements) {
                succeeded += agree(KubernetesJson.mapper().writeValueAsString(replace(original, pointer, replacement)), type);
            }
            JsonNode target = original.at(pointer);
            if (target.isObject()) {
                JsonNode copy = original.deepCopy();
                ((ObjectNode) copy.at(pointer)).put("futureField", "v").putArray("futureList").add(1).addNull();
                succeeded += agree(KubernetesJson.mapper().writeValueAsString(copy), type);
            }
        }
        assertThat(succeeded).isPositive();
    }

    private static void collect(JsonNode node, String pointer, List<String> pointers) {
        if (!pointer.isEmpty()) {
            pointers.add(pointer);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collect(e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), pointers);
            }
            if (pointer.isEmpty()) {
                pointers.add(""); // the root object itself, for the unknown-field mutation
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, pointers);
            }
        }
    }

    private static JsonNode replace(JsonNode root, String pointer, JsonNode value) {
        JsonNode copy = root.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
        return copy;
    }

    @Test
    void errorsKeepTheirPointerAndMessage() {
        String pod = resource("pod.json");
        assertThatThrownBy(() -> KubernetesJson.decode(pod.replaceFirst("\"cpu\": *\"[^\"]*\"", "\"cpu\":\"12x\""), Pod.class))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("at /spec/containers/0/resources/")
                .hasMessageContaining("'12x'");
        assertThatThrownBy(() -> KubernetesJson.decode("{\"items\":[{\"kind\":\"Service\"}]}", dev.capstan.api.core.v1.PodList.class))
                .isInstanceOf(DecodeException.class)
                .hasMessage("cannot decode PodList: at /items/0: kind is 'Service', but Pod has kind 'Pod'; "
                        + "decode it as the type its kind names (or as Unstructured)");
    }

    @Test
    void rawJsonTextIsWhatJacksonsGeneratorWrites() {
        StringBuilder key = new StringBuilder();
        for (char ch = 0; ch < 0x300; ch++) {
            key.append(ch);
        }
        key.append("\u2028\u2029\uD83D\uDE00/<>&");
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.putObject("f:" + key).put("k:{\"type\":\"Ready\"}", 1).put("n", -0.0).put("big", 12345678901234567890.5);
        String json = "{\"managedFields\":[{\"fieldsV1\":" + KubernetesJson.mapper().writeValueAsString(fields) + "}]}";
        dev.capstan.api.meta.v1.ObjectMeta fast = KubernetesJson.decode(json, dev.capstan.api.meta.v1.ObjectMeta.class);
        dev.capstan.api.meta.v1.ObjectMeta reference = KubernetesJson.decodeWithoutGeneratedReaders(
                json, dev.capstan.api.meta.v1.ObjectMeta.class, KubernetesJson.DecodeOptions.defaults());
        assertThat(fast.managedFields().get(0).fieldsV1().json()).isEqualTo(reference.managedFields().get(0).fieldsV1().json());
    }

    @Test
    void stringsArePooledFromTheParsersCharacters() {
        String a = StringPool.intern("Running".toCharArray(), 0, 7);
        assertThat(StringPool.intern(new String("Running"))).isSameAs(a);
        assertThat(StringPool.intern("xRunningx".toCharArray(), 1, 7)).isSameAs(a);
        char[] text = ("{\"f:" + "y".repeat(300) + "\":{}}").toCharArray();
        String large = StringPool.internLarge(text, text.length);
        assertThat(StringPool.internLarge(text.clone(), text.length)).isSameAs(large);
        assertThat(large).isEqualTo(new String(text));
    }
}
