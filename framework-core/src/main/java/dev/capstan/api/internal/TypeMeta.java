package dev.capstan.api.internal;

/** The {@code apiVersion}/{@code kind} rule of generated kinds: absent is filled in, different is refused. */
public final class TypeMeta {
    private TypeMeta() {}

    /**
     * Returns {@code expected} when {@code actual} is null or equal to it.
     *
     * @throws IllegalArgumentException naming the field, the value found and the one expected
     */
    public static String check(String actual, String expected, String field, String kind) {
        if (actual == null || actual.equals(expected)) {
            return expected;
        }
        throw new IllegalArgumentException(field + " is '" + actual + "', but " + kind + " has " + field + " '" + expected
                + "'; decode it as the type its " + field + " names (or as Unstructured)");
    }
}
