package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A cache of one resource selection, kept current by a {@link Reflector}, indexed, and shared by
 * any number of {@link ResourceEventHandler}s (client-go's {@code SharedIndexInformer}).
 *
 * <h2>Order of effects</h2> For every change: the cache is updated first, then every handler is
 * notified (each on its own delivery thread, through its own unbounded buffer, so a slow handler
 * never holds up the informer or other handlers).
 *
 * <h2>Lifecycle</h2> Configure ({@link #setTransform}, {@link #setWatchErrorHandler}) before
 * {@link #start()}; handlers and indexers may be added any time. {@link #start()} returns at once
 * (the informer runs on its own threads); {@link #close()} stops it. A closed informer cannot be
 * restarted.
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use.
 */
public interface SharedIndexInformer<T extends KubernetesObject> extends AutoCloseable {

    /** Adds a handler with the informer's resync period; see {@link #addEventHandler(ResourceEventHandler, Duration)}. */
    HandlerRegistration addEventHandler(ResourceEventHandler<T> handler);

    /**
     * Adds a handler. Added after start, it first gets an {@code onAdd(object, true)} for every
     * cached object (no live change interleaves with that replay).
     *
     * @param resyncPeriod how often this handler gets every cached object again; zero for never.
     *     Below one second it becomes one second; it cannot be more frequent than the informer's
     *     own check period once started (client-go's rules)
     */
    HandlerRegistration addEventHandler(ResourceEventHandler<T> handler, Duration resyncPeriod);

    /** The cache. Read-only: the informer is its only writer. */
    Indexer<T> indexer();

    /** A typed lister over {@link #indexer()}. */
    Lister<T> lister();

    /** Adds indexes; allowed before and after start (the new index is built from the current contents). */
    void addIndexers(Map<String, IndexFunction<T>> indexers);

    /**
     * Sets the function applied to every object before it is cached (for example to drop large
     * fields). It may run again on an object it already transformed, so it must be idempotent.
     *
     * @throws IllegalStateException after {@link #start()}
     */
    void setTransform(UnaryOperator<T> transform);

    /**
     * Sets who is told about list/watch failures (default: logged).
     *
     * @throws IllegalStateException after {@link #start()}
     */
    void setWatchErrorHandler(WatchErrorHandler handler);

    /** Starts listing and watching on the informer's own threads; returns at once. A second call does nothing. */
    void start();

    /** Whether the first complete list has been processed (see {@link HandlerRegistration#hasSynced()} for handlers). */
    boolean hasSynced();

    /**
     * Blocks until {@link #hasSynced()} or {@code timeout}.
     *
     * @return whether the informer synced in time
     */
    boolean waitForSync(Duration timeout) throws InterruptedException;

    /** The resourceVersion the cache reflects ("" before the first list). */
    String lastSyncResourceVersion();

    /** Health: watching, last event, last error, relists, cache size. */
    InformerStatus status();

    /** Whether {@link #close()} was called. */
    boolean isStopped();

    /** Stops watching and delivering; handlers get nothing more. Idempotent. */
    @Override
    void close();

    /** An informer over {@code listerWatcher}. Usually obtained from a {@link SharedInformerFactory} instead. */
    static <T extends KubernetesObject> SharedIndexInformer<T> create(ListerWatcher<T> listerWatcher, InformerOptions options) {
        return new DefaultSharedIndexInformer<>(listerWatcher, options);
    }
}
