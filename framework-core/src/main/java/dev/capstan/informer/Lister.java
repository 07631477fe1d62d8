package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads from an informer's cache (client-go's generated listers), never from the server.
 *
 * <p>Results may be stale (see {@link Indexer}); objects are shared with the cache and must not
 * be modified. Lists are snapshots the caller owns.
 *
 * <pre>{@code
 * Lister<Deployment> deployments = factory.lister(Deployment.class);
 * Optional<Deployment> web = deployments.get("shop", "web");
 * List<Deployment> frontends = deployments.namespace("shop").list("tier=frontend");
 * }</pre>
 */
public interface Lister<T extends KubernetesObject> {

    /** The object {@code namespace/name}; {@code namespace} null or empty for cluster-scoped objects. */
    Optional<T> get(@Nullable String namespace, String name);

    /** Every cached object. */
    List<T> list();

    /**
     * The cached objects whose labels match {@code labelSelector}, in kubectl syntax
     * ({@code app=web,tier!=db,env in (a,b),!legacy}).
     *
     * @throws IllegalArgumentException when the selector does not parse (naming the position)
     */
    List<T> list(String labelSelector);

    /** The cached objects {@code matcher} accepts. */
    List<T> list(LabelMatcher matcher);

    /**
     * The objects of one namespace; {@code ""} means all namespaces (client-go's
     * {@code NamespaceAll}), whose {@code get(name)} finds a cluster-scoped object.
     */
    NamespaceLister<T> namespace(String namespace);

    /** The objects whose index {@code indexName} holds {@code value}. */
    List<T> byIndex(String indexName, String value);

    /** A lister over any indexer of Kubernetes objects. */
    static <T extends KubernetesObject> Lister<T> of(Indexer<T> indexer) {
        return new CacheLister<>(indexer);
    }

    /** The objects of one namespace, read through the namespace index. */
    interface NamespaceLister<T extends KubernetesObject> {

        Optional<T> get(String name);

        List<T> list();

        List<T> list(String labelSelector);

        List<T> list(LabelMatcher matcher);
    }
}
