package dev.capstan.crd;

import dev.capstan.api.ResourceType;
import dev.capstan.crd.schema.PrinterColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Generates the {@code apiextensions.k8s.io/v1} CustomResourceDefinition of a custom-resource
 * class from its annotations ({@link dev.capstan.api.annotation}) and its Java types
 * (refined by {@link dev.capstan.crd.schema}).
 *
 * <pre>{@code
 * @Group("example.com") @Version("v1alpha1") @ShortNames("cache")
 * @PrinterColumn(name = "Replicas", jsonPath = ".spec.replicas", type = PrinterColumn.Type.INTEGER)
 * public record Cache(String apiVersion, String kind, ObjectMeta metadata, CacheSpec spec, CacheStatus status)
 *         implements KubernetesObject {}
 *
 * public record CacheSpec(@Required @Minimum(1) Integer replicas, @Default("LRU") Eviction eviction) {}
 *
 * String yaml = CrdGenerator.toYaml(Cache.class);   // caches.example.com
 * }</pre>
 *
 * <h2>What is generated</h2> One version, served and stored, named after {@code @Version};
 * scope {@code Namespaced} or {@code Cluster} from the annotations; names (kind,
 * {@code listKind} = kind + {@code List}, plural, singular, short names) as
 * {@link ResourceType#of(Class)} derives them; the {@code status} subresource exactly when the
 * class has a {@code status} property; printer columns from {@link PrinterColumn}. The
 * {@code openAPIV3Schema} declares {@code apiVersion} and {@code kind} (strings),
 * {@code metadata} ({@code type: object}, as the API server requires) and a property for every
 * other record component or field, {@code spec} and {@code status} included. The mapping of
 * Java types to schemas is documented in docs/custom-resources.md.
 *
 * <h2>Errors</h2> Every method throws {@link IllegalArgumentException} for a class it cannot
 * turn into a valid CustomResourceDefinition, with a message that names the class and, for
 * schema problems, the property path: {@code com.example.Cache: spec.limits: Map keys must be
 * strings, got Integer}. That covers a class without {@code @Group}/{@code @Version}, a core
 * (dot-less) group, types with no schema ({@code Thread}, interfaces), maps with non-string
 * keys, recursive types, annotations on types they do not apply to, and malformed
 * {@code @Default} literals.
 *
 * <h2>Thread safety</h2> All methods are stateless and safe for concurrent use; each returns
 * a new tree.
 */
public final class CrdGenerator {
    private static final String USAGE = "usage: CrdGenerator OUTPUT_DIR CLASS_NAME... "
            + "(writes <plural>.<group>.yaml into OUTPUT_DIR for each custom-resource class)";
    private static final java.util.regex.Pattern DNS_SUBDOMAIN_WITH_DOT =
            java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+");
    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private CrdGenerator() {}

    /**
     * The CustomResourceDefinition of one annotated custom-resource class, as a new, mutable
     * JSON tree (ready to be sent to the API server or tweaked before writing).
     *
     * @throws IllegalArgumentException when the class cannot be described; the message names
     *     the class and the property path
     */
    public static ObjectNode generate(Class<?> resourceType) {
        Objects.requireNonNull(resourceType, "resourceType");
        ResourceType<?> resource = ResourceType.of(resourceType);
        check(resourceType, DNS_SUBDOMAIN_WITH_DOT.matcher(resource.group()).matches(),
                "@Group(\"" + resource.group() + "\") must be a lower-case DNS name with at least one dot, like "
                        + "example.com (custom resources cannot join the core group)");
        check(resourceType, DNS_LABEL.matcher(resource.plural()).matches(),
                "the plural \"" + resource.plural() + "\" must be a lower-case DNS label; set it with @Plural");
        check(resourceType, DNS_LABEL.matcher(resource.singular()).matches(),
                "the singular \"" + resource.singular() + "\" must be a lower-case DNS label; set it with @Singular");
        ObjectNode schema = new SchemaMapper(resourceType).rootSchema();

        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode crd = nodes.objectNode()
                .put("apiVersion", "apiextensions.k8s.io/v1")
                .put("kind", "CustomResourceDefinition");
        crd.putObject("metadata").put("name", resource.plural() + "." + resource.group());
        ObjectNode spec = crd.putObject("spec").put("group", resource.group());
        ObjectNode names = spec.putObject("names")
                .put("kind", resource.kind())
                .put("listKind", resource.kind() + "List")
                .put("plural", resource.plural())
                .put("singular", resource.singular());
        if (!resource.shortNames().isEmpty()) {
            ArrayNode shortNames = names.putArray("shortNames");
            resource.shortNames().forEach(shortNames::add);
        }
        spec.put("scope", resource.namespaced() ? "Namespaced" : "Cluster");
        ObjectNode version = spec.putArray("versions").addObject()
                .put("name", resource.version())
                .put("served", true)
                .put("storage", true);
        version.putObject("schema").set("openAPIV3Schema", schema);
        if (schema.path("properties").has("status")) {
            version.putObject("subresources").putObject("status");
        }
        PrinterColumn[] columns = resourceType.getAnnotationsByType(PrinterColumn.class);
        if (columns.length > 0) {
            ArrayNode printerColumns = version.putArray("additionalPrinterColumns");
            for (PrinterColumn column : columns) {
                printerColumns.add(printerColumn(resourceType, column, nodes));
            }
        }
        return crd;
    }

    /**
     * The CustomResourceDefinitions of the classes as one multi-document YAML text, in the
     * given order, each document starting with {@code ---}; for {@code kubectl apply -f}.
     * Strings that YAML would read as something else ({@code "true"}, {@code "1"},
     * {@code "null"}) are quoted, so the text parses back to exactly {@link #generate}'s tree.
     *
     * @throws IllegalArgumentException as {@link #generate}, for the first class that fails
     */
    public static String toYaml(Class<?>... resourceTypes) {
        StringBuilder yaml = new StringBuilder();
        for (Class<?> resourceType : resourceTypes) {
            yaml.append(YAML.writeValueAsString(generate(resourceType)));
        }
        return yaml.toString();
    }

    /**
     * Writes one {@code <plural>.<group>.yaml} per class into a directory: arguments
     * {@code OUTPUT_DIR CLASS_NAME...}. Meant for a build (exec-maven-plugin's {@code java}
     * goal, see the package documentation), it loads classes through the thread's context
     * class loader, creates the directory if needed, generates every CRD before writing any,
     * and leaves a file untouched when its content is unchanged (so incremental builds stay
     * incremental). It reports each file on standard output.
     *
     * <p>It never calls {@code System.exit}, which would end the Maven JVM under
     * {@code exec:java}; failures are thrown: {@link IllegalArgumentException} for bad
     * arguments, unknown classes or undescribable types, {@link IOException} for the files.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException(USAGE);
        }
        Path outputDirectory = Path.of(args[0]);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = CrdGenerator.class.getClassLoader();
        }
        Map<Path, String> files = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            Class<?> type;
            try {
                type = Class.forName(args[i], false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("class " + args[i] + " not found: is it compiled, and does the "
                        + "plugin run after compile with the project's classpath? " + USAGE, e);
            }
            ResourceType<?> resource = ResourceType.of(type);
            files.put(outputDirectory.resolve(resource.plural() + "." + resource.group() + ".yaml"), toYaml(type));
        }
        Files.createDirectories(outputDirectory);
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Path path = file.getKey();
            if (Files.isRegularFile(path) && Files.readString(path, StandardCharsets.UTF_8).equals(file.getValue())) {
                System.out.println("CrdGenerator: " + path + " is up to date");
                continue;
            }
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            System.out.println("CrdGenerator: wrote " + path);
        }
    }

    private static ObjectNode printerColumn(Class<?> resourceType, PrinterColumn column, JsonNodeFactory nodes) {
        String which = "@PrinterColumn(name = \"" + column.name() + "\")";
        check(resourceType, !column.name().isBlank(), "@PrinterColumn needs a name");
        check(resourceType, column.jsonPath().startsWith("."),
                which + ": jsonPath \"" + column.jsonPath() + "\" must start with a dot, like .spec.replicas");
        check(resourceType, column.priority() >= 0, which + ": priority must not be negative");
        ObjectNode node = nodes.objectNode()
                .put("name", column.name())
                .put("type", column.type().openApiName())
                .put("jsonPath", column.jsonPath());
        if (!column.description().isEmpty()) {
            node.put("description", column.description());
        }
        if (column.priority() != 0) {
            node.put("priority", column.priority());
        }
        return node;
    }

    private static void check(Class<?> resourceType, boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(resourceType.getName() + ": " + problem);
        }
    }
}
