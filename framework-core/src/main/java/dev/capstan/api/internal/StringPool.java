package dev.capstan.api.internal;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.ValueDeserializer;

/**
 * Deduplicates short string values while decoding, so that the thousands of
 * {@code "Running"}, {@code "True"}, image names and label values in an informer cache share
 * one instance each.
 *
 * <h2>Implementation notes</h2> A fixed table of 16,384 slots indexed by the string's hash: a
 * slot holding an equal string is reused, otherwise the new string takes the slot. Races
 * between threads only lose deduplication, never correctness (strings are immutable and slot
 * writes are atomic references). Strings longer than 128 characters are not pooled: they are
 * rarely repeated and would evict useful entries. This bounds the pool to a few hundred KiB.
 */
public final class StringPool extends ValueDeserializer<String> {
    private static final int SLOTS = 1 << 14;
    private static final int MAX_LENGTH = 128;
    private static final String[] TABLE = new String[SLOTS];

    /** Returns an equal pooled instance of {@code value}, pooling it when new. */
    public static String intern(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return value;
        }
        return pool(TABLE, value);
    }

    /** Returns the equal string in {@code value}'s slot of {@code table}, or puts {@code value} there. */
    private static String pool(String[] table, String value) {
        int h = value.hashCode();
        int slot = (h ^ (h >>> 16)) & (table.length - 1);
        String existing = table[slot];
        if (value.equals(existing)) {
            return existing;
        }
        table[slot] = value;
        return value;
    }

    private static final int LARGE_SLOTS = 1 << 10;
    private static final int LARGE_MAX_LENGTH = 64 * 1024;
    private static final String[] LARGE = new String[LARGE_SLOTS];

    /**
     * Like {@link #intern} for long texts that repeat verbatim across objects (the
     * managedFields trie of every Pod of one ReplicaSet): a separate table of 1,024 slots, texts
     * up to 64 KiB.
     */
    public static String internLarge(String value) {
        if (value.length() <= MAX_LENGTH) {
            return intern(value);
        }
        return value.length() > LARGE_MAX_LENGTH ? value : pool(LARGE, value);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return intern(p.getString());
        }
        return StringDeserializer.instance.deserialize(p, ctxt); // numbers, booleans, null: Jackson's rules
    }
}
