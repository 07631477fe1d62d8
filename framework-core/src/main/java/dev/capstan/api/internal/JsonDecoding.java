package dev.capstan.api.internal;

import dev.capstan.api.IntOrString;
import dev.capstan.api.Quantity;
import dev.capstan.api.RawJson;
import java.io.Writer;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.Deserializers;
import tools.jackson.databind.node.NullNode;

/**
 * The streaming decoder behind the generated model records: each record has a static
 * {@code readJson(JsonParser, DeserializationContext)} that switches on property names and
 * decodes every component with the readers here, then calls its canonical constructor once.
 *
 * <h2>Implementation notes</h2> Profiles of {@code DecodeThroughput} showed Jackson's
 * property-based creator path (a {@code PropertyValueBuffer} per object, a hash lookup per
 * property, the record check per call, the argument array handed to the instantiator) at a
 * quarter to a third of decode time, and {@code RawJson} capture (a generator writing into a
 * synchronized {@code StringWriter}, then hashing kilobytes of text to deduplicate it) at
 * four tenths of a full Pod. The generated readers replace the first; {@link #rawJson} and
 * {@link StringPool#intern(char[], int, int)} the second.
 *
 * <p>Semantics are Jackson's, deliberately: every value the fast paths do not recognise (an
 * unusual token, a quantity with surrounding whitespace, a malformed timestamp, a number where
 * a string is expected) is handed to the deserializer Jackson would have used for the same
 * token, so coercions, {@code null} handling and error messages stay as they were. Errors get
 * their JSON Pointer the way Jackson's bean deserializer gives it ({@link #wrap}), constructor
 * failures (a wrong {@code kind}) go through {@code handleInstantiationProblem}, and unknown
 * properties are read by Jackson's untyped deserializer into {@code unknownFields}. The
 * annotations on the records stay: {@link #referenceModule} absent, Jackson reads them as
 * before, which the tests use to check that both paths produce equal records.
 *
 * <p>Not for use outside Capstan.
 */
public final class JsonDecoding {
    private JsonDecoding() {}

    /** Reads one value at the parser's current token (never {@code VALUE_NULL}: callers handle null). */
    @FunctionalInterface
    public interface Reader<T> {
        T read(JsonParser p, DeserializationContext c);
    }

    // ---- objects -----------------------------------------------------------------------------

