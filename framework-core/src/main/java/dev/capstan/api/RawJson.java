package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
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

    static final class Deserializer extends ValueDeserializer<RawJson> {
        @Override
        public RawJson deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode tree = ctxt.readTree(p);
            return new RawJson(tree.toString());
        }
    }
}
