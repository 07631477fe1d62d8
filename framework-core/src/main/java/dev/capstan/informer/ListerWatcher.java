package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ObjectList;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.WatchEvent;
import dev.capstan.client.WatchOptions;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The two calls a {@link Reflector} makes: list and watch one selection of one resource
 * (client-go's {@code ListerWatcher}). {@link #of} adapts a {@link ResourceClient}; tests script
 * their own.
 */
public interface ListerWatcher<T> {

    /**
     * One page of the list. Selectors are the lister-watcher's own; the reflector sets limit,
     * continue and resourceVersion. Blocks; throws {@code KubernetesApiException} on failure.
     */
    ObjectList<T> list(ListOptions options);

    /**
     * A watch stream. Selectors are the lister-watcher's own; the reflector sets resourceVersion,
     * timeout, bookmarks and initial events. The Flux ends when the server ends the watch and
     * errors when the connection breaks or the server refuses.
     */
    Flux<WatchEvent<T>> watch(WatchOptions options);

    /** What is listed, for logs and errors: {@code configmaps in namespace shop with labels app=web}. */
    String description();

    /**
     * The kind every object must have, or null to accept any: events of another kind are
     * rejected (client-go's type guard) and make the reflector relist.
     */
    default @Nullable String expectedKind() {
        return null;
    }

    /** Lists and watches through {@code client} (its namespace scope), with optional selectors. */
    static <T extends KubernetesObject> ListerWatcher<T> of(ResourceClient<T> client, @Nullable String labelSelector,
            @Nullable String fieldSelector) {
        Objects.requireNonNull(client, "client");
        String kind = client.type().type() == dev.capstan.api.PartialObjectMetadata.class ? null : client.type().kind();
        String description = client.type().plural()
                + (client.namespace() == null ? (client.type().namespaced() ? " in all namespaces" : "") : " in namespace " + client.namespace())
                + (labelSelector == null ? "" : " with labels " + labelSelector)
                + (fieldSelector == null ? "" : " with fields " + fieldSelector);
        return new ListerWatcher<>() {
            @Override
            public ObjectList<T> list(ListOptions options) {
                return client.list(options.withLabelSelector(labelSelector).withFieldSelector(fieldSelector));
            }

            @Override
            public Flux<WatchEvent<T>> watch(WatchOptions options) {
                return client.watch(options.withLabelSelector(labelSelector).withFieldSelector(fieldSelector));
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public @Nullable String expectedKind() {
                return kind;
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
