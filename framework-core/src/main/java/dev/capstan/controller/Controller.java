package dev.capstan.controller;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.ResourceType;
import dev.capstan.informer.DeletedObject;
import dev.capstan.informer.HandlerRegistration;
import dev.capstan.informer.InformerSelection;
import dev.capstan.informer.InformerStatus;
import dev.capstan.informer.ResourceEventHandler;
import dev.capstan.informer.SharedIndexInformer;
import dev.capstan.informer.SharedInformerFactory;
import dev.capstan.workqueue.RateLimiter;
import dev.capstan.workqueue.RateLimitingQueue;
import dev.capstan.workqueue.WorkQueueOptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * One controller: informers for its primary resource and for what it owns or watches, event
 * handlers that turn events into {@link Request}s, one rate-limited work queue, and
 * {@code workers} threads calling {@link Reconciler#reconcile}.
 *
 * <pre>{@code
 * Controller<ConfigMap> controller = Controller.builder("mirror", factory, ConfigMap.class)
 *         .withEventFilter(EventFilter.resourceVersionChanged())
 *         .owns(Secret.class)                                  // owned Secrets map to their owner
 *         .watches(Namespace.class, ns -> requestsFor(ns))     // anything else: a mapping function
 *         .workers(4)
 *         .reconciler(request -> { ...; return Result.done(); })
 *         .build();
 * controller.start();            // handlers, informers, cache sync, then workers
 * ...
 * controller.close();            // stop intake, let running reconciles finish (30 s), stop
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>The same request is never reconciled concurrently (the work queue's rule); several
 *       events for one request while it waits collapse into one reconcile.</li>
 *   <li>Workers start only after every informer the controller uses has synced and its handlers
 *       have seen the initial lists, so listers are complete when reconcile first runs.</li>
 *   <li>A reconcile that throws is logged with its request and retried with the rate limiter's
 *       backoff (default: per-request exponential 5 ms → 1000 s, overall 10 qps burst 100);
 *       errors never kill a worker. See {@link Reconciler} and {@link Result}.</li>
 *   <li>Stopping stops intake first; reconciles already running finish (up to the timeout), then
 *       workers end. Workers can be started again (after losing and regaining leadership): every
 *       primary object is then queued once.</li>
 * </ul>
 * The builder is sugar over the parts: an informer from the factory, a
 * {@link ResourceEventHandler} per source calling {@link KeyMapper}s and {@link EventFilter}s,
 * a {@link RateLimitingQueue}, threads.
 */
public final class Controller<T extends KubernetesObject> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Controller.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String name;
    private final SharedInformerFactory factory;
    private final SharedIndexInformer<T> primary;
    private final List<Source<?>> sources;
    private final Reconciler<T> reconciler;
    private final int workers;
    private final RateLimiter<Request> rateLimiter;
    private final Duration syncTimeout;
    private final ControllerMetrics metrics;

    /** Guarded by {@code this}. */
    private final List<HandlerRegistration> registrations = new ArrayList<>();
    /** The queue handlers add to; replaced when workers restart. */
    private volatile @Nullable RateLimitingQueue<Request> queue;
    /** Guarded by {@code this}: the current worker threads. */
    private final List<Thread> threads = new ArrayList<>();
    /** Set to stop workers from taking new requests. */
    private volatile boolean stopping;
    private volatile boolean closed;

    private Controller(Builder<T> builder) {
        this.name = builder.name;
        this.factory = builder.factory;
        this.primary = factory.informerFor(builder.primaryType, builder.selection);
        List<Source<?>> all = new ArrayList<>();
        all.add(new Source<>(primary, KeyMapper.self(), builder.primaryFilter));
        for (Builder.SourceSpec<?> spec : builder.specs) {
            all.add(source(spec));
        }
        this.sources = List.copyOf(all);
        this.reconciler = Objects.requireNonNull(builder.reconciler, "reconciler");
        this.workers = builder.workers;
        this.rateLimiter = builder.rateLimiter;
        this.syncTimeout = builder.syncTimeout;
        this.metrics = new ControllerMetrics(builder.meters, name, workers);
    }

    private <W extends KubernetesObject> Source<W> source(Builder.SourceSpec<W> spec) {
        return new Source<>(spec.informer().get(), spec.mapper(), spec.filter());
    }

    /**
     * A controller named {@code name} (for logs and metrics; unique per process) for the
     * {@code primary} resource, with informers from {@code factory}.
     */
    public static <T extends KubernetesObject> Builder<T> builder(String name, SharedInformerFactory factory, Class<T> primary) {
        return new Builder<>(name, factory, primary);
    }

    public String name() {
        return name;
    }

    /** The informer of the primary resource (its lister is what reconcile usually reads). */
    public SharedIndexInformer<T> informer() {
        return primary;
    }

    /** Requests waiting in the queue now (0 when workers are stopped). */
    public int queueLength() {
        RateLimitingQueue<Request> q = queue;
        return q == null ? 0 : q.len();
    }

    /** Whether workers are running. */
    public synchronized boolean isRunning() {
        return !threads.isEmpty() && !stopping;
    }

    /**
     * Registers the handlers, starts the informers (through the factory), waits for them to sync,
     * then starts the workers. Returns once workers run.
     *
     * @throws IllegalStateException when the informers do not sync within the sync timeout,
     *     listing each unsynced informer with its last error (for example RBAC forbidding the list)
     */
    public void start() throws InterruptedException {
        prepare();
        factory.start();
        awaitSynced();
        startWorkers();
    }

    /** Registers the event handlers (idempotent). Events are queued only while workers run. */
    synchronized void prepare() {
        if (closed) {
            throw new IllegalStateException("controller " + name + " is closed");
        }
        if (registrations.isEmpty()) {
            for (Source<?> source : sources) {
                registrations.add(source.register());
            }
        }
    }

    /** Waits until every informer has synced and every handler has seen its initial list. */
    void awaitSynced() throws InterruptedException {
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        List<HandlerRegistration> pending;
        synchronized (this) {
            pending = List.copyOf(registrations);
        }
        for (int i = 0; i < pending.size(); i++) {
            Source<?> source = sources.get(i);
            source.informer.waitForSync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            while (!pending.get(i).hasSynced() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        List<String> unsynced = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            if (!pending.get(i).hasSynced()) {
                InformerStatus status = sources.get(i).informer.status();
                unsynced.add(status.description() + (status.lastError() == null ? " (no error reported yet)" : ": " + status.lastError()));
            }
        }
        if (!unsynced.isEmpty()) {
            throw new IllegalStateException("controller " + name + ": informers did not sync within " + syncTimeout.toSeconds()
                    + " s: " + String.join("; ", unsynced));
        }
    }

    /** Starts the workers with a fresh queue; after a restart, queues every primary object once. */
    synchronized void startWorkers() {
        if (closed) {
            throw new IllegalStateException("controller " + name + " is closed");
        }
        if (!threads.isEmpty()) {
            return;
        }
        stopping = false;
        RateLimitingQueue<Request> q = RateLimitingQueue.create(rateLimiter,
                WorkQueueOptions.defaults().withName(name).withMetrics(metrics.queueMetrics()));
        queue = q;
        // Events are dropped while no workers run (before the first start, and between a stop and
        // a restart), so every primary object is queued once: reconcile is level-based.
        for (T object : primary.indexer().list()) {
            q.add(Request.of(object));
        }
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(() -> work(q), "capstan-controller-" + name + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        LOG.log(System.Logger.Level.INFO, () -> "controller " + name + ": started " + workers + " workers");
    }

    /**
     * Stops the workers: no new reconcile starts; running ones get up to {@code timeout} to
     * finish, then their threads are interrupted. Returns whether all finished in time.
     */
    public boolean stopWorkers(Duration timeout) throws InterruptedException {
        List<Thread> running;
        RateLimitingQueue<Request> q;
        synchronized (this) {
            stopping = true;
            running = List.copyOf(threads);
            threads.clear();
            q = queue;
        }
        if (q != null) {
            q.shutDown();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean clean = true;
        for (Thread thread : running) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                clean = false;
                LOG.log(System.Logger.Level.WARNING, "controller " + name + ": a reconcile on " + thread.getName()
                        + " did not finish within " + timeout.toSeconds() + " s; interrupting it");
                thread.interrupt();
            }
        }
        return clean;
    }

    /** Stops the workers (30 s for running reconciles) and removes the handlers. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            stopWorkers(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            registrations.forEach(HandlerRegistration::remove);
            registrations.clear();
        }
    }

    // ---- the worker loop -------------------------------------------------------------------------

    private void work(RateLimitingQueue<Request> q) {
        metrics.workerStarted();
        try {
            for (Optional<Request> next; (next = q.get()).isPresent(); ) {
                Request request = next.get();
                if (stopping) {
                    q.done(request);
                    return;
                }
                reconcileOne(q, request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.workerStopped();
        }
    }

    private void reconcileOne(RateLimitingQueue<Request> q, Request request) {
        long started = System.nanoTime();
        MDC.put("reconcile.controller", name);
        MDC.put("reconcile.key", request.key());
        String outcome;
        boolean error = false;
        boolean terminal = false;
        try {
            Result result = reconciler.reconcile(request);
            if (result == null) {
                throw new IllegalStateException("the reconciler returned null; return Result.done() instead");
            }
            if (result.requeueAfter() != null) {
                q.forget(request);
                q.addAfter(request, result.requeueAfter());
                outcome = "requeue_after";
            } else if (result.requeue()) {
                q.addRateLimited(request);
                outcome = "requeue";
            } else {
                q.forget(request);
                outcome = "success";
            }
        } catch (TerminalReconcileException e) {
            q.forget(request);
            outcome = "error";
            error = true;
            terminal = true;
            LOG.log(System.Logger.Level.ERROR, "controller " + name + ": reconcile of " + request
                    + " failed terminally (not retried): " + e.getMessage(), e);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            int attempt = q.numRequeues(request) + 1;
            q.addRateLimited(request);
            outcome = "error";
            error = true;
            LOG.log(System.Logger.Level.ERROR, "controller " + name + ": reconcile of " + request + " failed (attempt " + attempt
                    + "); retrying with backoff: " + e, e);
        } finally {
            q.done(request);
            MDC.remove("reconcile.key");
            MDC.remove("reconcile.controller");
        }
        metrics.reconciled(outcome, System.nanoTime() - started, error, terminal);
    }

    // ---- sources -------------------------------------------------------------------------------------

    /** One informer feeding the queue through a mapper and a filter. */
    private final class Source<S extends KubernetesObject> {
        final SharedIndexInformer<S> informer;
        final KeyMapper<S> mapper;
        final EventFilter<S> filter;

        Source(SharedIndexInformer<S> informer, KeyMapper<S> mapper, EventFilter<S> filter) {
            this.informer = informer;
            this.mapper = mapper;
            this.filter = filter;
        }

        HandlerRegistration register() {
            return informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(S object, boolean initialList) {
                    if (filter.create(object)) {
                        enqueue(object);
                    }
                }

                @Override
                public void onUpdate(S oldObject, S newObject) {
                    if (filter.update(oldObject, newObject)) {
                        enqueue(newObject);
                    }
                }

                @Override
                public void onDelete(DeletedObject<S> deleted) {
                    if (filter.delete(deleted)) {
                        enqueue(deleted.object());
                    }
                }

                @Override
                public String toString() {
                    return "controller " + name;
                }
            });
        }

        private void enqueue(S object) {
            RateLimitingQueue<Request> q = queue;
            if (q == null || stopping) {
                return; // not running: startWorkers queues every primary object
            }
            Collection<Request> requests = mapper.map(object);
            for (Request request : requests) {
                q.add(request);
            }
        }
    }

    // ---- builder ---------------------------------------------------------------------------------------

    /**
     * Assembles a controller; errors (no reconciler, bad worker count) are reported by
     * {@link #build()}. Defaults: 1 worker, {@link RateLimiter#defaultControllerRateLimiter()},
     * all namespaces, every event of the primary resource, 2 min to sync, no metrics.
     */
    public static final class Builder<T extends KubernetesObject> {
        private final String name;
        private final SharedInformerFactory factory;
        private final Class<T> primaryType;
        private InformerSelection selection = InformerSelection.all();
        private EventFilter<T> primaryFilter = EventFilter.all();
        private final List<SourceSpec<?>> specs = new ArrayList<>();
        private @Nullable Reconciler<T> reconciler;
        private int workers = 1;
        private RateLimiter<Request> rateLimiter = RateLimiter.defaultControllerRateLimiter();
        private Duration syncTimeout = Duration.ofMinutes(2);
        private @Nullable MeterRegistry meters;

        private Builder(String name, SharedInformerFactory factory, Class<T> primaryType) {
            this.name = Objects.requireNonNull(name, "name");
            this.factory = Objects.requireNonNull(factory, "factory");
            this.primaryType = Objects.requireNonNull(primaryType, "primary");
        }

        /** Which primary objects to watch (namespaces, selectors); default all. */
        public Builder<T> selection(InformerSelection value) {
            this.selection = Objects.requireNonNull(value, "selection");
            return this;
        }

        /** Filters events of the primary resource (combined with earlier filters by AND). */
        public Builder<T> withEventFilter(EventFilter<T> filter) {
            this.primaryFilter = primaryFilter.and(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /**
         * Watches {@code owned} objects (all namespaces) and reconciles their controlling owner
         * of the primary type, on create, update and delete.
         */
        @SafeVarargs
        public final <O extends KubernetesObject> Builder<T> owns(Class<O> owned, EventFilter<O>... filters) {
            return watches(owned, InformerSelection.all(), KeyMapper.controllerOwner(ResourceType.of(primaryType)), filters);
        }

        /** Watches {@code watched} objects (all namespaces) and reconciles what {@code mapper} returns. */
        @SafeVarargs
        public final <W extends KubernetesObject> Builder<T> watches(Class<W> watched, KeyMapper<W> mapper, EventFilter<W>... filters) {
            return watches(watched, InformerSelection.all(), mapper, filters);
        }

        /** Watches a selection of {@code watched} objects and reconciles what {@code mapper} returns. */
        @SafeVarargs
        public final <W extends KubernetesObject> Builder<T> watches(Class<W> watched, InformerSelection watchedSelection,
                KeyMapper<W> mapper, EventFilter<W>... filters) {
            Objects.requireNonNull(watched, "watched");
            Objects.requireNonNull(watchedSelection, "selection");
            Objects.requireNonNull(mapper, "mapper");
            EventFilter<W> filter = EventFilter.all();
            for (EventFilter<W> f : filters) {
                filter = filter.and(f);
            }
            EventFilter<W> combined = filter;
            specs.add(new SourceSpec<>(() -> factory.informerFor(watched, watchedSelection), mapper, combined));
            return this;
        }

        /** Watches an informer the caller built (for example a metadata-only one). */
        @SafeVarargs
        public final <W extends KubernetesObject> Builder<T> watches(SharedIndexInformer<W> informer, KeyMapper<W> mapper,
                EventFilter<W>... filters) {
            Objects.requireNonNull(informer, "informer");
            EventFilter<W> filter = EventFilter.all();
            for (EventFilter<W> f : filters) {
                filter = filter.and(f);
            }
            EventFilter<W> combined = filter;
            specs.add(new SourceSpec<>(() -> informer, mapper, combined));
            return this;
        }

        public Builder<T> reconciler(Reconciler<T> value) {
            this.reconciler = Objects.requireNonNull(value, "reconciler");
            return this;
        }

        /** Worker threads: how many different requests are reconciled at once; default 1. */
        public Builder<T> workers(int count) {
            this.workers = count;
            return this;
        }

        public Builder<T> rateLimiter(RateLimiter<Request> value) {
            this.rateLimiter = Objects.requireNonNull(value, "rateLimiter");
            return this;
        }

        /** How long {@link Controller#start()} waits for informers to sync; default 2 min. */
        public Builder<T> syncTimeout(Duration value) {
            this.syncTimeout = Objects.requireNonNull(value, "syncTimeout");
            return this;
        }

        /** Publishes controller-runtime's controller and workqueue metrics to {@code registry}. */
        public Builder<T> meterRegistry(MeterRegistry registry) {
            this.meters = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Builds the controller (nothing runs until {@link Controller#start()}).
         *
         * @throws IllegalStateException naming what is missing or wrong
         */
        public Controller<T> build() {
            if (reconciler == null) {
                throw new IllegalStateException("controller " + name + " has no reconciler: call reconciler(...)");
            }
            if (workers < 1) {
                throw new IllegalStateException("controller " + name + " needs at least 1 worker, not " + workers);
            }
            if (name.isBlank()) {
                throw new IllegalStateException("a controller needs a name (it labels logs and metrics)");
            }
            return new Controller<>(this);
        }

        private record SourceSpec<W extends KubernetesObject>(java.util.function.Supplier<SharedIndexInformer<W>> informer,
                KeyMapper<W> mapper, EventFilter<W> filter) {}
    }
}
