package dev.capstan.informer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link IndexedStore} (client-go's {@code threadSafeMap}): an item map and one
 * {@link StoreIndex} per index function, under a read-write lock.
 *
 * <h2>Implementation notes</h2>
 * <b>Lock.</b> A non-fair {@link ReentrantReadWriteLock}. Reads far outnumber writes (every
 * reconcile reads the cache; only the informer's one thread writes), and the multi-structure reads
 * ({@code byIndex}, {@code index}, {@code list}) must see the item map and the indexes at the same
 * instant, or they could return a key whose object is gone. Alternatives considered:
 * <ul>
 *   <li>{@code StampedLock} optimistic reads: a {@code HashMap} read racing a write can throw or
 *       return garbage before validation fails, so every read would need to be written to tolerate
 *       torn state; not worth it for reads that copy lists anyway. Its pessimistic read lock is a
 *       little cheaper, but it is not reentrant, so an index function that reads the store (it runs
 *       under the write lock) would deadlock instead of working.</li>
 *   <li>Copy-on-write snapshots: O(n) per write at 100k objects.</li>
 * </ul>
 * Non-fair mode does not starve the writer: a new reader queues behind a writer already waiting
 * at the head of the queue. The hottest read, {@link #getByKey} (every {@code Lister.get}), takes
 * no lock at all: the item map is a {@link ConcurrentHashMap} that is only <i>written</i> under the
 * write lock, so a lock-free single-key read sees the object before or after a write, never a torn
 * one, and no reader thread contends on the lock word for it. {@link #size} is lock-free too.
 *
 * <p><b>Writes</b> are two-phase so that a failing {@link IndexFunction} leaves the store as it
 * was: first every index value of the old and the new object is computed (this is where a function
 * can throw), then the indexes and the item map are changed (which cannot fail). The old object's
 * values are recomputed from the stored object, as client-go does, instead of being remembered per
 * key: index functions are pure, and a reverse map would cost a map entry per key and index.
 * {@link StoreIndex#update} has the fast path for an unchanged single value.
 *
 * <p><b>{@link #replace}</b> builds the new item map and every index <i>outside</i> the lock, then
 * swaps them in under the write lock: readers keep reading the old contents during a relist of
 * 100k objects instead of waiting for the rebuild. An index added meanwhile is built under the
 * lock before the swap. A write that lands between the build and the swap is overwritten, exactly
 * as if it had happened before the replace.
 *
 * <p><b>Memory.</b> No wrapper per entry: the item map holds the objects, indexes hold the key
 * strings of the item map, and a value held by one key costs no set (see {@link StoreIndex}).
 * Hash tables do not shrink; a value set that once held many keys keeps its table until it empties.
 *
 * <p><b>Re-entry.</b> Index functions run under the write lock; one that reads the store works
 * (the write lock holder may take the read lock), one that writes is refused with
 * {@link IllegalStateException} instead of corrupting the index being updated.
 */
final class ThreadSafeIndexedStore<T> implements IndexedStore<T> {

    private final KeyFunction<T> keyFunction;

    /** Guards {@link #indexes} and every write to {@link #items} and {@link #indexers}. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Lock readLock = lock.readLock();
    private final Lock writeLock = lock.writeLock();

    /**
     * key → object. Written only under the write lock (and swapped by {@link #replace});
     * read without the lock by {@link #getByKey} and {@link #size}.
     */
    private volatile ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();

    /**
     * index name → function, unmodifiable, in the order the indexes were added. Replaced (never
     * mutated) under the write lock; may be read without it.
     */
    private volatile Map<String, IndexFunction<T>> indexers;

    /**
     * index name → index. Guarded by {@link #lock}. Invariant (between writes): it has exactly the
     * names of {@link #indexers}, and for every index and every object {@code o} under key {@code k}
     * in {@link #items}, {@code k} is filed under exactly the values the index function returns for
     * {@code o}; no value is filed with no key.
     */
    private Map<String, StoreIndex> indexes;

    ThreadSafeIndexedStore(KeyFunction<T> keyFunction, Map<String, IndexFunction<T>> indexers) {
        this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
        Objects.requireNonNull(indexers, "indexers");
        Map<String, IndexFunction<T>> functions = new LinkedHashMap<>();
        Map<String, StoreIndex> empty = new HashMap<>();
        indexers.forEach((name, function) -> {
            functions.put(checkName(name), Objects.requireNonNull(function, () -> "the index function of " + name));
            empty.put(name, new StoreIndex());
        });
        this.indexers = Collections.unmodifiableMap(functions);
        this.indexes = empty;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public @Nullable T put(T object) {
        Objects.requireNonNull(object, "object");
        String key = keyFunction.keyOf(object);
        checkNotInsideIndexFunction();
        writeLock.lock();
        try {
            T old = items.get(key);
            updateIndexesLocked(key, old, object);
            items.put(key, object);
            return old;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public @Nullable T delete(T object) {
        Objects.requireNonNull(object, "object");
        return deleteByKey(keyFunction.keyOf(object));
    }

    @Override
    public @Nullable T deleteByKey(String key) {
        Objects.requireNonNull(key, "key");
        checkNotInsideIndexFunction();
        writeLock.lock();
        try {
            T old = items.get(key);
            if (old == null) {
                return null;
            }
            // The stored object's values, not those of the caller's (possibly older or newer) copy.
            updateIndexesLocked(key, old, null);
            items.remove(key);
            return old;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void replace(Collection<? extends T> objects) {
        Objects.requireNonNull(objects, "objects");
        checkNotInsideIndexFunction();
        ConcurrentHashMap<String, T> newItems = new ConcurrentHashMap<>(Math.max(16, objects.size()));
        for (T object : objects) {
            newItems.put(keyFunction.keyOf(Objects.requireNonNull(object, "an object to replace with is null")), object);
        }
        Map<String, IndexFunction<T>> builtWith = indexers;
        Map<String, StoreIndex> newIndexes = new HashMap<>();
        builtWith.forEach((name, function) -> newIndexes.put(name, build(name, function, newItems)));
        writeLock.lock();
        try {
            Map<String, IndexFunction<T>> current = indexers;
            if (current != builtWith) { // addIndexers ran meanwhile
                current.forEach((name, function) -> {
                    if (!newIndexes.containsKey(name)) {
                        newIndexes.put(name, build(name, function, newItems));
                    }
                });
            }
            items = newItems;
            indexes = newIndexes;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void addIndexers(Map<String, IndexFunction<T>> newIndexers) {
        Objects.requireNonNull(newIndexers, "indexers");
        Map<String, IndexFunction<T>> added = new LinkedHashMap<>();
        newIndexers.forEach((name, function) ->
                added.put(checkName(name), Objects.requireNonNull(function, () -> "the index function of " + name)));
        if (added.isEmpty()) {
            return;
        }
        checkNotInsideIndexFunction();
        writeLock.lock();
        try {
            Map<String, IndexFunction<T>> current = indexers;
            for (String name : added.keySet()) {
                if (current.containsKey(name)) {
                    throw new IllegalArgumentException("indexer conflict: an index named \"" + name
                            + "\" already exists (indexes: " + new TreeSet<>(current.keySet()) + ")");
                }
            }
            Map<String, StoreIndex> built = new HashMap<>();
            ConcurrentHashMap<String, T> contents = items;
            added.forEach((name, function) -> built.put(name, build(name, function, contents))); // may throw: nothing installed yet
            Map<String, IndexFunction<T>> merged = new LinkedHashMap<>(current);
            merged.putAll(added);
            indexes.putAll(built);
            indexers = Collections.unmodifiableMap(merged);
        } finally {
            writeLock.unlock();
        }
    }

    /** Phase one computes every value (may throw, nothing changed yet); phase two applies them (cannot throw). */
    private void updateIndexesLocked(String key, @Nullable T oldObject, @Nullable T newObject) {
        Map<String, IndexFunction<T>> functions = indexers;
        int n = functions.size();
        if (n == 0) {
            return;
        }
        @SuppressWarnings("unchecked")
        Collection<String>[] oldValues = new Collection[n];
        @SuppressWarnings("unchecked")
        Collection<String>[] newValues = new Collection[n];
        int i = 0;
        for (Map.Entry<String, IndexFunction<T>> e : functions.entrySet()) {
            oldValues[i] = oldObject == null ? List.of() : valuesOf(e.getKey(), e.getValue(), oldObject, key);
            newValues[i] = newObject == null ? List.of() : valuesOf(e.getKey(), e.getValue(), newObject, key);
            i++;
        }
        i = 0;
        for (String name : functions.keySet()) {
            indexes.get(name).update(key, oldValues[i], newValues[i]);
            i++;
        }
    }

    private StoreIndex build(String name, IndexFunction<T> function, Map<String, T> contents) {
        StoreIndex index = new StoreIndex(contents.size());
        contents.forEach((key, object) -> {
            for (String value : valuesOf(name, function, object, key)) {
                index.add(value, key);
            }
        });
        return index;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public @Nullable T getByKey(String key) {
        return items.get(Objects.requireNonNull(key, "key"));
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public List<T> list() {
        readLock.lock();
        try {
            return new ArrayList<>(items.values());
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public List<String> listKeys() {
        readLock.lock();
        try {
            return new ArrayList<>(items.keySet());
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public List<T> byIndex(String indexName, String value) {
        Objects.requireNonNull(value, "value");
        readLock.lock();
        try {
            StoreIndex index = indexLocked(indexName);
            List<T> objects = new ArrayList<>(index.count(value));
            index.forEachKey(value, key -> objects.add(itemLocked(key, indexName, value)));
            return objects;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public List<String> indexKeys(String indexName, String value) {
        Objects.requireNonNull(value, "value");
        readLock.lock();
        try {
            StoreIndex index = indexLocked(indexName);
            List<String> keys = new ArrayList<>(index.count(value));
            index.forEachKey(value, keys::add);
            return keys;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public List<T> index(String indexName, T object) {
        Objects.requireNonNull(object, "object");
        IndexFunction<T> function = indexers.get(Objects.requireNonNull(indexName, "indexName"));
        if (function == null) {
            throw unknownIndex(indexName);
        }
        Collection<String> values = valuesOf(indexName, function, object, null);
        if (values.size() == 1) {
            return byIndex(indexName, values.iterator().next());
        }
        readLock.lock();
        try {
            StoreIndex index = indexLocked(indexName);
            Set<String> keys = new LinkedHashSet<>();
            for (String value : values) {
                index.forEachKey(value, keys::add);
            }
            List<T> objects = new ArrayList<>(keys.size());
            for (String key : keys) {
                objects.add(itemLocked(key, indexName, null));
            }
            return objects;
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public List<String> listIndexFuncValues(String indexName) {
        readLock.lock();
        try {
            return indexLocked(indexName).values();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public Set<String> indexNames() {
        return indexers.keySet(); // a view of an unmodifiable map that is never mutated
    }

    @Override
    public KeyFunction<T> keyFunction() {
        return keyFunction;
    }

    @Override
    public String toString() {
        return "IndexedStore[size=" + size() + ", indexes=" + indexNames() + "]";
    }

    // ---------------------------------------------------------------- helpers

    private StoreIndex indexLocked(String indexName) {
        StoreIndex index = indexes.get(Objects.requireNonNull(indexName, "indexName"));
        if (index == null) {
            throw unknownIndex(indexName);
        }
        return index;
    }

    private T itemLocked(String key, String indexName, @Nullable String value) {
        T object = items.get(key);
        if (object == null) { // cannot happen while the invariant on `indexes` holds
            throw new IllegalStateException("index \"" + indexName + "\"" + (value == null ? "" : " value \"" + value + "\"")
                    + " holds key " + key + " that has no object: the store is inconsistent");
        }
        return object;
    }

    private IllegalArgumentException unknownIndex(String indexName) {
        return new IllegalArgumentException("no index named \"" + indexName + "\"; the indexes are "
                + new TreeSet<>(indexers.keySet()));
    }

    /** The values of {@code object} in index {@code name}, checked; failures name the index and the key. */
    private Collection<String> valuesOf(String name, IndexFunction<T> function, T object, @Nullable String key) {
        Collection<String> values;
        try {
            values = function.values(object);
        } catch (RuntimeException e) {
            throw new IllegalStateException("index function \"" + name + "\" failed on " + describe(object, key) + ": " + e, e);
        }
        if (values == null) {
            throw new IllegalStateException("index function \"" + name + "\" returned null for " + describe(object, key)
                    + " (return an empty collection instead)");
        }
        for (String value : values) {
            if (value == null) {
                throw new IllegalStateException("index function \"" + name + "\" returned a null value for " + describe(object, key));
            }
        }
        return values;
    }

    private String describe(T object, @Nullable String key) {
        if (key == null) {
            try {
                key = keyFunction.keyOf(object);
            } catch (RuntimeException e) {
                return "an object with no key";
            }
        }
        return "key " + key;
    }

    private void checkNotInsideIndexFunction() {
        if (lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("an index function wrote to the store it indexes; index functions must be pure");
        }
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "an index name is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an index name is empty");
        }
        return name;
    }
}
