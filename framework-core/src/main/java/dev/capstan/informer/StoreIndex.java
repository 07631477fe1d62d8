package dev.capstan.informer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One index of a {@link ThreadSafeIndexedStore}: index value → keys of the objects that produced
 * it. Not thread-safe; the store guards it with its lock.
 *
 * <h2>Implementation notes</h2>
 * A value held by one key, the common case of high-cardinality indexes (by UID, by owner, by
 * node), maps to the key {@link String} itself; only a value held by two or more keys gets a
 * {@link HashSet}. That saves a set (about 150 bytes: the set, its map, its table and one node)
 * per such value. A set that shrinks back to one key collapses to the bare key, and a value with
 * no keys is removed, so the map never holds empty entries.
 *
 * <p>Invariant: every value in {@code keysByValue} maps either to a non-null {@code String} or to
 * a {@code HashSet<String>} of at least two keys.
 */
final class StoreIndex {

    /** A value held by more keys than this is compared through a hash set in {@link #update}. */
    private static final int LINEAR_SCAN_LIMIT = 8;

    /** value → {@code String} (one key) or {@code HashSet<String>} (two or more keys). */
    private final HashMap<String, Object> keysByValue;

    StoreIndex() {
        this.keysByValue = new HashMap<>();
    }

    StoreIndex(int expectedValues) {
        this.keysByValue = new HashMap<>(Math.max(16, (int) (expectedValues / 0.75f) + 1));
    }

    /**
     * Moves {@code key} from the values in {@code oldValues} to those in {@code newValues}; values
     * in both are left alone. Either collection may hold duplicates.
     */
    void update(String key, Collection<String> oldValues, Collection<String> newValues) {
        if (oldValues.isEmpty()) {
            for (String value : newValues) {
                add(value, key);
            }
            return;
        }
        if (newValues.isEmpty()) {
            for (String value : oldValues) {
                remove(value, key);
            }
            return;
        }
        if (oldValues.size() == 1 && newValues.size() == 1) {
            String oldValue = first(oldValues);
            String newValue = first(newValues);
            if (!oldValue.equals(newValue)) { // else: the common case, nothing to do
                remove(oldValue, key);
                add(newValue, key);
            }
            return;
        }
        Collection<String> oldLookup = lookup(oldValues);
        Collection<String> newLookup = lookup(newValues);
        for (String value : oldValues) {
            if (!newLookup.contains(value)) {
                remove(value, key);
            }
        }
        for (String value : newValues) {
            if (!oldLookup.contains(value)) {
                add(value, key);
            }
        }
    }

    /** Files {@code key} under {@code value}; a no-op when it is already there. */
    void add(String value, String key) {
        Object holder = keysByValue.get(value);
        if (holder == null) {
            keysByValue.put(value, key);
        } else if (holder instanceof String single) {
            if (!single.equals(key)) {
                HashSet<String> keys = new HashSet<>(4);
                keys.add(single);
                keys.add(key);
                keysByValue.put(value, keys);
            }
        } else {
            keysOf(holder).add(key);
        }
    }

    /** Removes {@code key} from {@code value}, dropping the value when no key is left. */
    void remove(String value, String key) {
        Object holder = keysByValue.get(value);
        if (holder == null) {
            return;
        }
        if (holder instanceof String single) {
            if (single.equals(key)) {
                keysByValue.remove(value);
            }
            return;
        }
        Set<String> keys = keysOf(holder);
        if (keys.remove(key) && keys.size() == 1) {
            keysByValue.put(value, keys.iterator().next());
        }
    }

    /** The number of keys filed under {@code value}. */
    int count(String value) {
        Object holder = keysByValue.get(value);
        return holder == null ? 0 : holder instanceof String ? 1 : keysOf(holder).size();
    }

    /** Calls {@code action} with each key filed under {@code value}. */
    void forEachKey(String value, Consumer<String> action) {
        Object holder = keysByValue.get(value);
        if (holder instanceof String single) {
            action.accept(single);
        } else if (holder != null) {
            keysOf(holder).forEach(action);
        }
    }

    /** A new list of every value that has at least one key. */
    List<String> values() {
        return new ArrayList<>(keysByValue.keySet());
    }

    /** The number of values. */
    int size() {
        return keysByValue.size();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keysOf(Object holder) {
        return (Set<String>) holder;
    }

    private static String first(Collection<String> values) {
        return values instanceof List<String> list ? list.get(0) : values.iterator().next();
    }

    private static Collection<String> lookup(Collection<String> values) {
        return values.size() <= LINEAR_SCAN_LIMIT || values instanceof Set ? values : new HashSet<>(values);
    }
}