    /**
     * Positions the parser for a record's property loop: returns the first property name, or
     * null for an empty object. A record is read from {@code START_OBJECT} or, as Jackson allows
     * (buffered content), from its first {@code PROPERTY_NAME}.
     */
    public static String firstName(JsonParser p, DeserializationContext c, Class<?> type) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            return p.nextName();
        }
        if (t == JsonToken.PROPERTY_NAME) {
            return p.currentName();
        }
        if (t == JsonToken.END_OBJECT) {
            return null;
        }
        c.handleUnexpectedToken(type, p);
        throw new IllegalStateException("unreachable: handleUnexpectedToken returned for " + type.getName());
    }

    /** Adds an unknown property, read as Jackson reads {@code Object} (strings pooled), to {@code fields}. */
    public static Map<String, Object> unknown(JsonParser p, DeserializationContext c, Map<String, Object> fields, String name) {
        Map<String, Object> map = fields != null ? fields : new LinkedHashMap<>();
        map.put(name, p.currentToken() == JsonToken.VALUE_NULL ? null : c.readValue(p, Object.class));
        return map;
    }

    /** Whether this decode skips {@code metadata.managedFields} ({@code DecodeOptions.forCache()}). */
    public static boolean stripManagedFields(DeserializationContext c) {
        return Boolean.TRUE.equals(c.getAttribute(ManagedFieldsFilter.ATTRIBUTE));
    }

    /** The exception Jackson's bean deserializer would throw: {@code e} with {@code property} prepended to its path. */
    public static JacksonException wrap(RuntimeException e, Class<?> type, String property) {
        return JacksonException.wrapWithPath(e, type, property);
    }

    /** The constructor failed (a wrong {@code kind}): reported as Jackson reports instantiation problems. */
    public static <T> T instantiationProblem(DeserializationContext c, Class<T> type, RuntimeException e) {
        c.handleInstantiationProblem(type, null, e);
        throw e; // handleInstantiationProblem always throws unless a problem handler says otherwise
    }

    // ---- collections -------------------------------------------------------------------------

    /**
     * A JSON array as an unmodifiable list ({@code null} elements kept), built without the
     * intermediate copies {@code Immutables.list} would otherwise make.
     */
    public static <T> List<T> list(JsonParser p, DeserializationContext c, Reader<T> element) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            c.handleUnexpectedToken(List.class, p);
            return null;
        }
        Object[] items = null;
        int n = 0;
        boolean nulls = false;
        for (int index = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; index++) {
            Object value;
            try {
                value = t == JsonToken.VALUE_NULL ? nullValue(element) : element.read(p, c);
            } catch (RuntimeException e) {
                throw JacksonException.wrapWithPath(e, List.class, index);
            }
            nulls |= value == null;
            if (items == null) {
                items = new Object[4];
            } else if (n == items.length) {
                items = Arrays.copyOf(items, n * 2);
            }
            items[n++] = value;
        }
        return freezeList(items, n, nulls);
    }

    /** What Jackson puts in a collection for a JSON {@code null}: {@code null}, or a {@code NullNode} in trees. */
    private static Object nullValue(Reader<?> reader) {
        return reader == TREE ? NullNode.getInstance() : null;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> freezeList(Object[] items, int n, boolean nulls) {
        if (n == 0) {
            return List.of();
        }
        if (nulls) {
            return (List<T>) java.util.Collections.unmodifiableList(new java.util.ArrayList<>(Arrays.asList(items).subList(0, n)));
        }
        switch (n) {
            case 1:
                return (List<T>) List.of(items[0]);
            case 2:
                return (List<T>) List.of(items[0], items[1]);
            default:
                return (List<T>) List.of(n == items.length ? items : Arrays.copyOf(items, n));
        }
    }

    /** A JSON object with values of one type as a {@link SortedArrayMap} (what {@code Immutables.map} would build). */
    public static <T> Map<String, T> map(JsonParser p, DeserializationContext c, Reader<T> valueReader) {
        JsonToken t = p.currentToken();
        String name;
        if (t == JsonToken.VALUE_NULL) {
            return null;
        } else if (t == JsonToken.START_OBJECT) {
            name = p.nextName();
        } else if (t == JsonToken.PROPERTY_NAME) {
            name = p.currentName();
        } else {
            c.handleUnexpectedToken(Map.class, p);
            return null;
        }
        String[] keys = null;
        Object[] values = null;
        int n = 0;
        boolean sorted = true;
        for (; name != null; name = p.nextName()) {
            t = p.nextToken();
            Object value;
            try {
                value = t == JsonToken.VALUE_NULL ? nullValue(valueReader) : valueReader.read(p, c);
            } catch (RuntimeException e) {
                throw JacksonException.wrapWithPath(e, Map.class, name);
            }
            if (keys == null) {
                keys = new String[8];
                values = new Object[8];
            } else if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            sorted &= n == 0 || keys[n - 1].compareTo(name) < 0;
            keys[n] = name;
            values[n++] = value;
        }
        return SortedArrayMap.ofEntries(keys, values, n, sorted);
    }

    // ---- scalars -----------------------------------------------------------------------------

    /** Jackson's own deserializer for {@code type} at the current token: the slow path, and the source of error messages. */
    public static <T> T jackson(JsonParser p, DeserializationContext c, Class<T> type) {
        return c.readValue(p, type);
    }

    public static final Reader<String> STRING = JsonDecoding::string;
    public static final Reader<Integer> INT32 = JsonDecoding::int32;
    public static final Reader<Long> INT64 = JsonDecoding::int64;
    public static final Reader<Double> FLOAT64 = JsonDecoding::float64;
    public static final Reader<Boolean> BOOL = JsonDecoding::bool;
    public static final Reader<Instant> TIME = JsonDecoding::time;
    public static final Reader<Quantity> QUANTITY = JsonDecoding::quantity;
    public static final Reader<IntOrString> INT_OR_STRING = JsonDecoding::intOrString;
    public static final Reader<RawJson> RAW_JSON = JsonDecoding::rawJson;
    public static final Reader<JsonNode> TREE = JsonDecoding::tree;

    /** A string, pooled ({@link StringPool}) without first materializing it when an equal one is pooled. */
    public static String string(JsonParser p, DeserializationContext c) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return StringPool.intern(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
        }
        return t == JsonToken.VALUE_NULL ? null : c.readValue(p, String.class);
    }

    public static Integer int32(JsonParser p, DeserializationContext c) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        return t == JsonToken.VALUE_NULL ? null : c.readValue(p, Integer.class);
    }

    public static Long int64(JsonParser p, DeserializationContext c) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
        }
        return t == JsonToken.VALUE_NULL ? null : c.readValue(p, Long.class);
    }

    public static Double float64(JsonParser p, DeserializationContext c) {
        JsonToken t = p.currentToken();
        return t == JsonToken.VALUE_NULL ? null : c.readValue(p, Double.class);
    }

    public static Boolean bool(JsonParser p, DeserializationContext c) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        return t == JsonToken.VALUE_NULL ? null : c.readValue(p, Boolean.class);
    }

    private static final TimeCodecs.InstantDeserializer INSTANT = new TimeCodecs.InstantDeserializer();

    /** {@code Time} and {@code MicroTime}: the server's two forms parsed from the token's characters. */
    public static Instant time(JsonParser p, DeserializationContext c) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            Instant fast = TimeCodecs.parseUtc(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
            if (fast != null) {
                return fast;
            }
        }
        return t == JsonToken.VALUE_NULL ? null : INSTANT.deserialize(p, c);
    }

    public static Quantity quantity(JsonParser p, DeserializationContext c) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            int length = p.getStringLength();
            char[] chars = p.getStringCharacters();
            int offset = p.getStringOffset();
            if (length > 0 && chars[offset] > ' ' && chars[offset + length - 1] > ' ') {
                try {
                    return Quantity.parse(StringPool.intern(chars, offset, length)); // as Quantity's @JsonCreator, minus strip()
                } catch (IllegalArgumentException notAQuantity) {
                    // Jackson's path below reports it with the same message
                }
            }
        }
        return t == JsonToken.VALUE_NULL ? null : c.readValue(p, Quantity.class);
    }

    public static IntOrString intOrString(JsonParser p, DeserializationContext c) {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return IntOrString.of(StringPool.intern(p.getStringCharacters(), p.getStringOffset(), p.getStringLength()));
        }
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return IntOrString.of(p.getIntValue());
        }
        return t == JsonToken.VALUE_NULL ? null : c.readValue(p, IntOrString.class);
    }

    /** Free-form JSON; {@code null} is a {@code NullNode}, as Jackson's tree deserializer makes it. */
    public static JsonNode tree(JsonParser p, DeserializationContext c) {
        return p.currentToken() == JsonToken.VALUE_NULL ? NullNode.getInstance() : c.readValue(p, JsonNode.class);
    }

    /**
     * The value's tokens copied into compact text by Jackson's generator (so the text is exactly
     * what {@code RawJson}'s own deserializer produced), through an unsynchronized buffer, then
     * deduplicated from the buffer ({@link StringPool#internLarge(char[], int)}): text equal to a
     * pooled one is never turned into a new string.
     */
    public static RawJson rawJson(JsonParser p, DeserializationContext c) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        CharBuffer out = new CharBuffer();
        try (JsonGenerator gen = dev.capstan.api.KubernetesJson.mapper().createGenerator(out)) {
            gen.copyCurrentStructure(p);
        }
        return RawJson.of(StringPool.internLarge(out.chars, out.length));
    }

    /** A growable, unsynchronized writer (StringWriter's StringBuffer locks on every write). */
    private static final class CharBuffer extends Writer {
        char[] chars = new char[512];
        int length;

        @Override
        public void write(char[] source, int offset, int count) {
            if (length + count > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + count));
            }
            System.arraycopy(source, offset, chars, length, count);
            length += count;
        }

        @Override
        public void write(String source, int offset, int count) {
            if (length + count > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + count));
            }
            source.getChars(offset, offset + count, chars, length);
            length += count;
        }

        @Override
        public void write(int ch) {
            write(new char[] {(char) ch}, 0, 1);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    // ---- registration ------------------------------------------------------------------------

    /** Finds the generated {@code readJson} of model records, so that Jackson uses it for them. */
    public static Deserializers deserializers() {
        return new Deserializers.Base() {
            @Override
            public ValueDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                    BeanDescription.Supplier description) {
                Class<?> raw = type.getRawClass();
                if (!raw.isRecord() || !raw.getName().startsWith("dev.capstan.api.")) {
                    return null;
                }
                try {
                    MethodHandle read = MethodHandles.publicLookup()
                            .findStatic(raw, "readJson", MethodType.methodType(raw, JsonParser.class, DeserializationContext.class))
                            .asType(MethodType.methodType(Object.class, JsonParser.class, DeserializationContext.class));
                    return new Generated(raw, read);
                } catch (NoSuchMethodException | IllegalAccessException notGenerated) {
                    return null;
                }
            }

            @Override
            public boolean hasDeserializerFor(DeserializationConfig config, Class<?> valueType) {
                return false;
            }
        };
    }

    /** Jackson's view of one generated {@code readJson}. */
    private static final class Generated extends ValueDeserializer<Object> {
        private final Class<?> type;
        private final MethodHandle read;

        Generated(Class<?> type, MethodHandle read) {
            this.type = type;
            this.read = read;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext c) {
            try {
                return (Object) read.invokeExact(p, c);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e); // readJson declares no checked exceptions
            }
        }

        @Override
        public Class<?> handledType() {
            return type;
        }
    }
}
