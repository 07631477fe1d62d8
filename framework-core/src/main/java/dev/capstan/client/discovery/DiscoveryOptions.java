package dev.capstan.client.discovery;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link DiscoveryClient}; each component documents its default
 * ({@link #defaults()}).
 *
 * @param refreshOnMissInterval how fresh the cache must be for a lookup miss not to refresh it:
 *     a miss refreshes discovery only when the cached snapshot was fetched longer ago than this,
 *     so a stream of lookups for a kind the server does not serve costs one refresh per
 *     interval, not one per lookup. {@link Duration#ZERO} refreshes on every miss. Default 1 s.
 * @param aggregated whether to ask for aggregated discovery ({@code apidiscovery.k8s.io/v2},
 *     then {@code v2beta1}) before falling back to the legacy per-group-version requests.
 *     Default true; turn it off for proxies that mishandle the aggregated media type.
 * @param clock the clock that dates snapshots and measures {@code refreshOnMissInterval}.
 *     Default the system UTC clock; tests inject their own.
 */
public record DiscoveryOptions(Duration refreshOnMissInterval, boolean aggregated, Clock clock) {

    public DiscoveryOptions {
        Objects.requireNonNull(refreshOnMissInterval, "refreshOnMissInterval");
        Objects.requireNonNull(clock, "clock");
        if (refreshOnMissInterval.isNegative()) {
            throw new IllegalArgumentException("refreshOnMissInterval must not be negative, got " + refreshOnMissInterval);
        }
    }

    public static DiscoveryOptions defaults() {
        return new DiscoveryOptions(Duration.ofSeconds(1), true, Clock.systemUTC());
    }

    public DiscoveryOptions withRefreshOnMissInterval(Duration interval) {
        return new DiscoveryOptions(interval, aggregated, clock);
    }

    /** Only the legacy per-group-version requests, never the aggregated format. */
    public DiscoveryOptions withLegacyDiscoveryOnly() {
        return new DiscoveryOptions(refreshOnMissInterval, false, clock);
    }

    public DiscoveryOptions withClock(Clock clock) {
        return new DiscoveryOptions(refreshOnMissInterval, aggregated, clock);
    }
}
