package dev.capstan.api.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Immutable copies for model records' compact constructors. {@code null} stays {@code null}
 * (an absent field is not invented), and a copy of an already immutable collection made here
 * is returned as is.
 */
public final class Immutables {
    private Immutables() {}

    /**
     * An unmodifiable copy of {@code list}, nested lists and maps included; null elements are
     * kept (JSON may carry them).
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> list(List<T> list) {
        if (list == null) {
            return null;
        }
        if (list.isEmpty()) {
            return List.of();
        }
        boolean nulls = false;
        boolean nested = false;
        for (T element : list) {
            nulls |= element == null;
            nested |= element instanceof List || element instanceof Map;
        }
        if (nested) {
            List<Object> copy = new ArrayList<>(list.size());
            for (T element : list) {
                copy.add(freeze(element));
            }
            return (List<T>) (nulls ? java.util.Collections.unmodifiableList(copy) : List.copyOf(copy));
        }
        return nulls ? java.util.Collections.unmodifiableList(new ArrayList<>(list)) : List.copyOf(list);
    }

    /** Properties kept for round trips: {@code null} when there are none, so they cost nothing. */
    public static Map<String, Object> unknownFields(Map<String, Object> fields) {
        return fields == null || fields.isEmpty() ? null : map(fields);
    }

    @SuppressWarnings("unchecked")
    private static Object freeze(Object value) {
        if (value instanceof List<?> list) {
            return list((List<Object>) list);
        }
        if (value instanceof Map<?, ?> map) {
            return map((Map<String, Object>) map);
        }
        return value;
    }

    /** An unmodifiable copy of {@code map}, sorted by key (as Go writes maps), compact in memory, nested collections included. */
    @SuppressWarnings("unchecked")
    public static <V> Map<String, V> map(Map<String, V> map) {
        if (map == null) {
            return null;
        }
        if (map instanceof SortedArrayMap<V>) {
            return map;
        }
        for (V value : map.values()) {
            if (value instanceof List || value instanceof Map) {
                java.util.LinkedHashMap<String, V> copy = new java.util.LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, (V) freeze(v)));
                return SortedArrayMap.copyOf(copy);
            }
        }
        return SortedArrayMap.copyOf(map);
    }
}
