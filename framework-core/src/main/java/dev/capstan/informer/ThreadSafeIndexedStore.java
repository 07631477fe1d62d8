package dev.capstan.informer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Placeholder: replaced by the thread-safe store implementation. */
final class ThreadSafeIndexedStore<T> implements IndexedStore<T> {
    ThreadSafeIndexedStore(KeyFunction<T> keyFunction, Map<String, IndexFunction<T>> indexers) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    @Override public T put(T object) { throw new UnsupportedOperationException(); }
    @Override public T delete(T object) { throw new UnsupportedOperationException(); }
    @Override public T deleteByKey(String key) { throw new UnsupportedOperationException(); }
    @Override public void replace(Collection<? extends T> objects) { throw new UnsupportedOperationException(); }
    @Override public KeyFunction<T> keyFunction() { throw new UnsupportedOperationException(); }
    @Override public List<T> list() { throw new UnsupportedOperationException(); }
    @Override public int size() { throw new UnsupportedOperationException(); }
    @Override public List<T> byIndex(String indexName, String value) { throw new UnsupportedOperationException(); }
    @Override public List<String> indexKeys(String indexName, String value) { throw new UnsupportedOperationException(); }
    @Override public List<T> index(String indexName, T object) { throw new UnsupportedOperationException(); }
    @Override public List<String> listIndexFuncValues(String indexName) { throw new UnsupportedOperationException(); }
    @Override public Set<String> indexNames() { throw new UnsupportedOperationException(); }
    @Override public void addIndexers(Map<String, IndexFunction<T>> indexers) { throw new UnsupportedOperationException(); }
    @Override public List<String> listKeys() { throw new UnsupportedOperationException(); }
    @Override public T getByKey(String key) { throw new UnsupportedOperationException(); }
}
