package dev.capstan.client;

import dev.capstan.api.ResourceType;
import dev.capstan.client.rest.PatchType;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The verbs on one resource type, in one namespace (or all namespaces, or none for
 * cluster-scoped kinds). Obtained from {@link KubernetesClient#resources(Class)}; immutable —
 * {@link #inNamespace(String)} returns a new client.
 *
 * <p>Blocking methods are for reconcilers and other worker threads; each has a reactive twin
 * ending in {@code Async} or returning a {@link Flux}. Failures are
 * {@link dev.capstan.client.rest.KubernetesApiException}s naming the verb and object.
 *
 * @param <T> the object type: a generated kind, a custom-resource class, or {@code Unstructured}
 */
public interface ResourceClient<T> {

    ResourceType<T> type();

    /** The namespace this client works in; {@code null} means all namespaces (or cluster-scoped). */
    String namespace();

    /** A client for one namespace. Refused for cluster-scoped kinds. */
    ResourceClient<T> inNamespace(String namespace);

    /** A client for all namespaces (list and watch across them). */
    ResourceClient<T> inAnyNamespace();

    /**
     * The same client, decoding reads (get, list, watch) with {@code options}; for example
     * {@code DecodeOptions.forCache()} skips {@code metadata.managedFields} while parsing, as
     * informers do. Writes are unaffected.
     */
    ResourceClient<T> decoding(dev.capstan.api.KubernetesJson.DecodeOptions options);

    T get(String name);

    /** {@link #get} that returns empty instead of throwing on 404. */
    Optional<T> find(String name);

    Mono<T> getAsync(String name);

    /** One page (or everything, without a limit). */
    ObjectList<T> list(ListOptions options);

    default ObjectList<T> list() {
        return list(ListOptions.all());
    }

    Mono<ObjectList<T>> listAsync(ListOptions options);

    /** All items across pages of {@code pageSize}, fetched lazily as the Flux is consumed. */
    Flux<T> listAll(ListOptions options, long pageSize);

    /** A watch: events until the server ends it (then it completes) or the connection breaks (then it errors). */
    Flux<WatchEvent<T>> watch(WatchOptions options);

    T create(T object);

    T create(T object, WriteOptions options);

    Mono<T> createAsync(T object, WriteOptions options);

    /** Replaces the object; fails with a conflict when its resourceVersion is stale. */
    T update(T object);

    T update(T object, WriteOptions options);

    /** Replaces the status subresource. */
    T updateStatus(T object);

    T patch(String name, PatchType type, String patch);

    T patch(String name, PatchType type, String patch, WriteOptions options);

    /** Patches the status subresource. */
    T patchStatus(String name, PatchType type, String patch);

    /** Server-side apply of the object as this field manager's full intent. */
    T apply(T object, WriteOptions options);

    /** Deletes; returns normally when the object did not exist only if {@code ignoreNotFound}. */
    void delete(String name, DeletionOptions options);

    default void delete(String name) {
        delete(name, DeletionOptions.defaults());
    }

    void deleteCollection(ListOptions selection, DeletionOptions options);
}
