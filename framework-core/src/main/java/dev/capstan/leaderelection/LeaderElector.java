package dev.capstan.leaderelection;

import dev.capstan.client.KubernetesClient;
import dev.capstan.workqueue.Ticker;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs leader election on one lock: at most one candidate leads at a time, and the owner's work
 * runs only while this candidate leads.
 *
 * <pre>{@code
 * LeaderElectionConfig config = LeaderElectionConfig.defaults("shop", "shop-operator");
 * LeaderElector elector = LeaderElector.create(client, config,
 *         LeaderCallbacks.of(controllers::start, controllers::stopAndAwait));
 * elector.start();                                   // returns at once; elects on its own thread
 * Runtime.getRuntime().addShutdownHook(new Thread(elector::close));   // stop work, then release
 * }</pre>
 *
 * <h2>Lifecycle</h2> A candidate tries to acquire the lock every retry period (jittered up to
 * 2.2×). Once its write succeeded it leads: {@link LeaderCallbacks#onStartedLeading} runs, and
 * the leader renews every retry period. A term ends when the renewals have failed up to the
 * renew deadline, when another holder is found in the lock, or on {@link #close()}; the work is
 * stopped ({@link LeaderCallbacks}) and the elector is a candidate again — it rejoins the
 * election, it never exits on lost leadership. {@link #close()} ends it for good.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Validity by the local clock.</b> A candidate takes over another holder's lock only
 *       after it has seen the record unchanged for the record's {@code leaseDurationSeconds},
 *       measured on its own monotonic clock from when it saw the record change. The holder's
 *       {@code renewTime} is never compared with local time, so clock skew between machines does
 *       not matter (a skewed clock <i>rate</i> does; keep {@code leaseDuration / renewDeadline}
 *       above the rate ratio to tolerate).</li>
 *   <li><b>Step down before the deadline.</b> The leader counts its renew deadline from when it
 *       sent its last successful renewal. It steps down as soon as no further attempt can start
 *       before that deadline, and at the deadline at the latest — even when a lock call hangs
 *       (the call is abandoned and interrupted). {@link #isLeader()} turns false at that moment
 *       by itself. Since other candidates wait at least {@code leaseDuration} from a point later
 *       than that send, the work has {@code leaseDuration − renewDeadline} to stop before anyone
 *       else can lead.</li>
 *   <li><b>Writes are fenced</b> by the lock's {@code resourceVersion}: of two candidates that
 *       read the same record, one write fails.</li>
 *   <li><b>Release after the work.</b> With {@code releaseOnCancel}, {@link #close()} writes the
 *       lock free (empty holder, {@code leaseDurationSeconds=1}, transitions unchanged) only after
 *       {@link LeaderCallbacks#onStoppedLeading} returned; conflicts are retried, for at most the
 *       renew deadline.</li>
 * </ul>
 * Like client-go's, this is not fencing of the work itself: a process paused for longer than
 * {@code leaseDuration − renewDeadline} (a stop-the-world pause, a frozen VM) can wake up still
 * believing it leads. Writes guarded by {@link #isLeader()} narrow that window.
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use. The elector runs on its own
 * daemon thread ({@code <lockName>-leader-elector}); lock calls run on helper threads; see
 * {@link LeaderCallbacks} for which thread runs each callback.
 */
public interface LeaderElector extends AutoCloseable {

    /**
     * Starts electing on the elector's own thread and returns at once.
     *
     * @throws IllegalStateException if already started or closed
     */
    void start();

    /**
     * Whether this candidate leads now: its last write succeeded and its renew deadline has not
     * passed. Turns false when a term starts to end, before {@link LeaderCallbacks#onStoppedLeading}.
     * Cheap; does not call the server.
     */
    boolean isLeader();

    /** The holder of the lock as last observed (possibly expired); empty when the lock is free or unknown. */
    Optional<String> leaderIdentity();

    /** This candidate's identity, from the configuration. */
    String identity();

    /**
     * Ends the election: if leading, the term ends (work interrupted and stopped, see
     * {@link LeaderCallbacks}), then — with {@code releaseOnCancel} — the lock is released; then the
     * elector's threads end. Blocks until all that is done, except when called from a callback,
     * where it only requests it (the rest happens once the callback returns). Idempotent.
     */
    @Override
    void close();

    /** An elector on the Lease named by {@code config}, read and written through {@code client}. */
    static LeaderElector create(KubernetesClient client, LeaderElectionConfig config, LeaderCallbacks callbacks) {
        return builder(config).client(client).callbacks(callbacks).build();
    }

    /** A builder for an elector with a custom lock, metrics or time source. */
    static Builder builder(LeaderElectionConfig config) {
        return new Builder(config);
    }

    /**
     * Assembles a {@link LeaderElector}: sugar over the package's parts, errors reported by
     * {@link #build()}. Required: the callbacks, and a lock ({@link #lock}) or a client
     * ({@link #client}, for the Lease of the configuration). Not thread-safe.
     */
    final class Builder {
        private final LeaderElectionConfig config;
        private @Nullable ResourceLock lock;
        private @Nullable KubernetesClient client;
        private @Nullable LeaderCallbacks callbacks;
        private LeaderElectionMetrics metrics = LeaderElectionMetrics.NOOP;
        private Ticker ticker = Ticker.system();
        private Clock clock = Clock.systemUTC();

        private Builder(LeaderElectionConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Elect on the Lease {@code config.lockNamespace()/config.lockName()} through {@code client}. */
        public Builder client(KubernetesClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Elect on {@code lock} instead of the configuration's Lease (takes precedence over {@link #client}). */
        public Builder lock(ResourceLock lock) {
            this.lock = Objects.requireNonNull(lock, "lock");
            return this;
        }

        public Builder callbacks(LeaderCallbacks callbacks) {
            this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
            return this;
        }

        /** Where measurements go; default {@link LeaderElectionMetrics#NOOP}. */
        public Builder metrics(LeaderElectionMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** The monotonic time source all timing decisions use; default {@link Ticker#system()}. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** The wall clock for the record's {@code acquireTime} and {@code renewTime} (informational only); default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A new, not yet started elector.
         *
         * @throws IllegalStateException if the callbacks, or both the lock and the client, are missing
         */
        public LeaderElector build() {
            if (callbacks == null) {
                throw new IllegalStateException("leader election for " + config.lockName()
                        + " needs callbacks: builder(config).callbacks(LeaderCallbacks.of(start, stop))");
            }
            ResourceLock chosen = lock;
            if (chosen == null) {
                if (client == null) {
                    throw new IllegalStateException("leader election for " + config.lockName()
                            + " needs a lock: builder(config).client(client) for the Lease, or .lock(resourceLock)");
                }
                chosen = ResourceLock.lease(client, config.lockNamespace(), config.lockName());
            }
            return new DefaultLeaderElector(config, chosen, callbacks, metrics, ticker, clock);
        }
    }
}
