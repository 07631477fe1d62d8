package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One informer over a set of namespaces: a single-namespace informer (and watch) per namespace
 * behind one handler list and one cache view, for operators scoped to a few namespaces without
 * cluster-wide list rights (controller-runtime's multi-namespace cache does the same).
 *
 * <p>Each handler is registered with every per-namespace informer; per object the order is
 * kept, across namespaces there is no order (there is none on the server either).
 */
final class MultiNamespaceInformer<T extends KubernetesObject> implements SharedIndexInformer<T> {
    private final String description;
    private final Map<String, SharedIndexInformer<T>> informers;
    private final MultiNamespaceIndexer<T> indexer;
    private final Lister<T> lister;

    MultiNamespaceInformer(String description, Map<String, SharedIndexInformer<T>> informers) {
        if (informers.isEmpty()) {
            throw new IllegalArgumentException("a multi-namespace informer needs at least one namespace");
        }
        this.description = description;
        this.informers = new LinkedHashMap<>(informers);
        Map<String, Indexer<T>> indexers = new LinkedHashMap<>();
        informers.forEach((namespace, informer) -> indexers.put(namespace, informer.indexer()));
        this.indexer = new MultiNamespaceIndexer<>(indexers);
        this.lister = Lister.of(indexer);
    }

    @Override
    public HandlerRegistration addEventHandler(ResourceEventHandler<T> handler) {
        return register(informer -> informer.addEventHandler(handler));
    }

    @Override
    public HandlerRegistration addEventHandler(ResourceEventHandler<T> handler, Duration resyncPeriod) {
        return register(informer -> informer.addEventHandler(handler, resyncPeriod));
    }

    private HandlerRegistration register(Function<SharedIndexInformer<T>, HandlerRegistration> add) {
        List<HandlerRegistration> registrations = new ArrayList<>();
        for (SharedIndexInformer<T> informer : informers.values()) {
            registrations.add(add.apply(informer));
        }
        return new HandlerRegistration() {
            @Override
            public boolean hasSynced() {
                return registrations.stream().allMatch(HandlerRegistration::hasSynced);
            }

            @Override
            public void remove() {
                registrations.forEach(HandlerRegistration::remove);
            }

            @Override
            public boolean isRemoved() {
                return registrations.stream().allMatch(HandlerRegistration::isRemoved);
            }
        };
    }

    @Override
    public Indexer<T> indexer() {
        return indexer;
    }

    @Override
    public Lister<T> lister() {
        return lister;
    }

    @Override
    public void addIndexers(Map<String, IndexFunction<T>> indexers) {
        informers.values().forEach(i -> i.addIndexers(indexers));
    }

    @Override
    public void setTransform(UnaryOperator<T> transform) {
        informers.values().forEach(i -> i.setTransform(transform));
    }

    @Override
    public void setWatchErrorHandler(WatchErrorHandler handler) {
        informers.values().forEach(i -> i.setWatchErrorHandler(handler));
    }

    @Override
    public void start() {
        informers.values().forEach(SharedIndexInformer::start);
    }

    @Override
    public boolean hasSynced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public boolean waitForSync(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SharedIndexInformer<T> informer : informers.values()) {
            if (!informer.waitForSync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** Namespace=resourceVersion pairs: each namespace's watch has its own position. */
    @Override
    public String lastSyncResourceVersion() {
        StringBuilder versions = new StringBuilder();
        informers.forEach((namespace, informer) -> versions.append(versions.length() == 0 ? "" : ",")
                .append(namespace).append('=').append(informer.lastSyncResourceVersion()));
        return versions.toString();
    }

    /** The per-namespace statuses combined: healthy only when every namespace is. */
    @Override
    public InformerStatus status() {
        boolean started = true;
        boolean synced = true;
        boolean watching = true;
        Instant downSince = null;
        Instant lastEvent = null;
        String lastError = null;
        Instant lastErrorAt = null;
        long errors = 0;
        long lists = 0;
        long watches = 0;
        int size = 0;
        boolean streaming = true;
        for (SharedIndexInformer<T> informer : informers.values()) {
            InformerStatus s = informer.status();
            started &= s.started();
            synced &= s.synced();
            watching &= s.watching();
            downSince = earliest(downSince, s.watchDownSince());
            lastEvent = latest(lastEvent, s.lastEventAt());
            if (s.lastErrorAt() != null && (lastErrorAt == null || s.lastErrorAt().isAfter(lastErrorAt))) {
                lastErrorAt = s.lastErrorAt();
                lastError = s.lastError();
            }
            errors += s.errors();
            lists += s.lists();
            watches += s.watches();
            size += s.cacheSize();
            streaming &= s.streamingList();
        }
        return new InformerStatus(description, started, synced, watching, downSince, lastEvent, lastError, lastErrorAt,
                errors, lists, watches, size, lastSyncResourceVersion(), streaming);
    }

    private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
    }

    private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null ? a : (a.isAfter(b) ? a : b);
    }

    @Override
    public boolean isStopped() {
        return informers.values().stream().allMatch(SharedIndexInformer::isStopped);
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }

    @Override
    public String toString() {
        return "SharedIndexInformer[" + description + "]";
    }
}
