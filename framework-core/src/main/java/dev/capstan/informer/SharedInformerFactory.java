package dev.capstan.informer;

import dev.capstan.api.KubernetesJson.DecodeOptions;
import dev.capstan.api.KubernetesObject;
import dev.capstan.api.PartialObjectMetadata;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Hands out {@link SharedIndexInformer}s, one per resource and selection, so that every
 * controller asking for the same thing shares one cache and one watch (client-go's
 * {@code SharedInformerFactory}).
 *
 * <pre>{@code
 * try (SharedInformerFactory factory = SharedInformerFactory.create(client)) {
 *     SharedIndexInformer<Deployment> deployments = factory.informerFor(Deployment.class);
 *     deployments.addEventHandler(handler);
 *     factory.start();
 *     factory.waitForCacheSync(Duration.ofMinutes(1));
 *     Lister<Deployment> lister = factory.lister(Deployment.class);
 * }
 * }</pre>
 *
 * <h2>Identity</h2> An informer is shared per (Java type, group/version/resource, metadata-only
 * or not, {@link InformerSelection}, transform). Asking twice returns the same instance and opens
 * no second watch. Transforms are compared by identity: pass the same instance to share.
 *
 * <h2>Lifecycle</h2> {@link #start()} starts every informer handed out so far, and from then on
 * informers handed out later start at once. {@link #close()} stops them all.
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use.
 */
public final class SharedInformerFactory implements AutoCloseable {
    private final KubernetesClient client;
    private final InformerOptions options;
    /** Guarded by {@code this}. */
    private final Map<Key, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    /** Guarded by {@code this}. */
    private boolean started;
    /** Guarded by {@code this}. */
    private boolean closed;
    /** Guarded by {@code this}: where informers publish their meters, or null. */
    private io.micrometer.core.instrument.@Nullable MeterRegistry meters;

    private SharedInformerFactory(KubernetesClient client, InformerOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A factory with {@link InformerOptions#defaults()}. */
    public static SharedInformerFactory create(KubernetesClient client) {
        return new SharedInformerFactory(client, InformerOptions.defaults());
    }

    /** A factory whose informers all use {@code options}. */
    public static SharedInformerFactory create(KubernetesClient client, InformerOptions options) {
        return new SharedInformerFactory(client, options);
    }

    /** The informer for every object of {@code type} (all namespaces). */
    public <T extends KubernetesObject> SharedIndexInformer<T> informerFor(Class<T> type) {
        return informerFor(type, InformerSelection.all());
    }

    /** The informer for {@code selection} of {@code type}. */
    public <T extends KubernetesObject> SharedIndexInformer<T> informerFor(Class<T> type, InformerSelection selection) {
        return informerFor(type, selection, null);
    }

    /** The informer for {@code selection} of {@code type}, with a transform applied before caching. */
    public <T extends KubernetesObject> SharedIndexInformer<T> informerFor(Class<T> type, InformerSelection selection,
            @Nullable UnaryOperator<T> transform) {
        ResourceType<T> resource = ResourceType.of(type);
        return get(new Key(type, resource.group(), resource.version(), resource.plural(), selection, transform),
                resource, () -> client.resources(type), transform);
    }

    /** The informer for {@code selection} of any resource, as {@link Unstructured} objects. */
    public SharedIndexInformer<Unstructured> informerFor(ResourceType<Unstructured> type, InformerSelection selection) {
        return get(new Key(Unstructured.class, type.group(), type.version(), type.plural(), selection, null),
                type, () -> client.resources(type), null);
    }

    /**
     * A metadata-only informer for {@code type}'s resource: the cache holds
     * {@link PartialObjectMetadata} (labels, annotations, owners, versions), a fraction of full
     * objects. For controllers that map events by metadata alone.
     */
    public SharedIndexInformer<PartialObjectMetadata> metadataInformerFor(ResourceType<?> type, InformerSelection selection) {
        ResourceType<PartialObjectMetadata> resource = new ResourceType<>(PartialObjectMetadata.class, type.group(),
                type.version(), type.kind(), type.plural(), type.singular(), type.shortNames(), type.namespaced());
        return get(new Key(PartialObjectMetadata.class, type.group(), type.version(), type.plural(), selection, null),
                resource, () -> client.metadata(type), null);
    }

    /** The lister of the all-namespaces informer for {@code type}. */
    public <T extends KubernetesObject> Lister<T> lister(Class<T> type) {
        return informerFor(type).lister();
    }

    @SuppressWarnings("unchecked")
    private synchronized <T extends KubernetesObject> SharedIndexInformer<T> get(Key key, ResourceType<T> resource,
            java.util.function.Supplier<ResourceClient<T>> clients, @Nullable UnaryOperator<T> transform) {
        if (closed) {
            throw new IllegalStateException("this informer factory is closed");
        }
        SharedIndexInformer<?> existing = informers.get(key);
        if (existing != null) {
            return (SharedIndexInformer<T>) existing;
        }
        InformerSelection selection = key.selection();
        if (!resource.namespaced() && !selection.namespaces().isEmpty()) {
            throw new IllegalArgumentException(resource.kind() + " is cluster-scoped; an informer for it cannot be limited to namespaces "
                    + selection.namespaces());
        }
        ResourceClient<T> base = clients.get().decoding(options.stripManagedFields() ? DecodeOptions.forCache() : DecodeOptions.defaults());
        Function<ResourceClient<T>, SharedIndexInformer<T>> build = scoped -> {
            SharedIndexInformer<T> informer = SharedIndexInformer.create(
                    ListerWatcher.of(scoped, selection.labelSelector(), selection.fieldSelector()), options);
            if (transform != null) {
                informer.setTransform(transform);
            }
            return informer;
        };
        SharedIndexInformer<T> informer;
        if (selection.namespaces().isEmpty()) {
            informer = build.apply(base.inAnyNamespace());
        } else if (selection.namespaces().size() == 1) {
            informer = build.apply(base.inNamespace(selection.namespaces().iterator().next()));
        } else {
            Map<String, SharedIndexInformer<T>> perNamespace = new LinkedHashMap<>();
            for (String namespace : selection.namespaces()) {
                perNamespace.put(namespace, build.apply(base.inNamespace(namespace)));
            }
            informer = new MultiNamespaceInformer<>(resource.plural() + " in namespaces " + String.join(", ", selection.namespaces())
                    + (selection.labelSelector() == null ? "" : " with labels " + selection.labelSelector()), perNamespace);
        }
        informers.put(key, informer);
        if (meters != null) {
            InformerMetrics.bind(informer, meters);
        }
        if (started) {
            informer.start();
        }
        return informer;
    }

    /**
     * Publishes the meters of {@link InformerMetrics} for every informer handed out so far and
     * every later one.
     */
    public synchronized SharedInformerFactory bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (meters != null) {
            throw new IllegalStateException("metrics are already bound to a registry");
        }
        meters = registry;
        informers.values().forEach(informer -> InformerMetrics.bind(informer, registry));
        return this;
    }

    /** Starts every informer handed out so far, and every later one as it is handed out. Returns at once. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this informer factory is closed");
        }
        started = true;
        informers.values().forEach(SharedIndexInformer::start);
    }

    /**
     * Waits until every started informer has synced, or {@code timeout}.
     *
     * @return the informers that have not synced (empty on success), with their status: the last
     *     error tells why (for example RBAC forbidding the list)
     */
    public List<InformerStatus> waitForCacheSync(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InformerStatus> unsynced = new ArrayList<>();
        for (SharedIndexInformer<?> informer : snapshot()) {
            if (!informer.waitForSync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                unsynced.add(informer.status());
            }
        }
        return unsynced;
    }

    /** The status of every informer handed out. */
    public List<InformerStatus> status() {
        return snapshot().stream().map(SharedIndexInformer::status).toList();
    }

    private synchronized List<SharedIndexInformer<?>> snapshot() {
        return new ArrayList<>(informers.values());
    }

    /** Stops every informer. Idempotent. */
    @Override
    public void close() {
        List<SharedIndexInformer<?>> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(informers.values());
        }
        all.forEach(SharedIndexInformer::close);
    }

    /** What makes two informer requests the same informer. */
    private record Key(Class<?> javaType, String group, String version, String plural, InformerSelection selection,
            @Nullable Object transform) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.javaType == javaType && k.group.equals(group) && k.version.equals(version)
                    && k.plural.equals(plural) && k.selection.equals(selection) && k.transform == transform;
        }

        @Override
        public int hashCode() {
            return Objects.hash(javaType, group, version, plural, selection, System.identityHashCode(transform));
        }
    }
}
