package dev.capstan.informer;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Read access to an informer's thread-safe, indexed cache (client-go's {@code Indexer} without
 * the writes, which belong to the informer; see {@link IndexedStore}).
 *
 * <h2>Consistency</h2> Eventually consistent with the API server: the cache reflects what the
 * informer has processed so far, which may lag the server.
 *
 * <h2>Thread safety and ownership</h2> All methods are safe for concurrent use and never block
 * on I/O. Returned lists are snapshots the caller owns; the objects in them are shared with the
 * cache. Capstan's models are immutable, so sharing is safe; an object of a mutable user class
 * must not be modified (client-go rule: mutating a cached object corrupts the cache and its
 * indexes).
 *
 * <h2>Indexes</h2> An index maps each value an {@link IndexFunction} returns to the keys of the
 * objects that produced it. {@link #NAMESPACE} is built in for Kubernetes objects. Lookups by an
 * index name that does not exist throw {@link IllegalArgumentException} naming the known ones.
 */
public interface Indexer<T> extends KnownObjects<T> {

    /** The built-in index of objects by {@code metadata.namespace} (client-go's {@code NamespaceIndex}). */
    String NAMESPACE = "namespace";

    /** Every cached object, in no particular order. */
    List<T> list();

    /** The number of cached objects. */
    int size();

    /** The objects whose index function {@code indexName} returned {@code value}. */
    List<T> byIndex(String indexName, String value);

    /** The keys of the objects whose index function {@code indexName} returned {@code value}. */
    List<String> indexKeys(String indexName, String value);

    /**
     * The objects that share at least one value of index {@code indexName} with {@code object}
     * (client-go's {@code Index}); each at most once.
     */
    List<T> index(String indexName, T object);

    /** Every value index {@code indexName} currently holds. */
    List<String> listIndexFuncValues(String indexName);

    /** The names of the indexes, the built-in ones included. */
    Set<String> indexNames();

    /**
     * Adds indexes and builds them from the current contents. Safe at any time, also while the
     * informer runs (client-go allows it too): the new index is complete when this returns.
     *
     * @throws IllegalArgumentException when a name is already taken (naming it)
     */
    void addIndexers(Map<String, IndexFunction<T>> indexers);

    /** The object under {@code key}, or null. */
    @Override
    @Nullable T getByKey(String key);
}
