package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import java.util.List;
import java.util.Optional;

/** Placeholder: replaced by the lister implementation. */
final class CacheLister<T extends KubernetesObject> implements Lister<T> {
    CacheLister(Indexer<T> indexer) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    @Override public Optional<T> get(String namespace, String name) { throw new UnsupportedOperationException(); }
    @Override public List<T> list() { throw new UnsupportedOperationException(); }
    @Override public List<T> list(String labelSelector) { throw new UnsupportedOperationException(); }
    @Override public List<T> list(LabelMatcher matcher) { throw new UnsupportedOperationException(); }
    @Override public NamespaceLister<T> namespace(String namespace) { throw new UnsupportedOperationException(); }
    @Override public List<T> byIndex(String indexName, String value) { throw new UnsupportedOperationException(); }
}
