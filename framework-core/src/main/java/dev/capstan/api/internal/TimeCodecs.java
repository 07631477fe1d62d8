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

    /**
     * Parses RFC 3339; the message of the exception names the value. The two forms the API
     * server writes ({@code 2024-05-01T10:00:00Z} and {@code 2024-05-01T10:00:00.123456Z}) take a
     * fast path without {@link DateTimeFormatter}; anything else goes through it.
     */
    public static Instant parse(String text) {
        Instant fast = parseUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 timestamp (like 2024-05-01T10:00:00Z)");
        }
    }

    /** {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z} by hand, or null when the text has another shape. */
    private static Instant parseUtc(String t) {
        return t.length() < 20 || t.length() > 30 ? null : parseUtc(t.toCharArray(), 0, t.length());
    }

    /**
     * The fast path of {@link #parse} on characters (a parser's buffer, so that the common forms
     * need no intermediate string): {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null when the text
     * has another shape (then {@link #parse} decides).
     */
    public static Instant parseUtc(char[] t, int o, int n) {
        if (n < 20 || n > 30 || t[o + n - 1] != 'Z' || t[o + 4] != '-' || t[o + 7] != '-' || t[o + 10] != 'T'
                || t[o + 13] != ':' || t[o + 16] != ':') {
            return null;
        }
        int year = digits(t, o, 4);
        int month = digits(t, o + 5, 2);
        int day = digits(t, o + 8, 2);
        int hour = digits(t, o + 11, 2);
        int minute = digits(t, o + 14, 2);
        int second = digits(t, o + 17, 2);
        int nanos = 0;
        if (n > 20) {
            if (t[o + 19] != '.' || n - 21 < 1 || n - 21 > 9) {
                return null;
            }
            int fraction = digits(t, o + 20, n - 21);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = n - 21; i < 9; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
            return null; // let the full parser produce its error (or handle leap seconds)
        }
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The non-negative number in {@code count} digits at {@code from}, or -1. */
    private static int digits(char[] t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
