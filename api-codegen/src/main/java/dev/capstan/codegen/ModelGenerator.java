package dev.capstan.codegen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates one Java record per OpenAPI schema of the pinned Kubernetes release.
 *
 * <p>Arguments: {@code INPUT_DIR OUTPUT_DIR}. {@code INPUT_DIR} holds {@code v3/*.json} (the
 * OpenAPI v3 document of each group-version) and {@code discovery/*.json} (each group-version's
 * resource list, for plural, scope and short names), as {@code OpenApiDump} writes them.
 *
 * <h2>What a generated type looks like</h2>
 * <ul>
 *   <li>A {@code record} in {@code dev.capstan.api.<group>.<version>} whose components are the
 *       schema's properties in document order ({@code apiVersion}, {@code kind},
 *       {@code metadata} first), each with {@code @JsonProperty} carrying the wire name, plus a
 *       last component {@code unknownFields} that keeps properties the model does not know.</li>
 *   <li>A compact constructor that makes lists and maps unmodifiable (absent stays
 *       {@code null}), fills {@code apiVersion} and {@code kind} of single-kind types, and
 *       refuses a different {@code apiVersion} or {@code kind}.</li>
 *   <li>{@code builder()}, {@code toBuilder()} and a {@code Builder}.</li>
 *   <li>A static {@code readJson(JsonParser, DeserializationContext)}: the streaming decoder
 *       Capstan's codec uses for the type (see {@code dev.capstan.api.internal.JsonDecoding});
 *       the Jackson annotations stay, and both read the same JSON into equal records.</li>
 *   <li>Kinds served as resources carry {@code @Group}, {@code @Version}, {@code @Kind},
 *       {@code @Plural}, {@code @Singular}, {@code @ShortNames}, the scope annotation, and a
 *       {@code RESOURCE} constant; they implement {@code KubernetesObject} (and lists
 *       {@code KubernetesList}).</li>
 * </ul>
 * Special schemas map to hand-written types: {@code Quantity}, {@code IntOrString},
 * {@code Time}/{@code MicroTime} → {@code Instant}, {@code FieldsV1} → {@code RawJson},
 * {@code RawExtension}, {@code JSON} and the {@code JSONSchemaPropsOr*} unions → Jackson trees.
 */
public final class ModelGenerator {
    static final String BASE_PACKAGE = "dev.capstan.api";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String JSON_NODE = "tools.jackson.databind.JsonNode";
    private static final Map<String, String> SPECIAL = Map.of(
            "io.k8s.apimachinery.pkg.api.resource.Quantity", "dev.capstan.api.Quantity",
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString", "dev.capstan.api.IntOrString",
            META + "Time", "java.time.Instant",
            META + "MicroTime", "java.time.Instant",
            META + "FieldsV1", "dev.capstan.api.RawJson",
            "io.k8s.apimachinery.pkg.runtime.RawExtension", JSON_NODE,
            "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON", JSON_NODE,
            "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray", JSON_NODE,
            "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool", JSON_NODE,
            "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray", JSON_NODE);
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp", "super",
            "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while", "true",
            "false", "null", "record", "var", "yield");
    private static final Map<String, String> RENAMED = Map.of(
            "default", "defaultValue", "enum", "enumValues", "continue", "continueToken");
    private static final Set<String> RESERVED_TYPE_NAMES = Set.of("String", "Integer", "Long", "Double", "Boolean",
            "Object", "Class", "Override", "Deprecated", "SuppressWarnings", "List", "Map", "Builder");

    /** A resource as discovery lists it. */
    record Resource(String plural, String singular, boolean namespaced, List<String> shortNames) {}

    private final Map<String, JsonNode> schemas = new TreeMap<>();
    private final Map<String, Resource> resources = new HashMap<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ModelGenerator INPUT_DIR OUTPUT_DIR");
            System.exit(2);
        }
        ModelGenerator generator = new ModelGenerator();
        generator.load(Path.of(args[0]));
        int count = generator.generate(Path.of(args[1]));
        System.out.println("capstan codegen: generated " + count + " model types into " + args[1]);
    }

    void load(Path input) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Path> documents = list(input.resolve("v3"));
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("no OpenAPI documents in " + input.resolve("v3")
                    + "; run api-codegen/refresh-openapi.sh");
        }
        for (Path file : documents) {
            JsonNode doc = json.readTree(file.toFile());
            for (Map.Entry<String, JsonNode> schema : doc.path("components").path("schemas").properties()) {
                schemas.putIfAbsent(schema.getKey(), schema.getValue());
            }
        }
        for (Path file : list(input.resolve("discovery"))) {
            JsonNode doc = json.readTree(file.toFile());
            String groupVersion = doc.path("groupVersion").asString();
            for (JsonNode resource : doc.path("resources")) {
                String name = resource.path("name").asString();
                if (name.contains("/")) {
                    continue; // subresource
                }
                List<String> shortNames = new ArrayList<>();
                resource.path("shortNames").forEach(n -> shortNames.add(n.asString()));
                resources.put(groupVersion + "/" + resource.path("kind").asString(), new Resource(
                        name, resource.path("singularName").asString(), resource.path("namespaced").asBoolean(), shortNames));
            }
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    int generate(Path output) throws IOException {
        int count = 0;
        for (Map.Entry<String, JsonNode> schema : schemas.entrySet()) {
            if (SPECIAL.containsKey(schema.getKey())) {
                continue;
            }
            String className = className(schema.getKey());
            Path file = output.resolve(packageName(schema.getKey()).replace('.', '/')).resolve(simpleName(schema.getKey()) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, new TypeWriter(this, schema.getKey(), className, schema.getValue()).write(), StandardCharsets.UTF_8);
            count++;
        }
        return count;
    }

    // ---- names and types ------------------------------------------------------------------

    static String packageName(String schemaName) {
        String[] parts = schemaName.split("\\.");
        if (parts.length < 3) {
            throw new IllegalArgumentException("schema name '" + schemaName + "' has no group and version");
        }
        String group = parts[parts.length - 3].replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
        String version = parts[parts.length - 2];
        return BASE_PACKAGE + "." + group + "." + version;
    }

    static String simpleName(String schemaName) {
        String name = schemaName.substring(schemaName.lastIndexOf('.') + 1);
        if (RESERVED_TYPE_NAMES.contains(name)) {
            throw new IllegalArgumentException("schema " + schemaName + " would shadow a Java type; add a rename");
        }
        return name;
    }

    static String className(String schemaName) {
        return packageName(schemaName) + "." + simpleName(schemaName);
    }

    /** The Java identifier for a JSON property name. */
    static String fieldName(String jsonName) {
        if (RENAMED.containsKey(jsonName)) {
            return RENAMED.get(jsonName);
        }
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : jsonName.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                out.append(upper && out.length() > 0 ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        String name = out.length() == 0 ? "value" : out.toString();
        if (Character.isDigit(name.charAt(0))) {
            name = "_" + name;
        }
        if (JAVA_KEYWORDS.contains(name) || name.equals("unknownFields")) {
            name = name + "Value";
        }
        return name;
    }

    /** The schema a property refers to, through {@code $ref} or a single-element {@code allOf}. */
    static String reference(JsonNode property) {
        String ref = property.path("$ref").asString(null);
        if (ref == null && property.path("allOf").size() == 1) {
            ref = property.path("allOf").get(0).path("$ref").asString(null);
        }
        return ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** The Java type of a property value. */
    String javaType(JsonNode property) {
        String ref = reference(property);
        if (ref != null) {
            String special = SPECIAL.get(ref);
            if (special != null) {
                return special;
            }
            if (!schemas.containsKey(ref)) {
                throw new IllegalArgumentException("property refers to unknown schema " + ref);
            }
            return className(ref);
        }
        String type = property.path("type").asString("");
        String format = property.path("format").asString("");
        switch (type) {
            case "string":
                return format.equals("int-or-string") ? "dev.capstan.api.IntOrString" : "String";
            case "integer":
                return format.equals("int32") ? "Integer" : "Long";
            case "number":
                return "Double";
            case "boolean":
                return "Boolean";
            case "array":
                return "java.util.List<" + javaType(property.path("items")) + ">";
            case "object":
                JsonNode additional = property.get("additionalProperties");
                if (additional != null && additional.isObject() && additional.size() > 0) {
                    return "java.util.Map<String, " + javaType(additional) + ">";
                }
                return JSON_NODE;
            default:
                return JSON_NODE;
        }
    }

    /** Whether a property is a {@code MicroTime} (six fractional digits) rather than a {@code Time}. */
    static boolean isMicroTime(JsonNode property) {
        return (META + "MicroTime").equals(reference(property));
    }

    static boolean isTime(JsonNode property) {
        return (META + "Time").equals(reference(property));
    }

    Resource resource(String groupVersion, String kind) {
        return resources.get(groupVersion + "/" + kind);
    }

    Map<String, JsonNode> schemas() {
        return schemas;
    }

    static String javadoc(String text, String indent) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*/", "*&#47;").replace("@", "&#64;").replace("\\u", "&#92;u").strip();
        StringBuilder out = new StringBuilder(indent).append("/**\n");
        boolean first = true;
        for (String paragraph : escaped.split("\n\\s*\n")) {
            if (!first) {
                out.append(indent).append(" *\n").append(indent).append(" * <p>");
            } else {
                out.append(indent).append(" * ");
            }
            out.append(paragraph.strip().replace("\n", "\n" + indent + " * ")).append('\n');
            first = false;
        }
        return out.append(indent).append(" */\n").toString();
    }

    /** Iterates an object node's property names in document order. */
    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.propertyNames().iterator(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static Comparator<String> typeMetaFirst() {
        List<String> first = List.of("apiVersion", "kind", "metadata");
        return Comparator.comparingInt((String n) -> first.contains(n) ? first.indexOf(n) : first.size());
    }
}
