package dev.capstan.api.internal;

import java.util.Arrays;
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

    /**
     * Like {@link #intern(String)} for the characters {@code chars[offset, offset + length)}
     * (a parser's buffer): when the pool holds an equal string, no string is created at all.
     */
    public static String intern(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        int h = 0; // String.hashCode's formula, so the slot is the one intern(String) uses
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + chars[i];
        }
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String existing = TABLE[slot];
        if (existing != null && existing.length() == length && existing.hashCode() == h && sameChars(existing, chars, offset)) {
            return existing;
        }
        String value = new String(chars, offset, length);
        TABLE[slot] = value;
        return value;
    }

    private static boolean sameChars(String s, char[] chars, int offset) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
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

    /** A pooled long text with its characters, compared without creating a string. */
    private record Large(String text, char[] chars) {}

    private static final Large[] LARGE_CHARS = new Large[LARGE_SLOTS];

    /**
     * Like {@link #internLarge(String)} for the first {@code length} characters of
     * {@code chars} (a decoder's buffer), with its own table. The slot comes from a sample of
     * at most about 64 characters plus the length rather than {@code String.hashCode}, which on
     * JDK 17 is a scalar loop over every character and was a tenth of the time of decoding a
     * Pod with its managedFields; equality is then checked in full with a vectorized
     * comparison, so a sampled collision only costs deduplication.
     */
    public static String internLarge(char[] chars, int length) {
        if (length <= MAX_LENGTH) {
            return intern(chars, 0, length);
        }
        if (length > LARGE_MAX_LENGTH) {
            return new String(chars, 0, length);
        }
        int step = Math.max(1, length >>> 6);
        int h = length;
        for (int i = 0; i < length; i += step) {
            h = 31 * h + chars[i];
        }
        h = 31 * h + chars[length - 1];
        int slot = (h ^ (h >>> 16)) & (LARGE_SLOTS - 1);
        Large existing = LARGE_CHARS[slot];
        if (existing != null && Arrays.equals(existing.chars, 0, existing.chars.length, chars, 0, length)) {
            return existing.text;
        }
        char[] copy = Arrays.copyOf(chars, length);
        String text = new String(copy);
        LARGE_CHARS[slot] = new Large(text, copy);
        return text;
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return intern(p.getString());
        }
        return StringDeserializer.instance.deserialize(p, ctxt); // numbers, booleans, null: Jackson's rules
    }
}
