package dev.capstan.api.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;

/**
 * Kubernetes timestamps as {@link Instant}: {@code Time} is RFC 3339 with whole seconds
 * ({@code 2024-05-01T10:00:00Z}), {@code MicroTime} has exactly six fractional digits
 * ({@code 2024-05-01T10:00:00.123456Z}). Reading accepts any RFC 3339 offset and fraction;
 * writing produces the server's own form, so a value read from the server is written back
 * unchanged.
 */
public final class TimeCodecs {
    private static final DateTimeFormatter MICRO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(java.time.ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private TimeCodecs() {}

    /** Parses RFC 3339; the message of the exception names the value. */
    public static Instant parse(String text) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 timestamp (like 2024-05-01T10:00:00Z)");
        }
    }

    public static String formatTime(Instant instant) {
        return SECONDS.format(instant);
    }

    public static String formatMicroTime(Instant instant) {
        return MICRO.format(instant);
    }

    /** Reads either form. */
    public static final class InstantDeserializer extends ValueDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getString();
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, e.getMessage());
            }
        }
    }

    /** Writes {@code Time}: whole seconds. */
    public static final class TimeSerializer extends ValueSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(formatTime(value));
        }
    }

    /** Writes {@code MicroTime}: six fractional digits. */
    public static final class MicroTimeSerializer extends ValueSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(formatMicroTime(value));
        }
    }
}
