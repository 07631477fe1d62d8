package dev.capstan.crd;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.capstan.api.IntOrString;
import dev.capstan.api.Quantity;
import dev.capstan.api.RawJson;
import dev.capstan.crd.GenericTypes.Bound;
import dev.capstan.crd.GenericTypes.Resolved;
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
import dev.capstan.crd.schema.Required;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Derives the structural OpenAPI v3 schema of one custom-resource class: the engine behind
 * {@link CrdGenerator}. One instance serves one call; it is not thread-safe.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Types.</b> Everything is walked as {@link AnnotatedType}s, never plain
 * {@link Type}s, because the value annotations of {@code dev.capstan.crd.schema} are type-use
 * annotations: {@code List<@Pattern("…") String>} puts the pattern on the items. A
 * {@link Bound} pairs an annotated type with the type-variable bindings of the class it was
 * written in, so {@code record Page<T>(List<T> items)} used as {@code Page<@Minimum(1) Integer>}
 * resolves {@code T} to the annotated {@code Integer} of the use site.
 * {@link GenericTypes#resolve} follows variables and wildcards to a concrete type and collects
 * every annotated type met on the way (use site first), which is where {@link #find} looks
 * for annotations; a record or class
 * declaration contributes {@code @Description} and {@code @PreserveUnknownFields} last, as
 * defaults for every use.
 *
 * <p><b>Structural rules</b> (what the API server demands, apiextensions "structural
 * schema"): every node has a {@code type}, except nodes marked
 * {@code x-kubernetes-int-or-string} (which carry {@code anyOf: [integer, string]}) or
 * {@code x-kubernetes-preserve-unknown-fields}; the root's {@code metadata} is just
 * {@code type: object}; and no schema may refer to itself. Untyped Java values ({@code Object},
 * {@code JsonNode}, {@code RawJson}) therefore become a preserve-unknown node without a type,
 * and untyped maps {@code type: object} with preserve-unknown.
 *
 * <p><b>Recursion.</b> {@link #expanding} holds the object types on the current path, keyed
 * by their canonical generic form (so {@code Box<Box<String>>} is not mistaken for a cycle),
 * with the path where each was entered; meeting one again is a cycle. {@link #MAX_DEPTH}
 * stops generic types that grow without repeating ({@code Node<T>(Node<List<T>> next)}).
 *
 * <p><b>Errors</b> are {@link IllegalArgumentException}s reading
 * {@code <resource class>: <property path>: <problem>}; the path is dotted, with {@code []}
 * for array items and {@code {}} for map values ({@code spec.rules[].ports{}}).
 */
final class SchemaMapper {
    static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";
    static final String INT_OR_STRING = "x-kubernetes-int-or-string";

    /** The pattern Kubernetes publishes for {@code resource.Quantity} (as kubebuilder emits it). */
    static final String QUANTITY_PATTERN = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]"
            + "|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    private static final int MAX_DEPTH = GenericTypes.MAX_DEPTH;
    private static final Set<String> ROOT_RESERVED = Set.of("apiVersion", "kind", "metadata");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One JSON property of an object type. */
    private record Property(String name, Bound type, boolean required) {}

    /** The properties of an object type, and whether it keeps unknown fields ({@code @JsonAnySetter}). */
    private record Members(List<Property> properties, boolean preserveUnknown) {}

    private final Class<?> resource;
    /** Object types being expanded on the current path (canonical form → path entered at). */
    private final Map<String, String> expanding = new LinkedHashMap<>();
    /** Nesting depth of the current {@link #schema} call. */
    private int depth;

    SchemaMapper(Class<?> resource) {
        this.resource = resource;
    }

    /**
     * The {@code openAPIV3Schema} of the resource: {@code apiVersion}, {@code kind},
     * {@code metadata} as the API server requires, then every other property of the class.
     */
    ObjectNode rootSchema() {
        ObjectNode schema = NODES.objectNode();
        Description description = resource.getAnnotation(Description.class);
        if (description != null) {
            schema.put("description", description.value());
        }
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
        Members members = members(resource, Map.of(), "");
        expanding.put(resource.getName(), ""); // a spec that contains its own resource is a cycle too
        List<String> required = new ArrayList<>();
        for (Property property : members.properties()) {
            if (ROOT_RESERVED.contains(property.name())) {
                continue;
            }
            properties.set(property.name(), schema(property.type(), property.name(), List.of()));
            if (property.required()) {
                required.add(property.name());
            }
        }
        if (!required.isEmpty()) {
            ArrayNode array = schema.putArray("required");
            required.forEach(array::add);
        }
        if (members.preserveUnknown() || resource.isAnnotationPresent(PreserveUnknownFields.class)) {
            schema.put(PRESERVE, true);
        }
        return schema;
    }

    // ---- one node ----------------------------------------------------------------------------

    private ObjectNode schema(Bound bound, String path, List<AnnotatedType> inherited) {
        if (++depth > MAX_DEPTH) {
            throw fail(path, "nested more than " + MAX_DEPTH + " levels deep; does a generic type grow without end?");
        }
        try {
            Resolved resolved = GenericTypes.resolve(bound, inherited);
            if (resolved.raw() == Optional.class) {
                // Optional<T> is T, possibly absent; annotations on the Optional apply to T.
                return schema(GenericTypes.typeArgument(resolved, Optional.class, 0), path, resolved.sources());
            }
            ObjectNode schema = base(resolved, path);
            return constrain(schema, resolved, path);
        } finally {
            depth--;
        }
    }

    /** The schema of a resolved type, before its annotations are applied. */
    private ObjectNode base(Resolved r, String path) {
        Class<?> raw = r.raw();
        if (r.type() instanceof AnnotatedArrayType array) {
            if (raw == byte[].class) {
                return typed("string").put("format", "byte"); // Jackson writes byte[] as base64
            }
            return array(new Bound(array.getAnnotatedGenericComponentType(), r.bindings()), false, path);
        }
        if (raw == String.class || raw == char.class || raw == Character.class || raw == URI.class
                || raw == Duration.class) {
            return typed("string"); // Duration: Jackson writes ISO-8601 ("PT1M"), not Go's "1m"
        }
        if (raw == UUID.class) {
            return typed("string").put("format", "uuid");
        }
        if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class) {
            return typed("string").put("format", "date-time");
        }
        if (raw == LocalDate.class) {
            return typed("string").put("format", "date");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return typed("boolean");
        }
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
                || raw == byte.class || raw == Byte.class) {
            return typed("integer").put("format", "int32");
        }
        if (raw == long.class || raw == Long.class) {
            return typed("integer").put("format", "int64");
        }
        if (raw == BigInteger.class) {
            return typed("integer");
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
                || raw == BigDecimal.class) {
            return typed("number");
        }
        if (raw == Quantity.class) {
            return intOrString().put("pattern", QUANTITY_PATTERN);
        }
        if (raw == IntOrString.class) {
            return intOrString();
        }
        if (raw == Object.class || raw == RawJson.class || raw == JsonNode.class) {
            return NODES.objectNode().put(PRESERVE, true);
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            if (ObjectNode.class.isAssignableFrom(raw)) {
                return typed("object").put(PRESERVE, true);
            }
            if (ArrayNode.class.isAssignableFrom(raw)) {
                ObjectNode schema = typed("array");
                schema.putObject("items").put(PRESERVE, true);
                return schema;
            }
            return NODES.objectNode().put(PRESERVE, true);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return array(GenericTypes.typeArgument(r, Collection.class, 0), Set.class.isAssignableFrom(raw), path);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return map(r, path);
        }
        AnnotatedElement jsonValue = jsonValue(raw);
        if (raw.isEnum()) {
            return enumeration(raw, jsonValue, path);
        }
        if (jsonValue != null) {
            AnnotatedType valueType = jsonValue instanceof Method method ? method.getAnnotatedReturnType()
                    : ((Field) jsonValue).getAnnotatedType();
            return schema(new Bound(valueType, GenericTypes.bindingsOf(raw, r.type(), r.bindings())), path, List.of());
        }
        String unmappable = unmappable(raw);
        if (unmappable != null) {
            throw fail(path, "cannot map " + r.type().getType().getTypeName() + " to a schema: " + unmappable);
        }
        return object(r, path);
    }

    private ObjectNode array(Bound item, boolean set, String path) {
        ObjectNode schema = typed("array");
        ObjectNode items = schema(item, path + "[]", List.of());
        schema.set("items", items);
        String itemType = items.path("type").asString("");
        if (set && !items.has(INT_OR_STRING) && Set.of("string", "integer", "number", "boolean").contains(itemType)) {
            schema.put("x-kubernetes-list-type", "set"); // the server then rejects duplicates, as a Set would
        }
        return schema;
    }

    private ObjectNode map(Resolved r, String path) {
        Resolved key = GenericTypes.resolve(GenericTypes.typeArgument(r, Map.class, 0), List.of());
        if (key.raw() != String.class) {
            throw fail(path, "Map keys must be strings, got " + simpleName(key.type().getType()));
        }
        for (AnnotatedType source : key.sources()) {
            for (Annotation annotation : source.getAnnotations()) {
                if (annotation.annotationType().getPackage() == Description.class.getPackage()) {
                    throw fail(path, "@" + annotation.annotationType().getSimpleName() + " on a map key is not supported: "
                            + "a structural schema cannot constrain keys");
                }
            }
        }
        Bound value = GenericTypes.typeArgument(r, Map.class, 1);
        Class<?> valueRaw = GenericTypes.resolve(value, List.of()).raw();
        if (valueRaw == Object.class || valueRaw == JsonNode.class || valueRaw == RawJson.class) {
            return typed("object").put(PRESERVE, true);
        }
        ObjectNode schema = typed("object");
        schema.set("additionalProperties", schema(value, path + "{}", List.of()));
        return schema;
    }

    private ObjectNode enumeration(Class<?> type, @Nullable AnnotatedElement jsonValue, String path) {
        ArrayNode values = NODES.arrayNode();
        String valueType = "string";
        for (Object constant : type.getEnumConstants()) {
            Enum<?> e = (Enum<?>) constant;
            Field field;
            try {
                field = type.getField(e.name());
            } catch (NoSuchFieldException impossible) {
                throw new IllegalStateException(impossible);
            }
            if (field.isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            if (jsonValue != null) {
                Object value = invoke(jsonValue, constant, path);
                if (value instanceof String s) {
                    values.add(s);
                } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                    values.add(integer(((Number) value).longValue()));
                    valueType = "integer";
                } else {
                    throw fail(path, "the @JsonValue of enum " + type.getSimpleName() + " gives " + value
                            + "; only strings and integers are supported");
                }
                continue;
            }
            JsonProperty property = field.getAnnotation(JsonProperty.class);
            values.add(property != null && !property.value().isEmpty() ? property.value() : e.name());
        }
        ObjectNode schema = typed(valueType);
        schema.set("enum", values);
        return schema;
    }

    private ObjectNode object(Resolved r, String path) {
        String key = GenericTypes.canonical(r.type(), r.bindings(), 0);
        String first = expanding.putIfAbsent(key, path);
        if (first != null) {
            throw fail(path, r.raw().getSimpleName() + " contains itself (entered at " + (first.isEmpty() ? "the root" : first)
                    + "); a structural schema cannot be recursive: break the cycle, for example with a JsonNode "
                    + "property, which the API server stores unvalidated");
        }
        try {
            Members members = members(r.raw(), GenericTypes.bindingsOf(r.raw(), r.type(), r.bindings()), path);
            ObjectNode schema = typed("object");
            if (!members.properties().isEmpty()) {
                ObjectNode properties = schema.putObject("properties");
                List<String> required = new ArrayList<>();
                for (Property property : members.properties()) {
                    properties.set(property.name(), schema(property.type(), join(path, property.name()), List.of()));
                    if (property.required()) {
                        required.add(property.name());
                    }
                }
                if (!required.isEmpty()) {
                    ArrayNode array = schema.putArray("required");
                    required.forEach(array::add);
                }
            }
            if (members.preserveUnknown()) {
                schema.put(PRESERVE, true);
            }
            return schema;
        } finally {
            expanding.remove(key);
        }
    }

    // ---- annotations --------------------------------------------------------------------------

    /** Applies the value annotations found on {@code r} to {@code schema}, checking that each fits. */
    private ObjectNode constrain(ObjectNode schema, Resolved r, String path) {
        String category = category(schema);
        Minimum minimum = find(r, Minimum.class);
        Maximum maximum = find(r, Maximum.class);
        if (minimum != null || maximum != null) {
            expect(path, minimum != null ? "@Minimum" : "@Maximum", category, "integer", "number", "int-or-string");
            if (minimum != null && maximum != null && minimum.value() > maximum.value()) {
                throw fail(path, "@Minimum(" + minimum.value() + ") is greater than @Maximum(" + maximum.value() + ")");
            }
            if (minimum != null) {
                schema.set("minimum", number(minimum.value()));
                if (minimum.exclusive()) {
                    schema.put("exclusiveMinimum", true);
                }
            }
            if (maximum != null) {
                schema.set("maximum", number(maximum.value()));
                if (maximum.exclusive()) {
                    schema.put("exclusiveMaximum", true);
                }
            }
        }
        Pattern pattern = find(r, Pattern.class);
        if (pattern != null) {
            expect(path, "@Pattern", category, "string", "int-or-string");
            try {
                java.util.regex.Pattern.compile(pattern.value());
            } catch (PatternSyntaxException e) {
                throw fail(path, "@Pattern(\"" + pattern.value() + "\") is not a valid regular expression: " + e.getDescription());
            }
            schema.put("pattern", pattern.value());
        }
        MinLength minLength = find(r, MinLength.class);
        MaxLength maxLength = find(r, MaxLength.class);
        bounds(schema, path, category, minLength == null ? null : minLength.value(), maxLength == null ? null : maxLength.value(),
                "@MinLength", "@MaxLength", "minLength", "maxLength", "string", "int-or-string");
        MinItems minItems = find(r, MinItems.class);
        MaxItems maxItems = find(r, MaxItems.class);
        bounds(schema, path, category, minItems == null ? null : minItems.value(), maxItems == null ? null : maxItems.value(),
                "@MinItems", "@MaxItems", "minItems", "maxItems", "array");
        if (find(r, PreserveUnknownFields.class) != null || r.raw().isAnnotationPresent(PreserveUnknownFields.class)) {
            expect(path, "@PreserveUnknownFields", category, "object", "any");
            schema.put(PRESERVE, true);
        }
        Default defaultValue = find(r, Default.class);
        if (defaultValue != null) {
            schema.set("default", defaultValue(defaultValue.value(), schema, category, path));
        }
        Description description = find(r, Description.class);
        if (description == null) {
            description = r.raw().getAnnotation(Description.class);
        }
        if (description != null) {
            ObjectNode described = NODES.objectNode().put("description", description.value());
            described.setAll(schema);
            return described;
        }
        return schema;
    }

    private void bounds(ObjectNode schema, String path, String category, @Nullable Long min, @Nullable Long max,
            String minName, String maxName, String minKey, String maxKey, String... categories) {
        if (min == null && max == null) {
            return;
        }
        expect(path, min != null ? minName : maxName, category, categories);
        if (min != null && min < 0 || max != null && max < 0) {
            throw fail(path, (min != null && min < 0 ? minName + "(" + min : maxName + "(" + max) + ") must not be negative");
        }
        if (min != null && max != null && min > max) {
            throw fail(path, minName + "(" + min + ") is greater than " + maxName + "(" + max + ")");
        }
        if (min != null) {
            schema.set(minKey, integer(min));
        }
        if (max != null) {
            schema.set(maxKey, integer(max));
        }
    }

    private JsonNode defaultValue(String literal, ObjectNode schema, String category, String path) {
        JsonNode value;
        if (category.equals("string") && !literal.startsWith("\"")) {
            value = NODES.stringNode(literal);
        } else {
            try {
                value = JSON.readTree(literal);
            } catch (JacksonException e) {
                throw fail(path, "@Default(\"" + literal + "\") is not a JSON literal: " + e.getOriginalMessage());
            }
            if (value == null || value.isMissingNode()) {
                throw fail(path, "@Default(\"" + literal + "\") is empty; write a JSON literal");
            }
        }
        boolean fits = switch (category) {
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            case "int-or-string" -> value.isIntegralNumber() || value.isString();
            default -> true;
        };
        if (!fits) {
            throw fail(path, "@Default(\"" + literal + "\") is not " + article(category));
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null) {
            boolean listed = false;
            for (JsonNode candidate : allowed) {
                listed |= candidate.equals(value);
            }
            if (!listed) {
                throw fail(path, "@Default(\"" + literal + "\") is not one of " + allowed);
            }
        }
        return value;
    }

    private void expect(String path, String annotation, String category, String... allowed) {
        if (!List.of(allowed).contains(category)) {
            String what = switch (annotation) {
                case "@Minimum", "@Maximum" -> "integers and numbers";
                case "@Pattern", "@MinLength", "@MaxLength" -> "strings";
                case "@MinItems", "@MaxItems" -> "lists, sets and arrays (for a Java array write String "
                        + annotation + "(n) [], as " + annotation + "(n) String[] annotates the element type)";
                default -> "objects";
            };
            throw fail(path, annotation + " applies to " + what + ", not to " + article(category));
        }
    }

    /** The first annotation of this kind along the resolution of {@code r}, use site first. */
    private static <A extends Annotation> @Nullable A find(Resolved r, Class<A> kind) {
        for (AnnotatedType type : r.sources()) {
            A annotation = type.getAnnotation(kind);
            if (annotation != null) {
                return annotation;
            }
        }
        return null;
    }

    // ---- properties ---------------------------------------------------------------------------

    /**
     * The JSON properties of a record (its components) or class (its non-static, non-transient
     * fields, superclass first), honouring {@code @JsonProperty}, {@code @JsonIgnore},
     * {@code @JsonIgnoreProperties} and {@code @JsonAnySetter}.
     */
    private Members members(Class<?> type, Map<TypeVariable<?>, Bound> bindings, String path) {
        Map<String, Property> properties = new LinkedHashMap<>();
        boolean preserve = false;
        JsonIgnoreProperties ignoredNames = type.getAnnotation(JsonIgnoreProperties.class);
        Set<String> ignored = ignoredNames == null ? Set.of() : Set.of(ignoredNames.value());
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                Field field = declaredField(type, component.getName());
                AnnotatedElement[] declarations = field == null
                        ? new AnnotatedElement[] {component, component.getAccessor()}
                        : new AnnotatedElement[] {component, field, component.getAccessor()};
                preserve |= member(properties, ignored, component.getName(), new Bound(component.getAnnotatedType(), bindings),
                        path, declarations);
            }
        } else {
            Deque<Map.Entry<Class<?>, Map<TypeVariable<?>, Bound>>> levels = new ArrayDeque<>();
            Class<?> level = type;
            Map<TypeVariable<?>, Bound> levelBindings = bindings;
            while (level != null && level != Object.class && unmappable(level) == null) {
                levels.push(Map.entry(level, levelBindings));
                AnnotatedType superType = level.getAnnotatedSuperclass();
                if (superType == null) {
                    break;
                }
                level = GenericTypes.erasure(superType.getType());
                levelBindings = GenericTypes.bindingsOf(level, superType, levelBindings);
            }
            for (Map.Entry<Class<?>, Map<TypeVariable<?>, Bound>> entry : levels) {
                for (Field field : entry.getKey().getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                        continue;
                    }
                    preserve |= member(properties, ignored, field.getName(), new Bound(field.getAnnotatedType(), entry.getValue()),
                            path, field);
                }
            }
        }
        return new Members(List.copyOf(properties.values()), preserve);
    }

    /** Adds one member to {@code properties}; returns whether it is an any-setter (unknown fields kept). */
    private boolean member(Map<String, Property> properties, Set<String> ignored, String javaName, Bound type, String path,
            AnnotatedElement... declarations) {
        JsonIgnore ignore = annotation(JsonIgnore.class, declarations);
        if (ignore != null && ignore.value()) {
            return false;
        }
        if (annotation(JsonAnySetter.class, declarations) != null || annotation(JsonAnyGetter.class, declarations) != null) {
            return true;
        }
        if (annotation(JsonUnwrapped.class, declarations) != null) {
            throw fail(join(path, javaName), "@JsonUnwrapped is not supported; nest the properties instead");
        }
        JsonProperty json = annotation(JsonProperty.class, declarations);
        String name = json != null && !json.value().isEmpty() ? json.value() : javaName;
        if (ignored.contains(name)) {
            return false;
        }
        boolean required = annotation(Required.class, declarations) != null || json != null && json.required();
        Property previous = properties.putIfAbsent(name, new Property(name, type, required));
        if (previous != null) {
            throw fail(join(path, name), "two members are named \"" + name + "\" in JSON");
        }
        return false;
    }

    private static <A extends Annotation> @Nullable A annotation(Class<A> kind, AnnotatedElement... elements) {
        for (AnnotatedElement element : elements) {
            A annotation = element.getAnnotation(kind);
            if (annotation != null) {
                return annotation;
            }
        }
        return null;
    }

    private static @Nullable Field declaredField(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    /** The method or field a type is serialized as ({@code @JsonValue}), if any. */
    private static @Nullable AnnotatedElement jsonValue(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class && c != Enum.class && c != Record.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                JsonValue value = method.getAnnotation(JsonValue.class);
                if (value != null && value.value() && method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())) {
                    return method;
                }
            }
            for (Field field : c.getDeclaredFields()) {
                JsonValue value = field.getAnnotation(JsonValue.class);
                if (value != null && value.value() && !Modifier.isStatic(field.getModifiers())) {
                    return field;
                }
            }
        }
        return null;
    }

    private Object invoke(AnnotatedElement member, Object target, String path) {
        try {
            if (member instanceof Method method) {
                method.setAccessible(true);
                return method.invoke(target);
            }
            Field field = (Field) member;
            field.setAccessible(true);
            return field.get(target);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw fail(path, "cannot read the @JsonValue of " + target + ": " + e);
        }
    }

    /** Why a class cannot be an object schema, or {@code null} when it can. */
    private static @Nullable String unmappable(Class<?> type) {
        String name = type.getName();
        if (type.isPrimitive() || name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                || name.startsWith("sun.") || name.startsWith("com.sun.")) {
            return "the generator maps only the JDK types listed in docs/custom-resources.md; use a record of your own";
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return "an interface or abstract class has no fixed properties; use a record, or JsonNode for free-form data";
        }
        return null;
    }

    // ---- small helpers ------------------------------------------------------------------------

    private IllegalArgumentException fail(String path, String problem) {
        return new IllegalArgumentException(resource.getName() + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }

    private static ObjectNode typed(String type) {
        return NODES.objectNode().put("type", type);
    }

    private static ObjectNode intOrString() {
        ObjectNode schema = NODES.objectNode();
        ArrayNode anyOf = schema.putArray("anyOf");
        anyOf.addObject().put("type", "integer");
        anyOf.addObject().put("type", "string");
        return schema.put(INT_OR_STRING, true);
    }

    /** What kind of value a schema node holds: its type, {@code int-or-string}, or {@code any}. */
    private static String category(ObjectNode schema) {
        if (schema.has(INT_OR_STRING)) {
            return "int-or-string";
        }
        JsonNode type = schema.get("type");
        return type == null ? "any" : type.asString();
    }

    private static String article(String category) {
        return switch (category) {
            case "integer", "array", "object" -> "an " + category;
            case "int-or-string" -> "an int-or-string";
            case "any" -> "an untyped value";
            default -> "a " + category;
        };
    }

    /** A bound as JSON: whole values as integers ({@code 1}, not {@code 1.0}). */
    private static JsonNode number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? integer((long) value) : NODES.numberNode(value);
    }

    /** The smallest integer node for the value, as a JSON parser would produce it. */
    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String simpleName(Type type) {
        return type instanceof Class<?> c ? c.getSimpleName() : type.getTypeName();
    }
}
