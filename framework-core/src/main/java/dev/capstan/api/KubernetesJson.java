package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.capstan.api.internal.GoNumbers;
import dev.capstan.api.internal.JsonDecoding;
import dev.capstan.api.internal.ManagedFieldsFilter;
import dev.capstan.api.internal.RecordInstantiators;
import dev.capstan.api.internal.StringPool;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Encodes and decodes Kubernetes objects as JSON, the way the API server writes them.
 *
 * <ul>
 *   <li>Absent fields stay absent: {@code null} is never written.</li>
 *   <li>Fields the model does not know (from a newer server) are kept in each object's
 *       {@code unknownFields} and written back, so read-modify-write loses nothing.</li>
 *   <li>Short strings are deduplicated while decoding, so caches share repeated values.</li>
 *   <li>{@link DecodeOptions#forCache()} skips {@code metadata.managedFields} while parsing.</li>
 * </ul>
 *
 * <p>Decoding failures throw {@link DecodeException}, which names the target type, the JSON
 * Pointer of the bad value and what was wrong with it.
 *
 * <h2>Thread safety</h2> All methods are thread-safe; the mapper is shared and must not be
 * reconfigured.
 */
public final class KubernetesJson {

    /** How to decode. */
    public record DecodeOptions(boolean stripManagedFields) {
        /** Everything kept, for read-modify-write. */
        public static DecodeOptions defaults() {
            return new DecodeOptions(false);
        }

        /** {@code metadata.managedFields} skipped while parsing, for informer caches. */
        public static DecodeOptions forCache() {
            return new DecodeOptions(true);
        }
    }

    private static final JsonMapper MAPPER = mapper(true);

    /**
     * The same mapper without the generated readers: Jackson reads the records through their
     * annotations. Tests decode with both and compare; not used otherwise.
     */
    private static final class Reference {
        static final JsonMapper MAPPER = mapper(false);
    }

    /**
     * The codec's mapper. {@code generated}: model records are read by their generated
     * {@code readJson} ({@link JsonDecoding}); otherwise by Jackson's record support through the
     * records' annotations, the behaviour the generated readers reproduce.
     */
    private static JsonMapper mapper(boolean generated) {
        return JsonMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .addModule(new SimpleModule("capstan-values") {
                            @Override
                            public void setupModule(SetupContext context) {
                                super.setupModule(context);
                                context.addValueInstantiators(new RecordInstantiators());
                                if (generated) {
                                    context.addDeserializers(JsonDecoding.deserializers());
                                }
                            }
                        }
                        .addDeserializer(String.class, new StringPool())
                        .addSerializer(Double.class, new GoNumbers()))
                .build();
    }

    /** Decodes through Jackson's record support instead of the generated readers (for tests). */
    static <T> T decodeWithoutGeneratedReaders(String json, Class<T> type, DecodeOptions options) {
        ObjectReader reader = Reference.MAPPER.readerFor(type);
        ObjectReader configured = options.stripManagedFields() ? reader.withAttribute(ManagedFieldsFilter.ATTRIBUTE, Boolean.TRUE) : reader;
        return read(type, configured, r -> r.readValue(json));
    }

    private KubernetesJson() {}

    /** The configured mapper, for integrations (HTTP codecs); do not reconfigure it. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static <T> T decode(String json, Class<T> type) {
        return decode(json, type, DecodeOptions.defaults());
    }

    public static <T> T decode(String json, Class<T> type, DecodeOptions options) {
        Objects.requireNonNull(json, "json");
        return read(type, reader(MAPPER.constructType(type), options), r -> r.readValue(json));
    }

    public static <T> T decode(byte[] json, Class<T> type) {
        return decode(json, type, DecodeOptions.defaults());
    }

    public static <T> T decode(byte[] json, Class<T> type, DecodeOptions options) {
        Objects.requireNonNull(json, "json");
        return read(type, reader(MAPPER.constructType(type), options), r -> r.readValue(json));
    }

    /** Decodes into a parameterized type (for example a generic list of a custom type). */
    public static <T> T decode(byte[] json, JavaType type, DecodeOptions options) {
        Objects.requireNonNull(json, "json");
        return read(type.getRawClass(), reader(type, options), r -> r.readValue(json));
    }

    /**
     * Decodes the value at the parser's current token (for example the {@code object} of a watch
     * event, without building a tree first); the parser is left on the value's last token.
     */
    public static <T> T decode(tools.jackson.core.JsonParser parser, JavaType type, DecodeOptions options) {
        Objects.requireNonNull(parser, "parser");
        ObjectReader reader = READERS.computeIfAbsent(type, KubernetesJson::readers)[options.stripManagedFields() ? 3 : 2];
        return read(type.getRawClass(), reader, r -> r.readValue(parser));
    }

    /** Decodes a stream; the stream is not closed. */
    public static <T> T decode(InputStream json, Class<T> type, DecodeOptions options) {
        Objects.requireNonNull(json, "json");
        return read(type, reader(MAPPER.constructType(type), options), r -> r.readValue(json));
    }

    /** Decodes a stream into a parameterized type (for example a list arriving in chunks); the stream is not closed. */
    public static <T> T decode(InputStream json, JavaType type, DecodeOptions options) {
        Objects.requireNonNull(json, "json");
        return read(type.getRawClass(), reader(type, options), r -> r.readValue(json));
    }

    /** Runs one read, turning Jackson's exception into a {@link DecodeException} about {@code type}. */
    private static <T> T read(Class<?> type, ObjectReader reader, java.util.function.Function<ObjectReader, T> read) {
        try {
            return read.apply(reader);
        } catch (JacksonException e) {
            throw decodeError(type, e);
        }
    }

    /** Converts a JSON tree (for example an {@link Unstructured}'s content) to a model object. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            throw decodeError(type, e);
        }
    }

    public static String encode(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static byte[] encodeToBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * The object as a JSON tree (a new, mutable tree). Goes through serialized bytes so that
     * raw JSON values ({@link RawJson}) become real nodes rather than opaque embedded values.
     */
    public static JsonNode toTree(Object value) {
        return MAPPER.readTree(MAPPER.writeValueAsBytes(value));
    }

    /** Readers per target type, one for each option set; ObjectReader is immutable and thread-safe. */
    private static final java.util.concurrent.ConcurrentMap<JavaType, ObjectReader[]> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static ObjectReader reader(JavaType type, DecodeOptions options) {
        return READERS.computeIfAbsent(type, KubernetesJson::readers)[options.stripManagedFields() ? 1 : 0];
    }

    /** Whole-document readers (plain, stripping) and embedded-value readers that allow what follows the value. */
    private static ObjectReader[] readers(JavaType type) {
        ObjectReader plain = MAPPER.readerFor(type);
        ObjectReader strip = plain.withAttribute(ManagedFieldsFilter.ATTRIBUTE, Boolean.TRUE);
        return new ObjectReader[] {plain, strip,
            plain.without(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS),
            strip.without(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)};
    }

    static DecodeException decodeError(Class<?> type, JacksonException e) {
        String path = pointer(e.getPath());
        String problem = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
            problem = cause.getMessage();
        }
        StringBuilder message = new StringBuilder("cannot decode ").append(describe(type)).append(": ");
        if (e instanceof tools.jackson.core.exc.StreamReadException) {
            message.append("malformed JSON");
            TokenStreamLocation location = e.getLocation();
            if (location != null && location.getLineNr() > 0) {
                message.append(" at line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr());
            }
            message.append(path.isEmpty() ? "" : " (in " + path + ")");
        } else {
            message.append("at ").append(path.isEmpty() ? "the top level" : path);
        }
        message.append(": ").append(problem);
        return new DecodeException(message.toString(), path, e);
    }

    private static String describe(Class<?> type) {
        try {
            ResourceType<?> resource = ResourceType.of(type);
            return resource.apiVersion() + " " + resource.kind();
        } catch (IllegalArgumentException notAResource) {
            return type.getSimpleName();
        }
    }

    private static String pointer(List<JacksonException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            pointer.append('/');
            if (reference.getPropertyName() != null) {
                pointer.append(reference.getPropertyName().replace("~", "~0").replace("/", "~1"));
            } else if (reference.getIndex() >= 0) {
                pointer.append(reference.getIndex());
            } else {
                pointer.append('?');
            }
        }
        return pointer.toString();
    }
}
