package dev.capstan.client.discovery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one implementation of {@link DiscoveryClient}: an in-memory cache of one
 * {@link DiscoverySnapshot} in front of a {@link DiscoveryFetcher}.
 *
 * <h2>Implementation notes</h2>
 * Three pieces of state, all guarded by {@code lock}, which is never held while waiting for
 * the server (fetches are asynchronous; the lock only decides which fetch callers share):
 * <ul>
 *   <li>{@code current}: the snapshot lookups answer from, or {@code null} before the first
 *       fetch and after {@link #invalidate()}.
 *   <li>{@code inFlight}: the fetch that will become {@code current}, shared through
 *       {@link Mono#cache()} by every caller that needs a fetch while it runs, so concurrent
 *       misses cost one fetch. Invariant: it is non-null iff a fetch started under the current
 *       {@code generation} has not terminated.
 *   <li>{@code generation}: bumped by {@link #invalidate()}. A fetch remembers the generation
 *       it started in and is cached only if no invalidation happened meanwhile: its answer may
 *       predate whatever made the caller invalidate. Its own callers still receive it.
 * </ul>
 * Refresh on miss is rate-limited by the age of {@code current} (its {@code fetchedAt} is when
 * its fetch started) rather than by a token bucket: the question a miss asks is "could the
 * server have changed since this was fetched?", and within {@code refreshOnMissInterval} the
 * answer is taken to be no. A failed fetch caches nothing, so the next call tries again.
 */
final class DefaultDiscoveryClient implements DiscoveryClient {
    private final DiscoveryFetcher fetcher;
    private final Clock clock;
    private final Duration refreshOnMissInterval;

    private final Object lock = new Object();
    /** Guarded by lock. The cached snapshot; null before the first fetch and after invalidate(). */
    private @Nullable DiscoverySnapshot current;
    /** Guarded by lock. The fetch in progress for the current generation, shared by its callers; null when none. */
    private @Nullable Mono<DiscoverySnapshot> inFlight;
    /** Guarded by lock. Identifies inFlight, so that only its own completion clears it. */
    private long inFlightSerial;
    /** Guarded by lock. Incremented by invalidate(); a fetch started in an older generation is not cached. */
    private long generation;

    DefaultDiscoveryClient(DiscoveryFetcher fetcher, DiscoveryOptions options) {
        this.fetcher = fetcher;
        this.clock = options.clock();
        this.refreshOnMissInterval = options.refreshOnMissInterval();
    }

    @Override
    public DiscoverySnapshot snapshot() {
        return block(snapshotAsync(), "read discovery");
    }

    @Override
    public Mono<DiscoverySnapshot> snapshotAsync() {
        return Mono.defer(() -> {
            synchronized (lock) {
                return current != null ? Mono.just(current) : fetchLocked();
            }
        });
    }

    @Override
    public Optional<DiscoverySnapshot> cached() {
        synchronized (lock) {
            return Optional.ofNullable(current);
        }
    }

    @Override
    public Optional<List<ApiResource>> resources(String group, String version) {
        Optional<List<ApiResource>> cached = snapshot().resources(group, version);
        return cached.isPresent() ? cached : refreshAfterMiss().resources(group, version);
    }

    @Override
    public void invalidate() {
        synchronized (lock) {
            invalidateLocked();
        }
    }

    @Override
    public DiscoverySnapshot refresh() {
        return block(refreshAsync(), "refresh discovery");
    }

    @Override
    public Mono<DiscoverySnapshot> refreshAsync() {
        return Mono.defer(() -> {
            synchronized (lock) {
                invalidateLocked();
                return fetchLocked();
            }
        });
    }

    @Override
    public DiscoverySnapshot refreshAfterMiss() {
        return block(refreshAfterMissAsync(), "refresh discovery");
    }

    @Override
    public Mono<DiscoverySnapshot> refreshAfterMissAsync() {
        return Mono.defer(() -> {
            synchronized (lock) {
                if (inFlight != null) {
                    return inFlight;
                }
                DiscoverySnapshot cached = current;
                if (cached != null && !olderThan(cached, refreshOnMissInterval)) {
                    return Mono.just(cached);
                }
                return fetchLocked();
            }
        });
    }

    private boolean olderThan(DiscoverySnapshot snapshot, Duration age) {
        return Duration.between(snapshot.fetchedAt(), clock.instant()).compareTo(age) >= 0;
    }

    private void invalidateLocked() {
        generation++;
        current = null;
        inFlight = null;
    }

    /** The fetch in progress, or a new one; the caller holds lock. */
    private Mono<DiscoverySnapshot> fetchLocked() {
        if (inFlight != null) {
            return inFlight;
        }
        long startedIn = generation;
        long serial = ++inFlightSerial;
        Mono<DiscoverySnapshot> fetch = fetcher.fetch(clock.instant())
                .doOnEach(signal -> {
                    if (signal.isOnNext() || signal.isOnError()) {
                        finished(startedIn, serial, signal.get());
                    }
                })
                .cache();
        inFlight = fetch;
        return fetch;
    }

    private void finished(long startedIn, long serial, @Nullable DiscoverySnapshot snapshot) {
        synchronized (lock) {
            if (serial == inFlightSerial) {
                inFlight = null;
            }
            if (snapshot != null && startedIn == generation) {
                current = snapshot;
            }
        }
    }

    private static <T> T block(Mono<T> mono, String what) {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("blocking call to " + what + " on the non-blocking thread "
                    + Thread.currentThread().getName() + " would deadlock the client; use the Async methods of "
                    + "DiscoveryClient there, or move the call to another thread (publishOn(Schedulers.boundedElastic()))");
        }
        return mono.block();
    }
}
