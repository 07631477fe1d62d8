package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A JSON value kept as its compact text, for fields whose structure Capstan passes through
 * without interpreting ({@code managedFields[].fieldsV1}). A string is far smaller than a tree
 * of nodes, and it is written back unchanged.
 */
@JsonDeserialize(using = RawJson.Deserializer.class)
public final class RawJson {
    private final String json;

    private RawJson(String json) {
        this.json = json;
    }

    /** Wraps JSON text; the caller vouches that it is valid JSON. */
    public static RawJson of(String json) {
        return new RawJson(Objects.requireNonNull(json, "json"));
    }

    /** The JSON text. */
    @JsonValue
    @JsonRawValue
    public String json() {
        return json;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawJson that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json;
    }

    /**
     * Copies the value's tokens straight into compact text (no node tree is built), and
     * deduplicates the text: managedFields of objects from one controller are identical.
     */
    static final class Deserializer extends ValueDeserializer<RawJson> {
        @Override
        public RawJson deserialize(JsonParser p, DeserializationContext ctxt) {
            java.io.StringWriter text = new java.io.StringWriter(256);
            try (JsonGenerator gen = KubernetesJson.mapper().createGenerator(text)) {
                gen.copyCurrentStructure(p);
            }
            return new RawJson(dev.capstan.api.internal.StringPool.internLarge(text.toString()));
        }
    }
}
