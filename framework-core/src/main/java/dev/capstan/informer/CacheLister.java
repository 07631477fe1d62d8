package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The default {@link Lister}: typed reads over an {@link Indexer}, with label filtering.
 *
 * <p>Holds no state of its own, so it is as thread-safe as the indexer (which is fully
 * thread-safe). Each call reads the indexer once, so a list is one consistent snapshot.
 * {@code namespace("")} means all namespaces, as client-go's {@code NamespaceAll}; its
 * {@code get(name)} then looks up a cluster-scoped object.
 *
 * <h2>Implementation notes</h2>
 * A namespace lister reads the {@link Indexer#NAMESPACE} index when the indexer has one, which
 * costs the size of that namespace rather than of the cache; otherwise (an indexer built without
 * it) it filters {@link Indexer#list()} by {@code metadata.namespace}. The choice is made per call,
 * because indexes may be added at any time. Label selectors are applied after the lookup, as
 * client-go does; {@link LabelMatcher#everything()} skips the filtering.
 */
final class CacheLister<T extends KubernetesObject> implements Lister<T> {

    private final Indexer<T> indexer;

    CacheLister(Indexer<T> indexer) {
        this.indexer = Objects.requireNonNull(indexer, "indexer");
    }

    @Override
    public Optional<T> get(@Nullable String namespace, String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(indexer.getByKey(KeyFunction.key(namespace, name)));
    }

    @Override
    public List<T> list() {
        return indexer.list();
    }

    @Override
    public List<T> list(String labelSelector) {
        return list(LabelMatcher.parse(labelSelector));
    }

    @Override
    public List<T> list(LabelMatcher matcher) {
        Objects.requireNonNull(matcher, "matcher");
        return filter(indexer.list(), matcher);
    }

    @Override
    public NamespaceLister<T> namespace(String namespace) {
        return new CacheNamespaceLister(Objects.requireNonNull(namespace, "namespace"));
    }

    @Override
    public List<T> byIndex(String indexName, String value) {
        return indexer.byIndex(indexName, value);
    }

    @Override
    public String toString() {
        return "Lister[" + indexer + "]";
    }

    /** The objects of {@code objects} that {@code matcher} accepts; {@code objects} itself when all are. */
    private static <T extends KubernetesObject> List<T> filter(List<T> objects, LabelMatcher matcher) {
        if (matcher == LabelMatcher.everything()) {
            return objects;
        }
        List<T> matching = new ArrayList<>();
        for (T object : objects) {
            if (matcher.matches(object)) {
                matching.add(object);
            }
        }
        return matching;
    }

    /** The objects of one namespace; all of them for {@code ""}. */
    private final class CacheNamespaceLister implements NamespaceLister<T> {
        private final String namespace;

        CacheNamespaceLister(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public Optional<T> get(String name) {
            return CacheLister.this.get(namespace, name);
        }

        @Override
        public List<T> list() {
            if (namespace.isEmpty()) {
                return indexer.list();
            }
            if (indexer.indexNames().contains(Indexer.NAMESPACE)) {
                return indexer.byIndex(Indexer.NAMESPACE, namespace);
            }
            List<T> inNamespace = new ArrayList<>();
            for (T object : indexer.list()) {
                ObjectMeta meta = object.metadata();
                if (meta != null && namespace.equals(meta.namespace())) {
                    inNamespace.add(object);
                }
            }
            return inNamespace;
        }

        @Override
        public List<T> list(String labelSelector) {
            return list(LabelMatcher.parse(labelSelector));
        }

        @Override
        public List<T> list(LabelMatcher matcher) {
            Objects.requireNonNull(matcher, "matcher");
            return filter(list(), matcher);
        }

        @Override
        public String toString() {
            return "NamespaceLister[" + (namespace.isEmpty() ? "all namespaces" : namespace) + " of " + indexer + "]";
        }
    }
}
