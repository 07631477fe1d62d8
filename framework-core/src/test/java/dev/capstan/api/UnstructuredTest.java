package dev.capstan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UnstructuredTest {
    private static final String FOO = """
            {"apiVersion":"example.com/v1","kind":"Foo",
             "metadata":{"name":"a","namespace":"ns","uid":"u-1","resourceVersion":"7","labels":{"tier":"gold"}},
             "spec":{"replicas":2,"items":[{"name":"x"}]}}""";

    @Test
    void typedAccessorsReadMetadata() {
        Unstructured foo = Unstructured.parse(FOO);
        assertThat(foo.groupVersionKind()).isEqualTo(new GroupVersionKind("example.com", "v1", "Foo"));
        assertThat(foo.name()).isEqualTo("a");
        assertThat(foo.namespace()).isEqualTo("ns");
        assertThat(foo.uid()).isEqualTo("u-1");
        assertThat(foo.resourceVersion()).isEqualTo("7");
        assertThat(foo.labels()).isEqualTo(Map.of("tier", "gold"));
        assertThat(foo.annotations()).isEmpty();
        assertThat(foo.metadata().name()).isEqualTo("a");
    }

    @Test
    void pathsReachNestedValuesAndArrayItems() {
        Unstructured foo = Unstructured.parse(FOO);
        assertThat(foo.get("spec", "replicas").map(JsonNode::asInt)).contains(2);
        assertThat(foo.get("spec", "items", "0", "name").map(JsonNode::asString)).contains("x");
        assertThat(foo.get("spec", "missing")).isEmpty();
    }

    @Test
    void contentCannotBeChangedFromOutside() {
        Unstructured foo = Unstructured.parse(FOO);
        ((tools.jackson.databind.node.ObjectNode) foo.get("spec").orElseThrow()).put("replicas", 99);
        foo.content().withObject("spec").put("replicas", 98);
        assertThat(foo.get("spec", "replicas").map(JsonNode::asInt)).contains(2);

        Unstructured scaled = foo.edit(tree -> tree.withObject("spec").put("replicas", 3));
        assertThat(scaled.get("spec", "replicas").map(JsonNode::asInt)).contains(3);
        assertThat(foo.get("spec", "replicas").map(JsonNode::asInt)).contains(2);
    }

    @Test
    void convertsToAndFromTypedObjects() {
        ConfigMap map = ConfigMap.builder().metadata(ObjectMeta.builder().name("m").build()).data(Map.of("k", "v")).build();
        Unstructured generic = Unstructured.from(map);
        assertThat(generic.kind()).isEqualTo("ConfigMap");
        assertThat(generic.to(ConfigMap.class)).isEqualTo(map);
        assertThatThrownBy(() -> generic.to(dev.capstan.api.core.v1.Secret.class))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("kind is 'ConfigMap', but Secret has kind 'Secret'");
    }

    @Test
    void encodesAsItsContent() {
        Unstructured foo = Unstructured.parse(FOO);
        assertThat(KubernetesJson.mapper().readTree(KubernetesJson.encode(foo))).isEqualTo(KubernetesJson.mapper().readTree(FOO));
        UnstructuredList list = KubernetesJson.decode("{\"apiVersion\":\"example.com/v1\",\"kind\":\"FooList\",\"metadata\":"
                + "{\"resourceVersion\":\"9\"},\"items\":[" + FOO + "]}", UnstructuredList.class);
        assertThat(list.items()).containsExactly(foo);
        assertThat(list.metadata().resourceVersion()).isEqualTo("9");
    }

    @Test
    void nonObjectsAreRefused() {
        assertThatThrownBy(() -> Unstructured.parse("[1,2]"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("expected a JSON object");
    }
}
