package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The writable side of an {@link Indexer}: the store an informer keeps its cache in (client-go's
 * {@code NewIndexer}/{@code threadSafeStore}). Usable on its own.
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use. Writes hold a write lock while
 * they update the item map and every index; readers never see a half-applied write. Index
 * maintenance removes a key from its old values and adds it to its new ones, and drops values
 * left with no keys, so high-cardinality indexes do not leak.
 */
public interface IndexedStore<T> extends Indexer<T> {

    /** Adds or replaces {@code object} under its key; returns the object it replaced, or null. */
    @Nullable T put(T object);

    /** Removes the object under {@code object}'s key; returns what was removed, or null. */
    @Nullable T delete(T object);

    /** Removes the object under {@code key}; returns what was removed, or null. */
    @Nullable T deleteByKey(String key);

    /**
     * Replaces the whole contents with {@code objects} and rebuilds every index; of two objects
     * with the same key, the later wins. Readers see the old contents until the new ones are
     * complete, then all of them at once.
     */
    void replace(Collection<? extends T> objects);

    /** The key function this store files objects under. */
    KeyFunction<T> keyFunction();

    /** A store keyed by {@code namespace/name} with the {@link #NAMESPACE} index built in. */
    static <T extends KubernetesObject> IndexedStore<T> forObjects() {
        return forObjects(Map.of());
    }

    /** Like {@link #forObjects()}, with more indexes. */
    static <T extends KubernetesObject> IndexedStore<T> forObjects(Map<String, IndexFunction<T>> indexers) {
        IndexedStore<T> store = create(KeyFunction.namespaceName(), Map.of(NAMESPACE, IndexedStore::namespaceOf));
        store.addIndexers(indexers);
        return store;
    }

    /** A store with any key function and indexes. */
    static <T> IndexedStore<T> create(KeyFunction<T> keyFunction, Map<String, IndexFunction<T>> indexers) {
        return new ThreadSafeIndexedStore<>(keyFunction, indexers);
    }

    private static Collection<String> namespaceOf(KubernetesObject object) {
        String namespace = object.metadata() == null ? null : object.metadata().namespace();
        return namespace == null || namespace.isEmpty() ? java.util.List.of() : java.util.List.of(namespace);
    }
}
