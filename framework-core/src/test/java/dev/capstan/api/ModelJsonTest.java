package dev.capstan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.coordination.v1.Lease;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Pod;
import dev.capstan.api.core.v1.ServicePort;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModelJsonTest {
    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod",
             "metadata":{"name":"web-1","namespace":"shop","uid":"3b1e","resourceVersion":"42",
               "creationTimestamp":"2026-11-27T10:00:00Z","labels":{"b":"2","a":"1"},
               "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2026-11-27T10:00:00Z",
                 "fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:a":{}}}}}],
               "futureMetadata":"kept"},
             "spec":{"containers":[{"name":"web","image":"nginx","resources":{"limits":{"cpu":"500m","memory":"128Mi"}},
                 "futureContainerField":{"deep":[1,2,{"x":null}]}}],
               "futureSpecField":true},
             "status":{"phase":"Running"},
             "futureTopLevel":[1,"two"]}
            """;

    private static JsonNode tree(String json) {
        return KubernetesJson.mapper().readTree(json);
    }

    @Test
    void unknownFieldsSurviveDecodeModifyEncode() {
        Pod pod = KubernetesJson.decode(POD, Pod.class);

        Pod relabelled = pod.toBuilder()
                .metadata(pod.metadata().toBuilder().labels(Map.of("a", "1", "b", "3")).build())
                .build();
        JsonNode written = KubernetesJson.toTree(relabelled);

        assertThat(written.path("futureTopLevel")).isEqualTo(tree("[1,\"two\"]"));
        assertThat(written.at("/metadata/futureMetadata").asString()).isEqualTo("kept");
        assertThat(written.at("/spec/futureSpecField").asBoolean()).isTrue();
        assertThat(written.at("/spec/containers/0/futureContainerField")).isEqualTo(tree("{\"deep\":[1,2,{\"x\":null}]}"));
        assertThat(written.at("/metadata/labels/b").asString()).isEqualTo("3");
    }

    @Test
    void decodeThenEncodeReproducesTheDocument() {
        assertThat(KubernetesJson.toTree(KubernetesJson.decode(POD, Pod.class))).isEqualTo(tree(POD));
    }

    @Test
    void objectsWithoutUnknownFieldsCarryNoMapForThem() {
        Pod pod = KubernetesJson.decode(POD, Pod.class);
        assertThat(pod.status().unknownFields()).isNull();
        assertThat(pod.metadata().unknownFields()).containsOnlyKeys("futureMetadata");
    }

    @Test
    void absentFieldsStayAbsent() {
        ConfigMap empty = KubernetesJson.decode("{\"metadata\":{\"name\":\"x\"}}", ConfigMap.class);
        assertThat(empty.data()).isNull();
        assertThat(empty.metadata().labels()).isNull();
        assertThat(KubernetesJson.encode(empty)).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}");
    }

    @Test
    void collectionsAreUnmodifiableAtEveryDepth() {
        Pod pod = KubernetesJson.decode(POD, Pod.class);
        assertThatThrownBy(() -> pod.metadata().labels().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> pod.spec().containers().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> pod.spec().containers().get(0).resources().limits().remove("cpu"))
                .isInstanceOf(UnsupportedOperationException.class);
        java.util.List<String> source = new java.util.ArrayList<>(java.util.List.of("a"));
        ObjectMeta meta = ObjectMeta.builder().finalizers(source).build();
        source.add("b");
        assertThat(meta.finalizers()).as("builders copy their input").containsExactly("a");
    }

    @Test
    void mapsIterateInKeyOrderLikeGo() {
        Pod pod = KubernetesJson.decode(POD, Pod.class);
        assertThat(pod.metadata().labels().keySet()).containsExactly("a", "b");
        assertThat(pod.metadata().labels()).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void typeMetaIsFilledAndADifferentKindIsRefused() {
        assertThat(Pod.builder().build().kind()).isEqualTo("Pod");
        assertThat(Deployment.builder().build().apiVersion()).isEqualTo("apps/v1");
        assertThatThrownBy(() -> KubernetesJson.decode("{\"apiVersion\":\"v1\",\"kind\":\"Service\"}", Pod.class))
                .isInstanceOf(DecodeException.class)
                .hasMessage("cannot decode v1 Pod: at the top level: kind is 'Service', but Pod has kind 'Pod'; "
                        + "decode it as the type its kind names (or as Unstructured)");
        assertThatThrownBy(() -> KubernetesJson.decode("{\"apiVersion\":\"apps/v1beta1\",\"kind\":\"Deployment\"}", Deployment.class))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("apiVersion is 'apps/v1beta1', but Deployment has apiVersion 'apps/v1'");
    }

    @Test
    void unparseableQuantityNamesPathAndValue() {
        String json = POD.replace("\"500m\"", "\"12x\"");
        assertThatThrownBy(() -> KubernetesJson.decode(json, Pod.class))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("/spec/containers/0/resources/limits/cpu")
                .hasMessageContaining("'12x'")
                .satisfies(e -> assertThat(((DecodeException) e).path()).isEqualTo("/spec/containers/0/resources/limits/cpu"));
    }

    @Test
    void unparseableTimestampNamesPathAndValue() {
        String json = POD.replace("\"creationTimestamp\":\"2026-11-27T10:00:00Z\"", "\"creationTimestamp\":\"yesterday\"");
        assertThatThrownBy(() -> KubernetesJson.decode(json, Pod.class))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("at /metadata/creationTimestamp")
                .hasMessageContaining("'yesterday' is not an RFC 3339 timestamp");
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        assertThatThrownBy(() -> KubernetesJson.decode("{\"metadata\":\n{\"name\": }", Pod.class))
                .isInstanceOf(DecodeException.class)
                .hasMessageStartingWith("cannot decode v1 Pod: malformed JSON at line 2, column");
    }

    @Test
    void wrongShapeNamesThePath() {
        assertThatThrownBy(() -> KubernetesJson.decode("{\"spec\":{\"containers\":{}}}", Pod.class))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("at /spec/containers:");
    }

    @Test
    void managedFieldsAreKeptByDefaultAndStrippedForCaches() {
        Pod full = KubernetesJson.decode(POD, Pod.class);
        assertThat(full.metadata().managedFields()).hasSize(1);
        assertThat(full.metadata().managedFields().get(0).fieldsV1().json())
                .isEqualTo("{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:a\":{}}}}");

        Pod cached = KubernetesJson.decode(POD, Pod.class, KubernetesJson.DecodeOptions.forCache());
        assertThat(cached.metadata().managedFields()).isNull();
        assertThat(cached.metadata().labels()).isEqualTo(full.metadata().labels());
    }

    @Test
    void timeAndMicroTimeKeepTheirServerFormats() {
        Lease lease = KubernetesJson.decode("""
                {"spec":{"renewTime":"2026-11-27T10:00:05.000001Z","acquireTime":"2026-11-27T10:00:00.100000Z"},
                 "metadata":{"creationTimestamp":"2026-11-27T10:00:00Z"}}""", Lease.class);
        assertThat(lease.spec().renewTime()).isEqualTo(Instant.parse("2026-11-27T10:00:05.000001Z"));
        JsonNode written = KubernetesJson.toTree(lease);
        assertThat(written.at("/spec/acquireTime").asString()).isEqualTo("2026-11-27T10:00:00.100000Z");
        assertThat(written.at("/metadata/creationTimestamp").asString()).isEqualTo("2026-11-27T10:00:00Z");
    }

    @Test
    void timestampsWithOffsetsAreNormalisedToUtc() {
        ObjectMeta meta = KubernetesJson.decode("{\"creationTimestamp\":\"2026-11-27T12:00:00+02:00\"}", ObjectMeta.class);
        assertThat(meta.creationTimestamp()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void timestampFastPathAgreesWithTheFullParser() {
        for (String text : new String[] {"2026-11-27T10:00:00Z", "2026-11-27T10:00:00.1Z", "2026-11-27T10:00:00.123456Z",
                "2026-11-27T10:00:00.123456789Z", "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z"}) {
            assertThat(dev.capstan.api.internal.TimeCodecs.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThatThrownBy(() -> dev.capstan.api.internal.TimeCodecs.parse("2026-02-30T10:00:00Z"))
                .hasMessageContaining("'2026-02-30T10:00:00Z' is not an RFC 3339 timestamp");
        assertThatThrownBy(() -> dev.capstan.api.internal.TimeCodecs.parse("2026-11-27T25:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identicalManagedFieldsTextIsSharedBetweenObjects() {
        Pod first = KubernetesJson.decode(POD.replace("web-1", "web-2").replace("\"f:a\":{}", "\"f:a\":{},\"f:" + "x".repeat(200) + "\":{}"), Pod.class);
        Pod second = KubernetesJson.decode(POD.replace("web-1", "web-3").replace("\"f:a\":{}", "\"f:a\":{},\"f:" + "x".repeat(200) + "\":{}"), Pod.class);
        assertThat(second.metadata().managedFields().get(0).fieldsV1().json())
                .isSameAs(first.metadata().managedFields().get(0).fieldsV1().json());
    }

    @Test
    void intOrStringKeepsItsForm() {
        ServicePort numbered = KubernetesJson.decode("{\"port\":80,\"targetPort\":8080}", ServicePort.class);
        ServicePort named = KubernetesJson.decode("{\"port\":80,\"targetPort\":\"http\"}", ServicePort.class);
        assertThat(numbered.targetPort().isInt()).isTrue();
        assertThat(numbered.targetPort().intValue()).isEqualTo(8080);
        assertThat(named.targetPort().stringValue()).isEqualTo("http");
        assertThat(KubernetesJson.encode(numbered)).contains("\"targetPort\":8080");
        assertThat(KubernetesJson.encode(named)).contains("\"targetPort\":\"http\"");
        assertThatThrownBy(() -> KubernetesJson.decode("{\"targetPort\":true}", ServicePort.class))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("/targetPort");
    }

    @Test
    void floatingPointNumbersAreWrittenLikeGo() {
        var schema = KubernetesJson.decode("{\"minimum\":1,\"maximum\":2.5,\"multipleOf\":0.01}",
                dev.capstan.api.apiextensions.v1.JSONSchemaProps.class);
        assertThat(schema.minimum()).isEqualTo(1.0);
        assertThat(KubernetesJson.encode(schema)).isEqualTo("{\"maximum\":2.5,\"minimum\":1,\"multipleOf\":0.01}");
    }

    @Test
    void generatedKindsKnowTheirResource() {
        assertThat(Pod.RESOURCE).isEqualTo(ResourceType.of(Pod.class));
        assertThat(Pod.RESOURCE.plural()).isEqualTo("pods");
        assertThat(Pod.RESOURCE.shortNames()).containsExactly("po");
        assertThat(Pod.RESOURCE.namespaced()).isTrue();
        assertThat(dev.capstan.api.core.v1.Namespace.RESOURCE.namespaced()).isFalse();
        assertThat(Deployment.RESOURCE.groupVersionResource()).isEqualTo(new GroupVersionResource("apps", "v1", "deployments"));
        assertThat(dev.capstan.api.core.v1.PodList.class).isAssignableTo(KubernetesList.class);
    }
}
