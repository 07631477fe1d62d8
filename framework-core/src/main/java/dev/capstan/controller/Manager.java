package dev.capstan.controller;

import dev.capstan.api.KubernetesObject;
import dev.capstan.client.KubernetesClient;
import dev.capstan.informer.InformerOptions;
import dev.capstan.informer.SharedInformerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs several controllers on one client and one shared informer factory (controller-runtime's
 * manager): controllers asking for the same resource and selection share one informer and one
 * watch.
 *
 * <pre>{@code
 * try (Manager manager = Manager.create(client)) {
 *     manager.add(Controller.builder("foo", manager.informers(), Foo.class).owns(Deployment.class)
 *             .reconciler(new FooReconciler(manager.informers().lister(Foo.class))).build());
 *     manager.start();         // handlers → informers → cache sync → workers
 *     ...
 * }                            // workers stop (running reconciles finish), then informers
 * }</pre>
 *
 * <h2>Order</h2> {@link #start()}: register every controller's handlers, start the informers,
 * wait until all have synced, then start every controller's workers. {@link #close()}: the
 * reverse — workers first (within the shutdown timeout), then informers.
 */
public final class Manager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Manager.class.getName());

    private final KubernetesClient client;
    private final SharedInformerFactory informers;
    private final Duration shutdownTimeout;
    /** Guarded by {@code this}. */
    private final List<Controller<?>> controllers = new ArrayList<>();
    /** Guarded by {@code this}. */
    private boolean started;
    /** Guarded by {@code this}. */
    private boolean closed;

    private Manager(KubernetesClient client, InformerOptions options, Duration shutdownTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.informers = SharedInformerFactory.create(client, options);
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    /** A manager with default informer options and 30 s for running reconciles at shutdown. */
    public static Manager create(KubernetesClient client) {
        return new Manager(client, InformerOptions.defaults(), Duration.ofSeconds(30));
    }

    public static Manager create(KubernetesClient client, InformerOptions options, Duration shutdownTimeout) {
        return new Manager(client, options, shutdownTimeout);
    }

    public KubernetesClient client() {
        return client;
    }

    /** The shared informer factory every controller of this manager uses. */
    public SharedInformerFactory informers() {
        return informers;
    }

    /** A controller builder bound to this manager's informers; {@link #add} the result. */
    public <T extends KubernetesObject> Controller.Builder<T> controller(String name, Class<T> primary) {
        return Controller.builder(name, informers, primary);
    }

    /**
     * Adds a controller built on {@link #informers()}. Added after {@link #start()}, it starts at
     * once (its informers sync first).
     */
    public void add(Controller<?> controller) throws InterruptedException {
        Objects.requireNonNull(controller, "controller");
        boolean startNow;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the manager is closed");
            }
            for (Controller<?> existing : controllers) {
                if (existing.name().equals(controller.name())) {
                    throw new IllegalArgumentException("a controller named '" + controller.name() + "' is already registered; "
                            + "names label logs and metrics and must be unique");
                }
            }
            controllers.add(controller);
            startNow = started;
        }
        if (startNow) {
            controller.start();
        }
    }

    /** The controllers added so far. */
    public synchronized List<Controller<?>> controllers() {
        return List.copyOf(controllers);
    }

    /**
     * Starts everything: handlers, informers, cache sync, workers. Returns once workers run.
     *
     * @throws IllegalStateException when informers do not sync in time (naming them and why)
     */
    public void start() throws InterruptedException {
        List<Controller<?>> all;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the manager is closed");
            }
            if (started) {
                return;
            }
            started = true;
            all = List.copyOf(controllers);
        }
        for (Controller<?> controller : all) {
            controller.prepare();
        }
        informers.start();
        for (Controller<?> controller : all) {
            controller.awaitSynced();
        }
        for (Controller<?> controller : all) {
            controller.startWorkers();
        }
        LOG.log(System.Logger.Level.INFO, () -> "manager: " + all.size() + " controllers running");
    }

    /** Stops the workers of every controller (running reconciles get the shutdown timeout), then the informers. */
    @Override
    public void close() {
        List<Controller<?>> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(controllers);
        }
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        for (Controller<?> controller : all) {
            try {
                controller.stopWorkers(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            controller.close();
        }
        informers.close();
    }
}
