package dev.capstan.informer;

import dev.capstan.api.KubernetesObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The engine behind {@link SharedIndexInformer}.
 *
 * <h2>Implementation notes</h2>
 * Three kinds of threads: the reflector's (list and watch, writes into {@link #queue}); the
 * process thread (pops the queue, applies each change to {@link #store}, then hands a
 * notification to every listener); and delivery threads from a shared cached pool, at most one
 * per listener at a time, that drain each listener's buffer into its handler. A listener's
 * buffer is unbounded, like client-go's processorListener ring buffer, so the process thread
 * never waits for a handler.
 *
 * <p>{@link #blockDeltas} is held while a popped change is applied and distributed, and while a
 * late handler is registered and given its replay of the cache, so no live change interleaves
 * with a replay and every listener sees changes in cache order.
 *
 * <p>Resync routing follows client-go: a resync tick computes the listeners that are due
 * ({@link #syncing}); {@code SYNC} deltas, and {@code REPLACED} deltas that found the cached
 * object at the same resourceVersion, go only to those; every other change goes to all.
 *
 * <p>A deletion of a key the cache does not hold (possible with the in-order queue, which keeps
 * no known-objects set) updates nothing and notifies no one: handlers never see a deletion of an
 * object they were not told about.
 */
final class DefaultSharedIndexInformer<T extends KubernetesObject> implements SharedIndexInformer<T> {
    private static final System.Logger LOG = System.getLogger(SharedIndexInformer.class.getName());
    private static final Duration MINIMUM_RESYNC = Duration.ofSeconds(1);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService DELIVERY = Executors.newCachedThreadPool(daemon("capstan-informer-handler-"));
    private static final ScheduledExecutorService TIMER = timer();

    private final ListerWatcher<T> listerWatcher;
    private final InformerOptions options;
    private final KeyFunction<T> keyFunction = KeyFunction.namespaceName();
    private final IndexedStore<T> store = IndexedStore.forObjects();
    private final Lister<T> lister = Lister.of(store);
    private final DeltaQueue<T> queue;
    private final Processor processor = new Processor();

    /** Held while a change is applied and distributed, and while a late handler gets its replay. */
    private final ReentrantLock blockDeltas = new ReentrantLock();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    /** The listeners due in the current resync round; written by the timer, read by the process thread. */
    private volatile List<Listener> syncing = List.of();

    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopped;
    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile UnaryOperator<T> transform = UnaryOperator.identity();
    private volatile WatchErrorHandler errorHandler = WatchErrorHandler.logging();
    /** Guarded by {@code this}: how often the resync timer checks; lowered by handlers added before start. */
    private Duration resyncCheckPeriod;
    private volatile @Nullable Reflector<T> reflector;
    private final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();
    private final AtomicInteger errors = new AtomicInteger();
    private volatile boolean watchDownReported;

    DefaultSharedIndexInformer(ListerWatcher<T> listerWatcher, InformerOptions options) {
        this.listerWatcher = Objects.requireNonNull(listerWatcher, "listerWatcher");
        this.options = Objects.requireNonNull(options, "options");
        this.resyncCheckPeriod = options.resyncPeriod();
        this.queue = options.queue() == InformerOptions.QueueKind.DELTA_FIFO
                ? DeltaQueue.deltaFifo(keyFunction, store)
                : DeltaQueue.inOrder(keyFunction);
    }

    // ---- configuration ---------------------------------------------------------------------------

    @Override
    public HandlerRegistration addEventHandler(ResourceEventHandler<T> handler) {
        return addEventHandler(handler, options.resyncPeriod());
    }

    @Override
    public HandlerRegistration addEventHandler(ResourceEventHandler<T> handler, Duration resyncPeriod) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(resyncPeriod, "resyncPeriod");
        if (stopped) {
            throw new IllegalStateException("the informer for " + listerWatcher.description() + " is stopped; it takes no handlers");
        }
        Listener listener = new Listener(handler, handlerResyncPeriod(resyncPeriod));
        blockDeltas.lock();
        try {
            listeners.add(listener);
            if (started.get()) {
                for (T object : store.list()) {
                    listener.add(new Added<>(object, true));
                }
            }
        } finally {
            blockDeltas.unlock();
        }
        return listener;
    }

    /** client-go's rules for a handler's resync period (rule 19). */
    private synchronized Duration handlerResyncPeriod(Duration requested) {
        if (requested.isZero() || requested.isNegative() || options.resyncPeriod().isZero()) {
            return Duration.ZERO;
        }
        Duration period = requested.compareTo(MINIMUM_RESYNC) < 0 ? MINIMUM_RESYNC : requested;
        if (period.compareTo(resyncCheckPeriod) < 0) {
            if (started.get()) {
                LOG.log(System.Logger.Level.WARNING, "resync period " + period + " of a handler of " + listerWatcher.description()
                        + " is below the informer's check period " + resyncCheckPeriod + "; it is raised to that");
                period = resyncCheckPeriod;
            } else {
                resyncCheckPeriod = period;
            }
        }
        return period;
    }

    @Override
    public Indexer<T> indexer() {
        return store;
    }

    @Override
    public Lister<T> lister() {
        return lister;
    }

    @Override
    public void addIndexers(Map<String, IndexFunction<T>> indexers) {
        if (stopped) {
            throw new IllegalStateException("the informer for " + listerWatcher.description() + " is stopped");
        }
        store.addIndexers(indexers);
    }

    @Override
    public void setTransform(UnaryOperator<T> transform) {
        Objects.requireNonNull(transform, "transform");
        requireNotStarted("a transform");
        this.transform = transform;
    }

    @Override
    public void setWatchErrorHandler(WatchErrorHandler handler) {
        Objects.requireNonNull(handler, "handler");
        requireNotStarted("a watch error handler");
        this.errorHandler = handler;
    }

    private void requireNotStarted(String what) {
        if (started.get()) {
            throw new IllegalStateException("the informer for " + listerWatcher.description() + " has started; set "
                    + what + " before start()");
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------------------

    @Override
    public void start() {
        if (stopped) {
            throw new IllegalStateException("the informer for " + listerWatcher.description() + " was closed; create a new one");
        }
        if (!started.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.DEBUG, () -> "the informer for " + listerWatcher.description() + " is already running");
            return;
        }
        WatchErrorHandler handler = errorHandler;
        Reflector<T> r = new Reflector<>(listerWatcher, queue, keyFunction, options.reflector(), transform,
                (description, error) -> {
                    errors.incrementAndGet();
                    handler.onError(description, error);
                }, options.clock());
        reflector = r;
        daemon("capstan-informer-process-").newThread(this::processLoop).start();
        daemon("capstan-reflector-").newThread(r::run).start();
        Duration check;
        synchronized (this) {
            check = resyncCheckPeriod;
        }
        if (!check.isZero()) {
            timers.add(TIMER.scheduleAtFixedRate(this::resyncTick, check.toMillis(), check.toMillis(), TimeUnit.MILLISECONDS));
        }
        long watchCheck = Math.max(200, Math.min(options.watchDownWarning().toMillis() / 2, 10_000));
        timers.add(TIMER.scheduleAtFixedRate(this::checkWatch, watchCheck, watchCheck, TimeUnit.MILLISECONDS));
    }

    private void processLoop() {
        while (!stopped) {
            try {
                if (!queue.pop(processor)) {
                    break;
                }
            } catch (InterruptedException e) {
                if (stopped) {
                    break;
                }
            } catch (RuntimeException e) {
                // an index function threw: the change is skipped; the store stays consistent
                LOG.log(System.Logger.Level.ERROR, "the informer for " + listerWatcher.description()
                        + " could not apply a change: " + e.getMessage(), e);
            }
            if (synced.getCount() > 0 && queue.hasSynced()) {
                synced.countDown();
            }
        }
    }

    private void resyncTick() {
        Instant now = options.clock().instant();
        List<Listener> due = new ArrayList<>();
        for (Listener listener : listeners) {
            if (listener.resyncDue(now)) {
                due.add(listener);
            }
        }
        syncing = due;
        if (!due.isEmpty() && !stopped) {
            queue.resync();
        }
    }

    private void checkWatch() {
        Reflector<T> r = reflector;
        if (r == null || stopped) {
            return;
        }
        Instant downSince = r.watchDownSince();
        Instant now = options.clock().instant();
        if (downSince != null && Duration.between(downSince, now).compareTo(options.watchDownWarning()) > 0) {
            if (!watchDownReported) {
                watchDownReported = true;
                Throwable last = r.lastError();
                LOG.log(System.Logger.Level.WARNING, "the informer for " + listerWatcher.description() + " has had no watch for "
                        + Duration.between(downSince, now).toSeconds() + " s; its cache may be stale. Last error: "
                        + (last == null ? "none" : last.getMessage()));
            }
        } else if (downSince == null && watchDownReported) {
            watchDownReported = false;
            LOG.log(System.Logger.Level.INFO, "the informer for " + listerWatcher.description() + " is watching again");
        }
    }

    @Override
    public boolean hasSynced() {
        return synced.getCount() == 0;
    }

    @Override
    public boolean waitForSync(Duration timeout) throws InterruptedException {
        return synced.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String lastSyncResourceVersion() {
        Reflector<T> r = reflector;
        return r == null ? "" : r.lastSyncResourceVersion();
    }

    @Override
    public InformerStatus status() {
        Reflector<T> r = reflector;
        if (r == null) {
            return new InformerStatus(listerWatcher.description(), false, false, false, null, null, null, null, 0, 0, 0,
                    store.size(), "", false);
        }
        Throwable last = r.lastError();
        return new InformerStatus(listerWatcher.description(), true, hasSynced(), r.isWatching(), r.watchDownSince(),
                r.lastEventAt(), last == null ? null : String.valueOf(last.getMessage()), r.lastErrorAt(), errors.get(),
                r.listCount(), r.watchCount(), store.size(), r.lastSyncResourceVersion(), r.usedStreamingList());
    }

    @Override
    public boolean isStopped() {
        return stopped;
    }

    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        timers.forEach(t -> t.cancel(false));
        Reflector<T> r = reflector;
        if (r != null) {
            r.close();
        }
        queue.close();
        for (Listener listener : listeners) {
            listener.remove();
        }
    }

    @Override
    public String toString() {
        return "SharedIndexInformer[" + listerWatcher.description() + "]";
    }

    // ---- applying changes ------------------------------------------------------------------------------

    /** Applies popped work to the store, then notifies; runs on the process thread under the queue's lock. */
    private final class Processor implements DeltaProcessor<T> {

        @Override
        public void process(List<Delta<T>> deltas, boolean initialList) {
            blockDeltas.lock();
            try {
                for (Delta<T> delta : deltas) {
                    apply(delta, initialList);
                }
            } finally {
                blockDeltas.unlock();
            }
        }

        @Override
        public void replaceAll(List<T> objects, boolean initialList) {
            blockDeltas.lock();
            try {
                Set<String> listed = new HashSet<>(Math.max(16, (int) (objects.size() / 0.75f) + 1));
                for (T object : objects) {
                    listed.add(keyFunction.keyOf(object));
                }
                for (String key : store.listKeys()) {
                    if (!listed.contains(key)) {
                        T gone = store.deleteByKey(key);
                        if (gone != null) {
                            distribute(new Deleted<>(new DeletedObject<>(gone, true)), false);
                        }
                    }
                }
                for (T object : objects) {
                    upsert(object, Delta.Type.REPLACED, initialList);
                }
            } finally {
                blockDeltas.unlock();
            }
        }

        @Override
        public void resyncAll() {
            blockDeltas.lock();
            try {
                for (T object : store.list()) {
                    distribute(new Updated<>(object, object), true);
                }
            } finally {
                blockDeltas.unlock();
            }
        }

        private void apply(Delta<T> delta, boolean initialList) {
            if (delta.type() == Delta.Type.DELETED) {
                T gone = store.delete(delta.object());
                if (gone != null) {
                    distribute(new Deleted<>(new DeletedObject<>(delta.object(), delta.finalStateUnknown())), false);
                }
            } else {
                upsert(delta.object(), delta.type(), initialList);
            }
        }

        private void upsert(T object, Delta.Type type, boolean initialList) {
            T old = store.put(object);
            if (old == null) {
                distribute(new Added<>(object, initialList), false);
            } else {
                boolean sync = type == Delta.Type.SYNC
                        || (type == Delta.Type.REPLACED && Objects.equals(resourceVersion(old), resourceVersion(object)));
                distribute(new Updated<>(old, object), sync);
            }
        }
    }

    private static @Nullable String resourceVersion(KubernetesObject object) {
        return object.metadata() == null ? null : object.metadata().resourceVersion();
    }

    private void distribute(Notification<T> notification, boolean sync) {
        for (Listener listener : sync ? syncing : listeners) {
            listener.add(notification);
        }
    }

    // ---- listeners ------------------------------------------------------------------------------------------

    private sealed interface Notification<T> permits Added, Updated, Deleted {}

    private record Added<T>(T object, boolean initialList) implements Notification<T> {}

    private record Updated<T>(T oldObject, T newObject) implements Notification<T> {}

    private record Deleted<T>(DeletedObject<T> deleted) implements Notification<T> {}

    /**
     * One handler with its buffer. At most one delivery task runs per listener ({@link #scheduled}),
     * so calls to the handler are sequential and in buffer order.
     */
    private final class Listener implements HandlerRegistration {
        private final ResourceEventHandler<T> handler;
        private final Duration resyncPeriod;
        /** Guarded by itself: notifications not yet delivered. */
        private final ArrayDeque<Notification<T>> buffer = new ArrayDeque<>();
        /** Guarded by {@link #buffer}: whether a delivery task is queued or running. */
        private boolean scheduled;
        /** Initial-list notifications buffered but not yet delivered. */
        private final AtomicInteger pendingInitial = new AtomicInteger();
        private volatile boolean removed;
        /** Guarded by the resync timer (single thread). */
        private @Nullable Instant nextResync;

        Listener(ResourceEventHandler<T> handler, Duration resyncPeriod) {
            this.handler = handler;
            this.resyncPeriod = resyncPeriod;
        }

        void add(Notification<T> notification) {
            if (removed) {
                return;
            }
            if (notification instanceof Added<T> added && added.initialList()) {
                pendingInitial.incrementAndGet();
            }
            boolean schedule;
            synchronized (buffer) {
                buffer.add(notification);
                schedule = !scheduled;
                scheduled = true;
            }
            if (schedule) {
                DELIVERY.execute(this::drain);
            }
        }

        private void drain() {
            while (true) {
                Notification<T> next;
                synchronized (buffer) {
                    next = buffer.poll();
                    if (next == null) {
                        scheduled = false;
                        return;
                    }
                }
                try {
                    if (!removed) {
                        deliver(next);
                    }
                } catch (Throwable e) {
                    if (e instanceof VirtualMachineError fatal) {
                        throw fatal;
                    }
                    LOG.log(System.Logger.Level.ERROR, "a handler of " + listerWatcher.description() + " failed on "
                            + describe(next) + "; the notification is skipped", e);
                } finally {
                    if (next instanceof Added<T> added && added.initialList()) {
                        pendingInitial.decrementAndGet();
                    }
                }
            }
        }

        private void deliver(Notification<T> notification) {
            if (notification instanceof Added<T> added) {
                handler.onAdd(added.object(), added.initialList());
            } else if (notification instanceof Updated<T> updated) {
                handler.onUpdate(updated.oldObject(), updated.newObject());
            } else if (notification instanceof Deleted<T> deleted) {
                handler.onDelete(deleted.deleted());
            }
        }

        private String describe(Notification<T> notification) {
            T object = notification instanceof Added<T> a ? a.object()
                    : notification instanceof Updated<T> u ? u.newObject() : ((Deleted<T>) notification).deleted().object();
            String what = notification instanceof Added ? "add" : notification instanceof Updated ? "update" : "delete";
            return what + " of " + keyFunction.keyOf(object);
        }

        boolean resyncDue(Instant now) {
            if (resyncPeriod.isZero() || removed) {
                return false;
            }
            if (nextResync == null) {
                nextResync = now.plus(resyncPeriod);
                return false;
            }
            if (now.isBefore(nextResync)) {
                return false;
            }
            nextResync = now.plus(resyncPeriod);
            return true;
        }

        @Override
        public boolean hasSynced() {
            return DefaultSharedIndexInformer.this.hasSynced() && pendingInitial.get() == 0;
        }

        @Override
        public void remove() {
            removed = true;
            listeners.remove(this);
        }

        @Override
        public boolean isRemoved() {
            return removed;
        }

        @Override
        public String toString() {
            return "HandlerRegistration[" + handler + " on " + listerWatcher.description() + "]";
        }
    }

    // ---- threads ---------------------------------------------------------------------------------------------

    private static ThreadFactory daemon(String prefix) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("capstan-informer-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
