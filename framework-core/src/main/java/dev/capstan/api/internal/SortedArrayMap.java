package dev.capstan.api.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map from strings, stored as two parallel arrays sorted by key.
 *
 * <h2>Implementation notes</h2> Model objects hold many small maps (labels, annotations,
 * resource limits, ConfigMap data). A {@code LinkedHashMap} costs an entry object per mapping
 * plus a table; this costs two arrays. Lookups are binary searches, O(log n), which for the
 * usual handful of keys beats hashing. Iteration is in key order, which is also the order Go's
 * encoding/json writes maps in, so output is deterministic. Null values are kept (JSON may
 * carry them); null keys are not possible in JSON.
 */
final class SortedArrayMap<V> extends AbstractMap<String, V> {
    private static final SortedArrayMap<?> EMPTY = new SortedArrayMap<>(new String[0], new Object[0]);

    private final String[] keys;
    private final Object[] values;

    private SortedArrayMap(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    static <V> SortedArrayMap<V> copyOf(Map<String, V> source) {
        int size = source.size();
        if (size == 0) {
            return (SortedArrayMap<V>) EMPTY;
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, V>[] entries = source.entrySet().toArray(new Map.Entry[0]);
        Arrays.sort(entries, Map.Entry.comparingByKey());
        String[] keys = new String[size];
        Object[] values = new Object[size];
        for (int i = 0; i < size; i++) {
            keys[i] = entries[i].getKey();
            values[i] = entries[i].getValue();
        }
        return new SortedArrayMap<>(keys, values);
    }

    /**
     * The first {@code n} entries of parallel arrays, as a decoder collects them (the arrays are
     * not kept): {@code sorted} says the keys are strictly increasing, which Go's output always
     * is, so no sort is needed; otherwise duplicates resolve as a {@code LinkedHashMap} would
     * (the last value wins).
     */
    @SuppressWarnings("unchecked")
    static <V> SortedArrayMap<V> ofEntries(String[] keys, Object[] values, int n, boolean sorted) {
        if (n == 0) {
            return (SortedArrayMap<V>) EMPTY;
        }
        if (sorted) {
            return new SortedArrayMap<>(Arrays.copyOf(keys, n), Arrays.copyOf(values, n));
        }
        java.util.LinkedHashMap<String, V> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(keys[i], (V) values[i]);
        }
        return copyOf(map);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && Arrays.binarySearch(keys, k) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int index = Arrays.binarySearch(keys, k);
        return index >= 0 ? (V) values[index] : null;
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return keys.length;
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<String, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }
        };
    }
}
