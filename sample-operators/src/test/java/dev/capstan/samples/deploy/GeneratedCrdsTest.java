package dev.capstan.samples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.ResourceType;
import dev.capstan.crd.CrdGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CRD manifests the build generates (process-classes, exec-maven-plugin running
 * CrdGenerator into target/deploy/&lt;sample&gt;/crds) are there, one per custom-resource class,
 * and say exactly what the Java types say today; the ClusterRole grants on that group and plural.
 */
class GeneratedCrdsTest {

    @ParameterizedTest
    @EnumSource(Sample.class)
    void theBuildWroteOneCrdPerCustomResourceTypeMatchingTheType(Sample sample) throws Exception {
        List<String> expectedFiles = new ArrayList<>();
        for (String className : sample.customResourceClasses) {
            Class<?> type = Class.forName(className);
            ResourceType<?> resource = ResourceType.of(type);
            String fileName = resource.plural() + "." + resource.group() + ".yaml";
            expectedFiles.add(fileName);
            Path file = sample.crdDirectory().resolve(fileName);
            assertThat(file).as("generated CRD of %s", className).isRegularFile();
            // byte for byte what the generator makes from the compiled type now: not stale
            assertThat(Files.readString(file)).as("%s matches %s", file, className).isEqualTo(CrdGenerator.toYaml(type));
            ObjectNode crd = Sample.documents(List.of(file)).get(0);
            assertThat(crd).isEqualTo(KubernetesJson.mapper().readTree(CrdGenerator.generate(type).toString()));
            assertThat(crd.at("/metadata/name").asString()).isEqualTo(resource.plural() + "." + resource.group());
            assertThat(crd.at("/spec/scope").asString()).isEqualTo(resource.namespaced() ? "Namespaced" : "Cluster");
        }
        assertThat(sample.crdFiles()).map(p -> p.getFileName().toString()).containsExactlyInAnyOrderElementsOf(expectedFiles);
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void theClusterRoleGrantsOnTheGeneratedGroupAndPlural(Sample sample) {
        JsonNode rules = sample.manifest("ClusterRole", "capstan-" + sample.id).path("rules");
        for (ObjectNode crd : sample.crds()) {
            String group = crd.at("/spec/group").asString();
            String plural = crd.at("/spec/names/plural").asString();
            boolean hasStatus = crd.at("/spec/versions/0/subresources/status").isObject();
            assertThat(granted(rules, group, plural)).as("%s: watch %s.%s", sample.id, plural, group).contains("list", "watch");
            if (hasStatus) {
                assertThat(granted(rules, group, plural + "/status")).as("%s: write the status of %s", sample.id, plural)
                        .containsExactly("update");
            }
        }
    }

    private static List<String> granted(JsonNode rules, String group, String resource) {
        List<String> verbs = new ArrayList<>();
        for (JsonNode rule : rules) {
            if (contains(rule.path("apiGroups"), group) && contains(rule.path("resources"), resource)) {
                rule.path("verbs").forEach(v -> verbs.add(v.asString()));
            }
        }
        return verbs;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asString().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
