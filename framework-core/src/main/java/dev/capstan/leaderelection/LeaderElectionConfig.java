package dev.capstan.leaderelection;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What to elect on and how fast: the Lease, this candidate's identity, and client-go's three
 * timings. Immutable and validated on construction, so an invalid configuration fails where it is
 * built, with a message naming the option.
 *
 * <pre>{@code
 * LeaderElectionConfig config = LeaderElectionConfig.defaults("shop", "shop-operator");  // 15 s / 10 s / 2 s
 * }</pre>
 *
 * <h2>Timings</h2> Validated as client-go does: every duration is positive, and
 * {@code leaseDuration > renewDeadline > 1.2 × retryPeriod} (1.2 is client-go's jitter factor:
 * a candidate waits between 1 and 2.2 retry periods between attempts).
 * <p>❌ Changing the timings one wither at a time can fail half-way, because each intermediate
 * configuration is validated: {@code defaults(ns, n).withLeaseDuration(ofSeconds(3))} is refused
 * (3 s is not greater than the default renew deadline of 10 s).
 * <br>✅ {@code defaults(ns, n).withTimings(ofSeconds(3), ofSeconds(2), ofMillis(500))}.
 *
 * @param lockNamespace the namespace of the Lease; must not be blank
 * @param lockName the name of the Lease; must not be blank. Also the {@code name} label of the
 *     metrics, as in client-go and controller-runtime
 * @param identity this candidate's identity, written as the Lease's {@code holderIdentity}; must
 *     not be blank and must be unique among the candidates. Default {@link #defaultIdentity()}
 * @param leaseDuration how long non-leaders wait, after they last saw the lease record change,
 *     before they may take it over; written to the Lease (rounded up to whole seconds). Default 15 s
 * @param renewDeadline how long the leader keeps leading without a successful renewal, counted
 *     from when it sent its last successful one; it steps down by then. Default 10 s
 * @param retryPeriod how often the leader renews, and roughly how often candidates try to acquire
 *     (jittered up to 2.2×). Default 2 s
 * @param releaseOnCancel whether {@link LeaderElector#close()} gives the lease up (empty holder,
 *     {@code leaseDurationSeconds=1}) once the leading work has stopped, so another candidate takes
 *     over at once instead of after {@code leaseDuration}. Default {@code true}
 */
public record LeaderElectionConfig(
        String lockNamespace,
        String lockName,
        String identity,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod,
        boolean releaseOnCancel) {

    /** client-go's {@code JitterFactor}: candidates wait up to {@code (1 + 1.2) × retryPeriod}. */
    static final double JITTER_FACTOR = 1.2;

    public LeaderElectionConfig {
        requireText(lockNamespace, "lockNamespace");
        requireText(lockName, "lockName");
        requireText(identity, "identity");
        requirePositive(leaseDuration, "leaseDuration");
        requirePositive(renewDeadline, "renewDeadline");
        requirePositive(retryPeriod, "retryPeriod");
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("leaseDuration (" + seconds(leaseDuration)
                    + ") must be greater than renewDeadline (" + seconds(renewDeadline) + ")");
        }
        // renewDeadline > 1.2 × retryPeriod, in exact arithmetic: 10 × renewDeadline > 12 × retryPeriod
        if (renewDeadline.multipliedBy(10).compareTo(retryPeriod.multipliedBy(12)) <= 0) {
            throw new IllegalArgumentException("renewDeadline (" + seconds(renewDeadline)
                    + ") must be greater than 1.2 × retryPeriod (1.2 × " + seconds(retryPeriod) + " = "
                    + seconds(retryPeriod.multipliedBy(12).dividedBy(10)) + ")");
        }
    }

    /**
     * The defaults for the Lease {@code namespace/name}: identity {@link #defaultIdentity()}, lease
     * duration 15 s, renew deadline 10 s, retry period 2 s (controller-runtime's), release on close.
     */
    public static LeaderElectionConfig defaults(String namespace, String name) {
        return new LeaderElectionConfig(namespace, name, defaultIdentity(),
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), true);
    }

    public LeaderElectionConfig withIdentity(String identity) {
        return new LeaderElectionConfig(lockNamespace, lockName, identity, leaseDuration, renewDeadline, retryPeriod, releaseOnCancel);
    }

    /** The three timings at once, validated together (see the class comment for why). */
    public LeaderElectionConfig withTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        return new LeaderElectionConfig(lockNamespace, lockName, identity, leaseDuration, renewDeadline, retryPeriod, releaseOnCancel);
    }

    public LeaderElectionConfig withLeaseDuration(Duration leaseDuration) {
        return withTimings(leaseDuration, renewDeadline, retryPeriod);
    }

    public LeaderElectionConfig withRenewDeadline(Duration renewDeadline) {
        return withTimings(leaseDuration, renewDeadline, retryPeriod);
    }

    public LeaderElectionConfig withRetryPeriod(Duration retryPeriod) {
        return withTimings(leaseDuration, renewDeadline, retryPeriod);
    }

    public LeaderElectionConfig withReleaseOnCancel(boolean releaseOnCancel) {
        return new LeaderElectionConfig(lockNamespace, lockName, identity, leaseDuration, renewDeadline, retryPeriod, releaseOnCancel);
    }

    /** {@code leaseDuration} in whole seconds, rounded up, as written to {@code leaseDurationSeconds}. */
    int leaseDurationSeconds() {
        long seconds = leaseDuration.getSeconds() + (leaseDuration.getNano() > 0 ? 1 : 0);
        return (int) Math.min(seconds, Integer.MAX_VALUE);
    }

    /**
     * The identity a candidate uses unless told otherwise. In a pod (when
     * {@code KUBERNETES_SERVICE_HOST} is set): the pod's name, from {@code POD_NAME} (set it with the
     * downward API) or else {@code HOSTNAME} (which Kubernetes sets to the pod's name). Elsewhere, or
     * when neither is set: the host name, {@code "_"} and a random UUID, so two processes on one
     * machine never share an identity.
     */
    public static String defaultIdentity() {
        return defaultIdentity(System::getenv, LeaderElectionConfig::localHostName, UUID::randomUUID);
    }

    static String defaultIdentity(Function<String, @Nullable String> environment, Supplier<String> hostName,
            Supplier<UUID> uuid) {
        if (present(environment.apply("KUBERNETES_SERVICE_HOST"))) {
            String podName = environment.apply("POD_NAME");
            if (present(podName)) {
                return podName.strip();
            }
            String host = environment.apply("HOSTNAME");
            if (present(host)) {
                return host.strip();
            }
        }
        return hostName.get() + "_" + uuid.get();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            String host = System.getenv("HOSTNAME");
            return present(host) ? host.strip() : "localhost";
        }
    }

    private static boolean present(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    private static void requireText(@Nullable String value, String option) {
        Objects.requireNonNull(value, option);
        if (value.isBlank()) {
            throw new IllegalArgumentException(option + " must not be blank");
        }
    }

    private static void requirePositive(@Nullable Duration value, String option) {
        Objects.requireNonNull(value, option);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option + " must be greater than zero, got " + seconds(value));
        }
    }

    /** {@code 2.4 s}, {@code 0.5 s}, {@code 15 s}: durations as people write them. */
    static String seconds(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
        return seconds.stripTrailingZeros().toPlainString() + " s";
    }
}
