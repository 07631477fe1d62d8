package dev.capstan.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.capstan.api.IntOrString;
import dev.capstan.api.KubernetesObject;
import dev.capstan.api.Quantity;
import dev.capstan.api.RawJson;
import dev.capstan.api.annotation.ClusterScoped;
import dev.capstan.api.annotation.Group;
import dev.capstan.api.annotation.Kind;
import dev.capstan.api.annotation.Plural;
import dev.capstan.api.annotation.ShortNames;
import dev.capstan.api.annotation.Version;
import dev.capstan.api.core.v1.PodTemplateSpec;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.crd.schema.Default;
import dev.capstan.crd.schema.Description;
import dev.capstan.crd.schema.MaxItems;
import dev.capstan.crd.schema.MaxLength;
import dev.capstan.crd.schema.Maximum;
import dev.capstan.crd.schema.MinItems;
import dev.capstan.crd.schema.MinLength;
import dev.capstan.crd.schema.Minimum;
import dev.capstan.crd.schema.Pattern;
import dev.capstan.crd.schema.PreserveUnknownFields;
import dev.capstan.crd.schema.PrinterColumn;
import dev.capstan.crd.schema.Required;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class CrdGeneratorTest {

    // ---- fixtures --------------------------------------------------------------------------------

    enum Tier {
        @JsonProperty("bronze") BRONZE,
        SILVER,
        @JsonIgnore LEGACY
    }

    enum Protocol {
        TCP("tcp"), UDP("udp");

        private final String wire;

        Protocol(String wire) {
            this.wire = wire;
        }

        @JsonValue
        String wire() {
            return wire;
        }
    }

    record Limits(Quantity cpu, Quantity memory) {}

    @Description("How a widget is exposed.")
    record Endpoint(@Required @Minimum(1) @Maximum(65535) int port, Protocol protocol) {}

    record WidgetSpec(
            @Required @Minimum(1) @Maximum(10) Integer replicas,
            @Required @Pattern("^[a-z]+$") @MinLength(2) @MaxLength(40) String image,
            @JsonProperty(value = "mode", required = true) String operatingMode,
            int weight,
            Tier tier,
            @Minimum(value = 0, exclusive = true) @Maximum(value = 2.5, exclusive = true) double ratio,
            @MinItems(1) @MaxItems(5) List<@Pattern("^-") @MinLength(2) String> args,
            Set<String> tags,
            String @MaxItems(3) [] hosts,
            List<Endpoint> endpoints,
            Map<String, Integer> weights,
            Map<String, Limits> limits,
            @Description("Free-form settings.") JsonNode settings,
            Object anything,
            Map<String, Object> annotations,
            RawJson raw,
            Quantity memory,
            IntOrString maxSurge,
            Instant notBefore,
            Optional<@Pattern("^v") String> release,
            byte[] payload,
            UUID id,
            BigDecimal price,
            Duration timeout,
            long generation) {}

    record WidgetStatus(String phase, @Minimum(0) int readyReplicas) {}

    @Group("test.capstan.dev")
    @Version("v1beta1")
    @ShortNames({"wd", "wdg"})
    @Description("A widget for tests.")
    @PrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = PrinterColumn.Type.INTEGER)
    @PrinterColumn(name = "Phase", jsonPath = ".status.phase", description = "Lifecycle phase", priority = 1)
    @PrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = PrinterColumn.Type.DATE)
    record Widget(String apiVersion, String kind, ObjectMeta metadata, @Required WidgetSpec spec, WidgetStatus status)
            implements KubernetesObject {}

    @Group("test.capstan.dev")
    @Version("v1")
    @ClusterScoped
    @Kind("Policy")
    record PolicyResource(String apiVersion, String kind, ObjectMeta metadata, Map<String, String> spec) {}

    /** A class (not a record): fields, superclass first, honouring Jackson's annotations. */
    static class BaseSettings {
        @Required String owner;
        static String ignoredStatic = "x";
    }

    static class Settings extends BaseSettings {
        @JsonProperty("max-connections") @Minimum(1) int maxConnections;
        transient String cache;
        @JsonIgnore String secret;
        List<String> names;
    }

    record Page<T>(@MinItems(1) List<T> items, T first) {}

    record Box<T>(T value) {}

    /** Written as its text, like Quantity: the schema is the @JsonValue's. */
    record Semver(@JsonValue @Pattern("^v[0-9]+") String text) {}

    @PreserveUnknownFields
    record Plugin(String image) {}

    record Extensible(String name, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) {}

    record Defaults(
            @Default("3") int replicas,
            @Default("Always") String pullPolicy,
            @Default("\"quoted\"") String quoted,
            @Default("bronze") Tier tier,
            @Default("[\"a\",\"b\"]") List<String> names,
            @Default("{\"cpu\":1}") Map<String, Integer> requests,
            @Default("true") boolean enabled) {}

    record Gizmo(
            Settings settings,
            Page<@Minimum(1) Integer> page,
            Box<Box<String>> nested,
            Endpoint primary,
            Endpoint secondary,
            @PreserveUnknownFields Limits openLimits,
            Plugin plugin,
            Extensible extensible,
            Defaults defaults,
            Semver version,
            PodTemplateSpec template) {}

    @Group("test.capstan.dev")
    @Version("v1")
    record Gadget(String apiVersion, String kind, ObjectMeta metadata, Gizmo spec) {}

    // ---- names, scope, version ---------------------------------------------------------------------

    @Test
    void namesScopeAndVersionComeFromTheResourceAnnotations() {
        ObjectNode crd = CrdGenerator.generate(Widget.class);

        assertThat(crd.path("apiVersion").asString()).isEqualTo("apiextensions.k8s.io/v1");
        assertThat(crd.path("kind").asString()).isEqualTo("CustomResourceDefinition");
        assertThat(crd.at("/metadata/name").asString()).isEqualTo("widgets.test.capstan.dev");
        assertThat(crd.at("/spec/group").asString()).isEqualTo("test.capstan.dev");
        assertThat(crd.at("/spec/names")).isEqualTo(json("""
                {"kind":"Widget","listKind":"WidgetList","plural":"widgets","singular":"widget","shortNames":["wd","wdg"]}"""));
        assertThat(crd.at("/spec/scope").asString()).isEqualTo("Namespaced");
        assertThat(crd.at("/spec/versions")).hasSize(1);
        assertThat(crd.at("/spec/versions/0/name").asString()).isEqualTo("v1beta1");
        assertThat(crd.at("/spec/versions/0/served").asBoolean()).isTrue();
        assertThat(crd.at("/spec/versions/0/storage").asBoolean()).isTrue();
    }

    @Test
    void clusterScopedResourceHasClusterScopeAndNoShortNames() {
        ObjectNode crd = CrdGenerator.generate(PolicyResource.class);

        assertThat(crd.at("/metadata/name").asString()).isEqualTo("policies.test.capstan.dev");
        assertThat(crd.at("/spec/scope").asString()).isEqualTo("Cluster");
        assertThat(crd.at("/spec/names/kind").asString()).isEqualTo("Policy");
        assertThat(crd.at("/spec/names/listKind").asString()).isEqualTo("PolicyList");
        assertThat(crd.at("/spec/names").has("shortNames")).isFalse();
    }

    @Test
    void statusSubresourceIsEnabledExactlyWhenThereIsAStatusProperty() {
        assertThat(CrdGenerator.generate(Widget.class).at("/spec/versions/0/subresources"))
                .isEqualTo(json("{\"status\":{}}"));
        assertThat(CrdGenerator.generate(PolicyResource.class).at("/spec/versions/0").has("subresources")).isFalse();
    }

    @Test
    void printerColumnsAppearInDeclarationOrder() {
        assertThat(CrdGenerator.generate(Widget.class).at("/spec/versions/0/additionalPrinterColumns")).isEqualTo(json("""
                [{"name":"Replicas","type":"integer","jsonPath":".spec.replicas"},
                 {"name":"Phase","type":"string","jsonPath":".status.phase","description":"Lifecycle phase","priority":1},
                 {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]"""));
        assertThat(CrdGenerator.generate(PolicyResource.class).at("/spec/versions/0").has("additionalPrinterColumns")).isFalse();
    }

    // ---- the schema ----------------------------------------------------------------------------------

    @Test
    void rootSchemaDeclaresApiVersionKindAndMetadataThenTheClassProperties() {
        JsonNode root = schema(Widget.class);

        assertThat(root.path("description").asString()).isEqualTo("A widget for tests.");
        assertThat(root.path("type").asString()).isEqualTo("object");
        assertThat(root.path("properties").propertyNames()).containsExactly("apiVersion", "kind", "metadata", "spec", "status");
        assertThat(root.at("/properties/apiVersion")).isEqualTo(json("{\"type\":\"string\"}"));
        assertThat(root.at("/properties/kind")).isEqualTo(json("{\"type\":\"string\"}"));
        assertThat(root.at("/properties/metadata")).isEqualTo(json("{\"type\":\"object\"}"));
        assertThat(root.path("required")).isEqualTo(json("[\"spec\"]"));
        assertThat(root.at("/properties/status")).isEqualTo(json("""
                {"type":"object","properties":{
                  "phase":{"type":"string"},
                  "readyReplicas":{"type":"integer","format":"int32","minimum":0}}}"""));
    }

    @Test
    void scalarsMapToOpenApiTypesAndFormats() {
        JsonNode spec = schema(Widget.class).at("/properties/spec/properties");

        assertThat(spec.path("weight")).isEqualTo(json("{\"type\":\"integer\",\"format\":\"int32\"}"));
        assertThat(spec.path("generation")).isEqualTo(json("{\"type\":\"integer\",\"format\":\"int64\"}"));
        assertThat(spec.path("mode")).isEqualTo(json("{\"type\":\"string\"}"));
        assertThat(spec.path("notBefore")).isEqualTo(json("{\"type\":\"string\",\"format\":\"date-time\"}"));
        assertThat(spec.path("payload")).isEqualTo(json("{\"type\":\"string\",\"format\":\"byte\"}"));
        assertThat(spec.path("id")).isEqualTo(json("{\"type\":\"string\",\"format\":\"uuid\"}"));
        assertThat(spec.path("price")).isEqualTo(json("{\"type\":\"number\"}"));
        assertThat(spec.path("timeout")).isEqualTo(json("{\"type\":\"string\"}"));
    }

    @Test
    void onlyRequiredAndJsonPropertyRequiredMembersAreRequiredNotPrimitives() {
        assertThat(schema(Widget.class).at("/properties/spec/required")).isEqualTo(json("[\"replicas\",\"image\",\"mode\"]"));
    }

    @Test
    void enumsListTheirWireNamesHonouringJsonPropertyJsonIgnoreAndJsonValue() {
        JsonNode spec = schema(Widget.class).at("/properties/spec/properties");

        assertThat(spec.path("tier")).isEqualTo(json("{\"type\":\"string\",\"enum\":[\"bronze\",\"SILVER\"]}"));
        assertThat(spec.at("/endpoints/items/properties/protocol")).isEqualTo(json("{\"type\":\"string\",\"enum\":[\"tcp\",\"udp\"]}"));
    }

    @Test
    void numericBoundsAreWrittenAsIntegersWhenWholeWithExclusiveFlags() {
        JsonNode spec = schema(Widget.class).at("/properties/spec/properties");

        assertThat(spec.path("replicas")).isEqualTo(json("{\"type\":\"integer\",\"format\":\"int32\",\"minimum\":1,\"maximum\":10}"));
        assertThat(spec.at("/replicas/minimum").isIntegralNumber()).isTrue();
        assertThat(spec.path("ratio")).isEqualTo(json("""
                {"type":"number","minimum":0,"exclusiveMinimum":true,"maximum":2.5,"exclusiveMaximum":true}"""));
    }

    @Test
    void stringConstraintsBecomePatternAndLengths() {
        assertThat(schema(Widget.class).at("/properties/spec/properties/image"))
                .isEqualTo(json("{\"type\":\"string\",\"pattern\":\"^[a-z]+$\",\"minLength\":2,\"maxLength\":40}"));
    }

    @Test
    void listsSetsAndArraysBecomeArraysWithTypeUseAnnotationsOnTheirItems() {
        JsonNode spec = schema(Widget.class).at("/properties/spec/properties");

        assertThat(spec.path("args")).isEqualTo(json("""
                {"type":"array","items":{"type":"string","pattern":"^-","minLength":2},"minItems":1,"maxItems":5}"""));
        assertThat(spec.path("tags")).isEqualTo(json("""
                {"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"}"""));
        assertThat(spec.path("hosts")).isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":3}"));
    }

    @Test
    void nestedRecordsBecomeObjectsWithTheirOwnRequiredListAndTypeDescription() {
        assertThat(schema(Widget.class).at("/properties/spec/properties/endpoints")).isEqualTo(json("""
                {"type":"array","items":{"description":"How a widget is exposed.","type":"object","properties":{
                   "port":{"type":"integer","format":"int32","minimum":1,"maximum":65535},
                   "protocol":{"type":"string","enum":["tcp","udp"]}},
                 "required":["port"]}}"""));
    }

    @Test
    void mapsWithStringKeysBecomeObjectsWithAdditionalProperties() {
        JsonNode spec = schema(Widget.class).at("/properties/spec/properties");

        assertThat(spec.path("weights")).isEqualTo(json("""
                {"type":"object","additionalProperties":{"type":"integer","format":"int32"}}"""));
        assertThat(spec.at("/limits/additionalProperties/properties/cpu/x-kubernetes-int-or-string").asBoolean()).isTrue();
    }

    @Test
    void quantityAndIntOrStringAreIntOrStringAndQuantityCarriesThePublishedPattern() {
        JsonNode spec = schema(Widget.class).at("/properties/spec/properties");

        assertThat(spec.path("maxSurge")).isEqualTo(json("""
                {"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true}"""));
        assertThat(spec.path("memory").path("anyOf")).isEqualTo(json("[{\"type\":\"integer\"},{\"type\":\"string\"}]"));
        assertThat(spec.path("memory").path("x-kubernetes-int-or-string").asBoolean()).isTrue();
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(spec.path("memory").path("pattern").asString());
        assertThat(List.of("1", "500m", "1.5Gi", "2e3", "-1", "+.5Ki")).allMatch(q -> pattern.matcher(q).matches());
        assertThat(List.of("1 Gi", "one", "1GiB", "")).noneMatch(q -> pattern.matcher(q).matches());
    }

    @Test
    void untypedValuesPreserveUnknownFieldsAndUntypedMapsAreObjects() {
        JsonNode spec = schema(Widget.class).at("/properties/spec/properties");

        assertThat(spec.path("settings")).isEqualTo(json("""
                {"description":"Free-form settings.","x-kubernetes-preserve-unknown-fields":true}"""));
        assertThat(spec.path("anything")).isEqualTo(json("{\"x-kubernetes-preserve-unknown-fields\":true}"));
        assertThat(spec.path("raw")).isEqualTo(json("{\"x-kubernetes-preserve-unknown-fields\":true}"));
        assertThat(spec.path("annotations")).isEqualTo(json("{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}"));
    }

    @Test
    void preserveUnknownFieldsOnTypeOrUseSiteAndAnySetterKeepUndeclaredFields() {
        JsonNode gizmo = schema(Gadget.class).at("/properties/spec/properties");

        assertThat(gizmo.path("plugin")).isEqualTo(json("""
                {"type":"object","properties":{"image":{"type":"string"}},"x-kubernetes-preserve-unknown-fields":true}"""));
        assertThat(gizmo.at("/openLimits/x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
        assertThat(gizmo.path("extensible")).isEqualTo(json("""
                {"type":"object","properties":{"name":{"type":"string"}},"x-kubernetes-preserve-unknown-fields":true}"""));
    }

    @Test
    void optionalIsItsContentWithTheAnnotationsOfBoth() {
        assertThat(schema(Widget.class).at("/properties/spec/properties/release"))
                .isEqualTo(json("{\"type\":\"string\",\"pattern\":\"^v\"}"));
    }

    @Test
    void classesContributeNonStaticNonTransientFieldsSuperclassFirstUnderTheirJsonNames() {
        assertThat(schema(Gadget.class).at("/properties/spec/properties/settings")).isEqualTo(json("""
                {"type":"object","properties":{
                   "owner":{"type":"string"},
                   "max-connections":{"type":"integer","format":"int32","minimum":1},
                   "names":{"type":"array","items":{"type":"string"}}},
                 "required":["owner"]}"""));
    }

    @Test
    void genericTypeArgumentsAreResolvedWithTheirUseSiteAnnotations() {
        JsonNode gizmo = schema(Gadget.class).at("/properties/spec/properties");

        assertThat(gizmo.path("page")).isEqualTo(json("""
                {"type":"object","properties":{
                   "items":{"type":"array","items":{"type":"integer","format":"int32","minimum":1},"minItems":1},
                   "first":{"type":"integer","format":"int32","minimum":1}}}"""));
        assertThat(gizmo.at("/nested/properties/value/properties/value")).isEqualTo(json("{\"type\":\"string\"}"));
    }

    @Test
    void aTypeWithAJsonValueHasTheSchemaOfThatValue() {
        assertThat(schema(Gadget.class).at("/properties/spec/properties/version"))
                .isEqualTo(json("{\"type\":\"string\",\"pattern\":\"^v[0-9]+\"}"));
    }

    @Test
    void aTypeUsedTwiceOnOnePathOnlyInSiblingsIsNotARecursion() {
        JsonNode gizmo = schema(Gadget.class).at("/properties/spec/properties");

        assertThat(gizmo.path("primary")).isEqualTo(gizmo.path("secondary"));
    }

    @Test
    void defaultsAreParsedAsJsonAndStringsMayBeUnquoted() {
        JsonNode defaults = schema(Gadget.class).at("/properties/spec/properties/defaults/properties");

        assertThat(defaults.at("/replicas/default")).isEqualTo(json("3"));
        assertThat(defaults.at("/pullPolicy/default")).isEqualTo(json("\"Always\""));
        assertThat(defaults.at("/quoted/default")).isEqualTo(json("\"quoted\""));
        assertThat(defaults.at("/tier/default")).isEqualTo(json("\"bronze\""));
        assertThat(defaults.at("/names/default")).isEqualTo(json("[\"a\",\"b\"]"));
        assertThat(defaults.at("/requests/default")).isEqualTo(json("{\"cpu\":1}"));
        assertThat(defaults.at("/enabled/default")).isEqualTo(json("true"));
    }

    @Test
    void embeddedKubernetesModelTypesMapWithTheirMetadataAndQuantities() {
        JsonNode template = schema(Gadget.class).at("/properties/spec/properties/template");

        assertThat(template.at("/properties/metadata/properties/labels"))
                .isEqualTo(json("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}"));
        assertThat(template.at("/properties/metadata/properties/creationTimestamp/format").asString()).isEqualTo("date-time");
        assertThat(template.at("/properties/spec/properties/containers/items/properties/resources/properties/limits"
                + "/additionalProperties/x-kubernetes-int-or-string").asBoolean()).isTrue();
        assertThat(template.path("x-kubernetes-preserve-unknown-fields").asBoolean())
                .as("generated models keep unknown fields, so their schemas do too").isTrue();
    }

    // ---- YAML and main --------------------------------------------------------------------------------

    enum Ambiguous {
        @JsonProperty("true") YES,
        @JsonProperty("1") ONE,
        @JsonProperty("null") NOTHING,
        @JsonProperty("on") ON,
        @JsonProperty("a: b # c") COLON
    }

    @Group("test.capstan.dev")
    @Version("v1")
    record Tricky(String apiVersion, String kind, ObjectMeta metadata, TrickySpec spec) {}

    record TrickySpec(@Pattern("^#[0-9a-f]{6}: 'x'$") @Default("no") String color, List<Ambiguous> values) {}

    @Test
    void yamlHasOneDocumentPerClassAndParsesBackToTheSameTrees() {
        String yaml = CrdGenerator.toYaml(Widget.class, Tricky.class);

        assertThat(yaml).startsWith("---\n");
        assertThat(yaml.split("(?m)^---$")).hasSize(3);
        List<JsonNode> documents = YAMLMapper.shared().readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
        assertThat(documents).containsExactly(CrdGenerator.generate(Widget.class), CrdGenerator.generate(Tricky.class));
        JsonNode spec = documents.get(1).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties");
        assertThat(spec.at("/values/items/enum")).isEqualTo(json("[\"true\",\"1\",\"null\",\"on\",\"a: b # c\"]"));
        assertThat(spec.at("/color/default")).isEqualTo(json("\"no\""));
    }

    @Test
    void mainWritesOneFilePerClassNamedPluralDotGroupAndLeavesUnchangedFilesAlone(@TempDir Path directory) throws Exception {
        Path output = directory.resolve("crds");
        String[] args = {output.toString(), Widget.class.getName(), PolicyResource.class.getName()};

        String first = captureStandardOutput(() -> CrdGenerator.main(args));
        assertThat(Files.readString(output.resolve("widgets.test.capstan.dev.yaml"))).isEqualTo(CrdGenerator.toYaml(Widget.class));
        assertThat(Files.readString(output.resolve("policies.test.capstan.dev.yaml")))
                .isEqualTo(CrdGenerator.toYaml(PolicyResource.class));
        assertThat(first).contains("wrote " + output.resolve("widgets.test.capstan.dev.yaml"));

        String second = captureStandardOutput(() -> CrdGenerator.main(args));
        assertThat(second).contains(output.resolve("widgets.test.capstan.dev.yaml") + " is up to date").doesNotContain("wrote");
    }

    @Test
    void mainRejectsMissingArgumentsAndUnknownClassesWithoutWritingAnything(@TempDir Path directory) {
        assertThatThrownBy(() -> CrdGenerator.main(new String[] {directory.toString()}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("usage: CrdGenerator OUTPUT_DIR CLASS_NAME...");
        Path output = directory.resolve("crds");
        assertThatThrownBy(() -> CrdGenerator.main(new String[] {output.toString(), Widget.class.getName(), "com.example.Missing"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("class com.example.Missing not found");
        assertThat(output).doesNotExist();
    }

    // ---- errors ---------------------------------------------------------------------------------------

    record NotAResource(String spec) {}

    @Group("test.capstan.dev") @Version("v1")
    record WithThread(BadSpecThread spec) {}

    record BadSpecThread(Thread worker) {}

    @Group("test.capstan.dev") @Version("v1")
    record WithIntegerKeys(IntegerKeys spec) {}

    record IntegerKeys(Map<Integer, String> limits) {}

    record Node(String name, List<Node> children) {}

    record Tree(Node root) {}

    @Group("test.capstan.dev") @Version("v1")
    record Recursive(Tree spec) {}

    @Group("test.capstan.dev") @Version("v1")
    record Folder(FolderSpec spec) {}

    record FolderSpec(List<Folder> children) {}

    @Group("test.capstan.dev") @Version("v1")
    record MinimumOnString(MinimumOnStringSpec spec) {}

    record MinimumOnStringSpec(@Minimum(1) String name) {}

    @Group("test.capstan.dev") @Version("v1")
    record MinItemsOnArrayElement(MinItemsOnArrayElementSpec spec) {}

    record MinItemsOnArrayElementSpec(@MinItems(1) String[] hosts) {}

    @Group("test.capstan.dev") @Version("v1")
    record Contradiction(ContradictionSpec spec) {}

    record ContradictionSpec(@Minimum(5) @Maximum(1) int replicas) {}

    @Group("test.capstan.dev") @Version("v1")
    record BadPattern(BadPatternSpec spec) {}

    record BadPatternSpec(@Pattern("[a-z") String name) {}

    @Group("test.capstan.dev") @Version("v1")
    record BadDefault(BadDefaultSpec spec) {}

    record BadDefaultSpec(@Default("three") int replicas) {}

    @Group("test.capstan.dev") @Version("v1")
    record DefaultOutsideEnum(DefaultOutsideEnumSpec spec) {}

    record DefaultOutsideEnumSpec(@Default("GOLD") Tier tier) {}

    @Group("test.capstan.dev") @Version("v1")
    record InterfaceField(InterfaceFieldSpec spec) {}

    record InterfaceFieldSpec(Runnable hook) {}

    @Group("test.capstan.dev") @Version("v1")
    record DuplicateNames(DuplicateNamesSpec spec) {}

    record DuplicateNamesSpec(String name, @JsonProperty("name") String alias) {}

    @Group("test.capstan.dev") @Version("v1")
    record PreserveOnString(PreserveOnStringSpec spec) {}

    record PreserveOnStringSpec(@PreserveUnknownFields String name) {}

    @Group("test.capstan.dev") @Version("v1")
    record KeyAnnotated(KeyAnnotatedSpec spec) {}

    record KeyAnnotatedSpec(Map<@Pattern("^a") String, String> labels) {}

    @Group("core") @Version("v1")
    record CoreGroup(String spec) {}

    @Group("test.capstan.dev") @Version("v1")
    @PrinterColumn(name = "Replicas", jsonPath = "spec.replicas")
    record BadColumn(String spec) {}

    @Test
    void aClassWithoutGroupAndVersionIsRejectedByName() {
        assertThatThrownBy(() -> CrdGenerator.generate(NotAResource.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NotAResource.class.getName())
                .hasMessageContaining("@Group and @Version");
    }

    @Test
    void theCoreGroupIsRejected() {
        assertThatThrownBy(() -> CrdGenerator.generate(CoreGroup.class))
                .hasMessage(CoreGroup.class.getName() + ": @Group(\"core\") must be a lower-case DNS name with at least one dot, "
                        + "like example.com (custom resources cannot join the core group)");
    }

    @Test
    void errorsNameTheClassAndThePropertyPath() {
        assertThatThrownBy(() -> CrdGenerator.generate(WithIntegerKeys.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(WithIntegerKeys.class.getName() + ": spec.limits: Map keys must be strings, got Integer");
        assertThatThrownBy(() -> CrdGenerator.generate(WithThread.class))
                .hasMessageStartingWith(WithThread.class.getName() + ": spec.worker: cannot map java.lang.Thread to a schema");
        assertThatThrownBy(() -> CrdGenerator.generate(InterfaceField.class))
                .hasMessageStartingWith(InterfaceField.class.getName() + ": spec.hook: cannot map java.lang.Runnable");
    }

    @Test
    void aRecursiveTypeIsRejectedNamingWhereTheCycleCloses() {
        assertThatThrownBy(() -> CrdGenerator.generate(Recursive.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(Recursive.class.getName()
                        + ": spec.root.children[]: Node contains itself (entered at spec.root); a structural schema cannot be recursive");
    }

    @Test
    void aSpecContainingItsOwnResourceIsACycleThroughTheRoot() {
        assertThatThrownBy(() -> CrdGenerator.generate(Folder.class))
                .hasMessageStartingWith(Folder.class.getName() + ": spec.children[]: Folder contains itself (entered at the root)");
    }

    @Test
    void annotationsOnTypesTheyDoNotFitAreRejected() {
        assertThatThrownBy(() -> CrdGenerator.generate(MinimumOnString.class))
                .hasMessage(MinimumOnString.class.getName() + ": spec.name: @Minimum applies to integers and numbers, not to a string");
        assertThatThrownBy(() -> CrdGenerator.generate(MinItemsOnArrayElement.class))
                .hasMessageStartingWith(MinItemsOnArrayElement.class.getName() + ": spec.hosts[]: @MinItems applies to lists")
                .hasMessageContaining("String @MinItems(n) []");
        assertThatThrownBy(() -> CrdGenerator.generate(PreserveOnString.class))
                .hasMessage(PreserveOnString.class.getName() + ": spec.name: @PreserveUnknownFields applies to objects, not to a string");
        assertThatThrownBy(() -> CrdGenerator.generate(Contradiction.class))
                .hasMessage(Contradiction.class.getName() + ": spec.replicas: @Minimum(5.0) is greater than @Maximum(1.0)");
        assertThatThrownBy(() -> CrdGenerator.generate(BadPattern.class))
                .hasMessageStartingWith(BadPattern.class.getName() + ": spec.name: @Pattern(\"[a-z\") is not a valid regular expression");
    }

    @Test
    void defaultsThatAreNotJsonOrDoNotFitAreRejected() {
        assertThatThrownBy(() -> CrdGenerator.generate(BadDefault.class))
                .hasMessageStartingWith(BadDefault.class.getName() + ": spec.replicas: @Default(\"three\") is not a JSON literal");
        assertThatThrownBy(() -> CrdGenerator.generate(DefaultOutsideEnum.class))
                .hasMessage(DefaultOutsideEnum.class.getName() + ": spec.tier: @Default(\"GOLD\") is not one of [\"bronze\",\"SILVER\"]");
    }

    @Test
    void annotationsOnMapKeysAreRejectedBecauseKeysCannotBeConstrained() {
        assertThatThrownBy(() -> CrdGenerator.generate(KeyAnnotated.class))
                .hasMessage(KeyAnnotated.class.getName() + ": spec.labels: @Pattern on a map key is not supported: "
                        + "a structural schema cannot constrain keys");
    }

    @Test
    void twoMembersWithTheSameJsonNameAreRejected() {
        assertThatThrownBy(() -> CrdGenerator.generate(DuplicateNames.class))
                .hasMessage(DuplicateNames.class.getName() + ": spec.name: two members are named \"name\" in JSON");
    }

    @Test
    void aPrinterColumnPathMustStartWithADot() {
        assertThatThrownBy(() -> CrdGenerator.generate(BadColumn.class))
                .hasMessage(BadColumn.class.getName() + ": @PrinterColumn(name = \"Replicas\"): jsonPath \"spec.replicas\" must start "
                        + "with a dot, like .spec.replicas");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static JsonNode schema(Class<?> type) {
        return CrdGenerator.generate(type).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    private static JsonNode json(String text) {
        return dev.capstan.api.KubernetesJson.mapper().readTree(text);
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    private static String captureStandardOutput(Action action) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
