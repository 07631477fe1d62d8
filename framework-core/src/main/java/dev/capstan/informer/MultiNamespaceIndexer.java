package dev.capstan.informer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One read view over the caches of several single-namespace informers. Keys are
 * {@code namespace/name}, so a key routes to exactly one underlying cache.
 */
final class MultiNamespaceIndexer<T> implements Indexer<T> {
    private final Map<String, Indexer<T>> byNamespace;

    MultiNamespaceIndexer(Map<String, Indexer<T>> byNamespace) {
        this.byNamespace = Map.copyOf(byNamespace);
    }

    @Override
    public List<String> listKeys() {
        List<String> keys = new ArrayList<>();
        byNamespace.values().forEach(i -> keys.addAll(i.listKeys()));
        return keys;
    }

    @Override
    public @Nullable T getByKey(String key) {
        int slash = key.indexOf('/');
        Indexer<T> indexer = slash < 0 ? null : byNamespace.get(key.substring(0, slash));
        return indexer == null ? null : indexer.getByKey(key);
    }

    @Override
    public List<T> list() {
        List<T> all = new ArrayList<>(size());
        byNamespace.values().forEach(i -> all.addAll(i.list()));
        return all;
    }

    @Override
    public int size() {
        int size = 0;
        for (Indexer<T> indexer : byNamespace.values()) {
            size += indexer.size();
        }
        return size;
    }

    @Override
    public List<T> byIndex(String indexName, String value) {
        if (indexName.equals(NAMESPACE)) {
            Indexer<T> indexer = byNamespace.get(value);
            return indexer == null ? List.of() : indexer.byIndex(indexName, value);
        }
        List<T> all = new ArrayList<>();
        byNamespace.values().forEach(i -> all.addAll(i.byIndex(indexName, value)));
        return all;
    }

    @Override
    public List<String> indexKeys(String indexName, String value) {
        List<String> all = new ArrayList<>();
        byNamespace.values().forEach(i -> all.addAll(i.indexKeys(indexName, value)));
        return all;
    }

    @Override
    public List<T> index(String indexName, T object) {
        List<T> all = new ArrayList<>();
        byNamespace.values().forEach(i -> all.addAll(i.index(indexName, object)));
        return all;
    }

    @Override
    public List<String> listIndexFuncValues(String indexName) {
        Set<String> values = new LinkedHashSet<>();
        byNamespace.values().forEach(i -> values.addAll(i.listIndexFuncValues(indexName)));
        return new ArrayList<>(values);
    }

    @Override
    public Set<String> indexNames() {
        return byNamespace.values().iterator().next().indexNames();
    }

    @Override
    public void addIndexers(Map<String, IndexFunction<T>> indexers) {
        byNamespace.values().forEach(i -> i.addIndexers(indexers));
    }
}
