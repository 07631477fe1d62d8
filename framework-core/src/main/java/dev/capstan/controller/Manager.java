package dev.capstan.controller;

import dev.capstan.api.KubernetesObject;
import dev.capstan.client.KubernetesClient;
import dev.capstan.informer.InformerOptions;
import dev.capstan.informer.SharedInformerFactory;
import dev.capstan.leaderelection.LeaderCallbacks;
import dev.capstan.leaderelection.LeaderElectionConfig;
import dev.capstan.leaderelection.LeaderElectionMetrics;
import dev.capstan.leaderelection.LeaderElector;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs several controllers on one client and one shared informer factory (controller-runtime's
 * manager): controllers asking for the same resource and selection share one informer and one
 * watch. Optionally leader-elected.
 *
 * <pre>{@code
 * try (Manager manager = Manager.builder(client)
 *         .leaderElection(LeaderElectionConfig.defaults("shop", "foo-operator"))
 *         .meterRegistry(registry)
 *         .build()) {
 *     manager.add(manager.controller("foo", Foo.class).owns(Deployment.class)
 *             .reconciler(new FooReconciler(manager.informers().lister(Foo.class))).build());
 *     manager.start();         // handlers → informers → cache sync → (leadership) → workers
 *     ...
 * }                            // workers stop (running reconciles finish), lease released, informers stop
 * }</pre>
 *
 * <h2>Order</h2> {@link #start()}: register every controller's handlers, start the informers,
 * wait until all have synced, then — without leader election — start every controller's workers.
 * With leader election the caches are filled on every replica (a warm standby), but workers run
 * only while this replica leads: they start when it wins the lease and stop when it loses it,
 * within {@code leaseDuration − renewDeadline}, before anyone else can lead. A replica that lost
 * leadership stays a candidate and may lead again (it does not exit). {@link #close()} runs in
 * reverse: workers (within the shutdown timeout), the lease (released after the workers
 * stopped), the informers.
 */
public final class Manager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Manager.class.getName());

    private final KubernetesClient client;
    private final SharedInformerFactory informers;
    private final Duration shutdownTimeout;
    private final @Nullable LeaderElectionConfig leaderElection;
    private final @Nullable MeterRegistry meters;
    /** Guarded by {@code this}. */
    private final List<Controller<?>> controllers = new ArrayList<>();
    /** Guarded by {@code this}. */
    private boolean started;
    /** Guarded by {@code this}. */
    private boolean closed;
    private volatile @Nullable LeaderElector elector;

    private Manager(Builder builder) {
        this.client = builder.client;
        this.informers = SharedInformerFactory.create(client, builder.informerOptions);
        this.shutdownTimeout = builder.shutdownTimeout;
        this.leaderElection = builder.leaderElection;
        this.meters = builder.meters;
        if (meters != null) {
            informers.bindMetrics(meters);
        }
    }

    /** A manager with default informer options, no leader election and 30 s for running reconciles at shutdown. */
    public static Manager create(KubernetesClient client) {
        return builder(client).build();
    }

    public static Builder builder(KubernetesClient client) {
        return new Builder(client);
    }

    public KubernetesClient client() {
        return client;
    }

    /** The shared informer factory every controller of this manager uses. */
    public SharedInformerFactory informers() {
        return informers;
    }

    /** A controller builder bound to this manager's informers (and meter registry); {@link #add} the result. */
    public <T extends KubernetesObject> Controller.Builder<T> controller(String name, Class<T> primary) {
        Controller.Builder<T> builder = Controller.builder(name, informers, primary);
        return meters == null ? builder : builder.meterRegistry(meters);
    }

    /**
     * Adds a controller built on {@link #informers()}. Added after {@link #start()}, it starts at
     * once (its informers sync first; its workers run if this replica leads).
     *
     * @throws IllegalArgumentException when a controller of the same name is registered
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
            controller.prepare();
            informers.start();
            controller.awaitSynced();
            if (leaderElection == null || isLeader()) {
                controller.startWorkers();
            }
        }
    }

    /** The controllers added so far. */
    public synchronized List<Controller<?>> controllers() {
        return List.copyOf(controllers);
    }

    /** Whether this replica runs its workers: always without leader election, else while it leads. */
    public boolean isLeader() {
        LeaderElector e = elector;
        return leaderElection == null ? started() : e != null && e.isLeader();
    }

    /** The current leader's identity, when leader election is on and a leader is known. */
    public Optional<String> leaderIdentity() {
        LeaderElector e = elector;
        return e == null ? Optional.empty() : e.leaderIdentity();
    }

    private synchronized boolean started() {
        return started && !closed;
    }

    /**
     * Starts everything: handlers, informers, cache sync, then workers (or the leader election
     * that starts them). Returns once workers run, or once the election has begun.
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
        if (leaderElection == null) {
            startWorkers();
            return;
        }
        LeaderElector e = LeaderElector.builder(leaderElection)
                .client(client)
                .callbacks(LeaderCallbacks.of(this::startWorkers, this::stopWorkersForLostLeadership))
                .metrics(meters == null ? LeaderElectionMetrics.NOOP : LeaderElectionMetrics.micrometer(meters))
                .build();
        elector = e;
        e.start();
        LOG.log(System.Logger.Level.INFO, () -> "manager: caches synced; candidate " + leaderElection.identity()
                + " for lease " + leaderElection.lockNamespace() + "/" + leaderElection.lockName());
    }

    private void startWorkers() {
        for (Controller<?> controller : controllers()) {
            controller.startWorkers();
        }
        LOG.log(System.Logger.Level.INFO, () -> "manager: " + controllers().size() + " controllers running");
    }

    /** Leadership lost (or closing): stop before anyone else may lead. */
    private void stopWorkersForLostLeadership() {
        Duration budget = leaderElection.leaseDuration().minus(leaderElection.renewDeadline());
        stopWorkers(budget.compareTo(shutdownTimeout) < 0 ? budget : shutdownTimeout);
    }

    private void stopWorkers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Controller<?> controller : controllers()) {
            try {
                controller.stopWorkers(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops the workers of every controller (running reconciles get the shutdown timeout), releases
     * the lease when leading, then stops the informers. Idempotent.
     */
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
        stopWorkers(shutdownTimeout); // running reconciles get the whole shutdown timeout
        LeaderElector e = elector;
        if (e != null) {
            e.close(); // ends the term (workers already stopped), then releases the lease
        }
        all.forEach(Controller::close);
        informers.close();
    }

    /** Assembles a manager; every setting has a default. */
    public static final class Builder {
        private final KubernetesClient client;
        private InformerOptions informerOptions = InformerOptions.defaults();
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private @Nullable LeaderElectionConfig leaderElection;
        private @Nullable MeterRegistry meters;

        private Builder(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** Options of every informer; default {@link InformerOptions#defaults()}. */
        public Builder informerOptions(InformerOptions options) {
            this.informerOptions = Objects.requireNonNull(options, "informerOptions");
            return this;
        }

        /** How long running reconciles get to finish at shutdown; default 30 s. */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Objects.requireNonNull(timeout, "shutdownTimeout");
            return this;
        }

        /** Runs workers only while this replica holds the lease of {@code config}. */
        public Builder leaderElection(LeaderElectionConfig config) {
            this.leaderElection = Objects.requireNonNull(config, "leaderElection");
            return this;
        }

        /** Publishes informer, controller, work-queue and leader-election metrics to {@code registry}. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        public Manager build() {
            return new Manager(this);
        }
    }
}
