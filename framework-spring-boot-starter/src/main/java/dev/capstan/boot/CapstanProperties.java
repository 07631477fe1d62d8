package dev.capstan.boot;

import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.KubeconfigOptions;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.informer.InformerOptions;
import dev.capstan.leaderelection.LeaderElectionConfig;
import dev.capstan.workqueue.RateLimiter;
import dev.capstan.workqueue.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The capstan.* properties of the starter. Every component documents its default; see
 * docs/spring-boot.md for the table.
 *
 * @param autoStartup whether the manager starts with the application context (informers, sync,
 *     leader election, workers). Turn off to wire everything without contacting the cluster.
 *     Default true.
 * @param client how to reach the API server
 * @param informers options shared by every informer
 * @param leaderElection leader election of the manager (off by default)
 * @param controllers overrides per controller name of the KubernetesController
 *     attributes; properties win over the annotation
 */
@ConfigurationProperties("capstan")
public record CapstanProperties(
        @DefaultValue("true") boolean autoStartup,
        @DefaultValue Client client,
        @DefaultValue Informers informers,
        @DefaultValue LeaderElection leaderElection,
        Map<String, ControllerOverrides> controllers) {

    public CapstanProperties {
        controllers = controllers == null ? Map.of() : Map.copyOf(controllers);
    }

    /** All defaults, as if no property were set. */
    public static CapstanProperties defaults() {
        return new CapstanProperties(true, new Client(null, null, 50, 100), new Informers(Duration.ZERO, List.of(), true,
                Duration.ofMinutes(2), Duration.ofMinutes(1)), LeaderElection.defaults(), Map.of());
    }

    /** The overrides of one controller (all unset when none are configured). */
    public ControllerOverrides controller(String name) {
        ControllerOverrides overrides = controllers.get(name);
        return overrides != null ? overrides : ControllerOverrides.NONE;
    }

    /**
     * capstan.client.*: where the client finds its cluster. With neither kubeconfig
     * nor context, kubectl's order: KUBECONFIG, ~/.kube/config, in-cluster.
     *
     * @param kubeconfig a kubeconfig file to read instead of KUBECONFIG/~/.kube/config
     * @param context the kubeconfig context to use instead of its current-context
     * @param qps requests per second the client sends at most, sustained. Default 50.
     * @param burst requests that may go at once after a quiet period. Default 100.
     */
    public record Client(@Nullable String kubeconfig, @Nullable String context, @DefaultValue("50") double qps,
            @DefaultValue("100") int burst) {

        /** The configuration these properties select (reads and validates the files now). */
        public ClientConfig toClientConfig() {
            if (kubeconfig == null && context == null) {
                return ClientConfig.load();
            }
            KubeconfigOptions options = KubeconfigOptions.defaults().withContext(context);
            return ClientConfig.fromKubeconfig(kubeconfig == null ? options : options.withFiles(Path.of(kubeconfig)));
        }

        /** REST options with this rate limit. */
        public RestOptions toRestOptions() {
            return RestOptions.defaults().withRateLimit(qps, burst);
        }
    }

    /**
     * capstan.informers.*: options of every informer of the shared factory.
     *
     * @param resync how often handlers get every cached object again (0s: never). Default 0s.
     * @param namespaces the namespaces of controllers that name none, and of listers of types no
     *     controller watches; empty for all namespaces. Default empty.
     * @param stripManagedFields drop metadata.managedFields while parsing. Default true.
     * @param syncTimeout how long startup waits for every informer to fill its cache before it
     *     fails, naming each unsynced informer and its last error. Default 2m.
     * @param watchDownBound how long an informer's watch may be down before it is logged and the
     *     capstan health indicator reports DOWN. Default 1m.
     */
    public record Informers(@DefaultValue("0s") Duration resync, @DefaultValue List<String> namespaces,
            @DefaultValue("true") boolean stripManagedFields, @DefaultValue("2m") Duration syncTimeout,
            @DefaultValue("1m") Duration watchDownBound) {

        public Informers {
            namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        }

        public InformerOptions toOptions() {
            return InformerOptions.defaults().withResyncPeriod(resync).withStripManagedFields(stripManagedFields)
                    .withWatchDownWarning(watchDownBound);
        }
    }

    /**
     * capstan.leader-election.*: with enabled, workers run only on the replica
     * holding the Lease; the others keep warm caches and take over when it stops renewing.
     *
     * @param enabled whether to elect a leader. Default false.
     * @param leaseName the Lease's name. Default: spring.application.name, else
     *     capstan-operator.
     * @param leaseNamespace the Lease's namespace. Default: the client's namespace (the pod's,
     *     or the kubeconfig context's).
     * @param leaseDuration how long candidates wait after the Lease last changed before taking
     *     over. Default 15s.
     * @param renewDeadline how long the leader keeps leading without a successful renewal.
     *     Default 10s.
     * @param retryPeriod how often the leader renews and candidates retry. Default 2s.
     * @param identity this replica's identity in the Lease. Default: the pod name, else host name
     *     and a random UUID.
     */
    public record LeaderElection(@DefaultValue("false") boolean enabled, @Nullable String leaseName,
            @Nullable String leaseNamespace, @DefaultValue("15s") Duration leaseDuration,
            @DefaultValue("10s") Duration renewDeadline, @DefaultValue("2s") Duration retryPeriod,
            @Nullable String identity) {

        static LeaderElection defaults() {
            return new LeaderElection(false, null, null, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), null);
        }

        /** The election configuration, with the given defaults for the Lease's namespace and name. */
        public LeaderElectionConfig toConfig(String defaultNamespace, String defaultName) {
            LeaderElectionConfig config = LeaderElectionConfig.defaults(
                    leaseNamespace == null || leaseNamespace.isBlank() ? defaultNamespace : leaseNamespace,
                    leaseName == null || leaseName.isBlank() ? defaultName : leaseName)
                    .withTimings(leaseDuration, renewDeadline, retryPeriod);
            return identity == null || identity.isBlank() ? config : config.withIdentity(identity);
        }
    }

    /**
     * capstan.controllers.<name>.*: overrides of one controller's annotation; unset
     * properties keep the annotation's value.
     *
     * @param enabled whether the controller runs
     * @param workers worker threads (at least 1)
     * @param namespaces the namespaces to watch; set it empty for all namespaces
     * @param labelSelector the label selector of the primary resource; set it empty for none
     * @param generationChangedFilter whether primary updates count only when the generation changed
     * @param rateLimiter the work queue's retry backoff
     */
    public record ControllerOverrides(@Nullable Boolean enabled, @Nullable Integer workers, @Nullable List<String> namespaces,
            @Nullable String labelSelector, @Nullable Boolean generationChangedFilter, @DefaultValue RateLimiterProperties rateLimiter) {

        static final ControllerOverrides NONE = new ControllerOverrides(null, null, null, null, null, RateLimiterProperties.defaults());

        public ControllerOverrides {
            rateLimiter = rateLimiter == null ? RateLimiterProperties.defaults() : rateLimiter;
        }
    }

    /**
     * capstan.controllers.<name>.rate-limiter.*: client-go's default controller rate
     * limiter, the slower of a per-request exponential backoff and an overall token bucket.
     *
     * @param baseDelay the first retry's delay, doubled on each failure of a request. Default 5ms.
     * @param maxDelay the cap of the per-request delay. Default 1000s.
     * @param qps retries per second over all requests, sustained. Default 10.
     * @param burst retries that may go at once. Default 100.
     */
    public record RateLimiterProperties(@DefaultValue("5ms") Duration baseDelay, @DefaultValue("1000s") Duration maxDelay,
            @DefaultValue("10") double qps, @DefaultValue("100") int burst) {

        static RateLimiterProperties defaults() {
            return new RateLimiterProperties(Duration.ofMillis(5), Duration.ofSeconds(1000), 10, 100);
        }

        public <T> RateLimiter<T> create() {
            return RateLimiter.maxOf(RateLimiter.exponential(baseDelay, maxDelay), RateLimiter.tokenBucket(qps, burst, Ticker.system()));
        }
    }
}
