package dev.capstan.client.discovery;

import dev.capstan.client.rest.RestClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * What the API server serves: groups, their versions (preferred first) and the resources of
 * each group-version, cached in memory.
 *
 * <pre>{@code
 * DiscoveryClient discovery = DiscoveryClient.create(client.rest());
 * for (ApiResource resource : discovery.snapshot().preferredResources()) {
 *     System.out.println(resource.name() + " " + resource.apiVersion() + " " + resource.kind());
 * }
 * }</pre>
 *
 * <h2>Fetching</h2> The first call fetches discovery: aggregated discovery first ({@code GET /api}
 * and {@code GET /apis} asking for {@code apidiscovery.k8s.io/v2}, then {@code v2beta1}: two
 * requests for everything), and, when the server answers in the legacy format or refuses the
 * media type (406), the legacy requests ({@code /api}, {@code /apis}, then one per
 * group-version). A group-version that cannot be discovered (a stale aggregated API server, a
 * failing request) does not fail the whole fetch; it is reported in
 * {@link DiscoverySnapshot#failures()}.
 *
 * <h2>Caching and refresh</h2> The result is kept as one immutable {@link DiscoverySnapshot}
 * until {@link #invalidate()}. Discovery goes stale when CRDs come and go, so a lookup that
 * misses calls {@link #refreshAfterMiss()}, which fetches again only if the snapshot is older
 * than {@link DiscoveryOptions#refreshOnMissInterval()} (1 s by default): a stream of misses for
 * a kind that is not installed costs one fetch per interval. Concurrent callers that need a
 * fetch share one.
 *
 * <h2>Thread safety and blocking</h2> All methods are safe for concurrent use. Methods
 * returning values block while a fetch is needed, and refuse to run on a Netty event-loop
 * thread (they throw {@link IllegalStateException}); there, use the {@code Async} twins, which
 * never block. Returned snapshots are immutable and shared.
 *
 * <h2>Failures</h2> A fetch that cannot list the groups at all fails with
 * {@link dev.capstan.client.rest.KubernetesApiException}; nothing is cached then, so the next
 * call tries again.
 */
public interface DiscoveryClient {

    /** A discovery client over {@code rest} with {@link DiscoveryOptions#defaults()}. */
    static DiscoveryClient create(RestClient rest) {
        return create(rest, DiscoveryOptions.defaults());
    }

    static DiscoveryClient create(RestClient rest, DiscoveryOptions options) {
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(options, "options");
        return new DefaultDiscoveryClient(new DiscoveryFetcher(rest, options), options);
    }

    /** The cached snapshot; fetches it (blocking) when there is none yet or after {@link #invalidate()}. */
    DiscoverySnapshot snapshot();

    /** {@link #snapshot()} without blocking: completes at once when cached. */
    Mono<DiscoverySnapshot> snapshotAsync();

    /** The cached snapshot, if there is one; never fetches, never blocks. */
    Optional<DiscoverySnapshot> cached();

    /** The served groups, core first; {@code snapshot().groups()}. */
    default List<ApiGroup> groups() {
        return snapshot().groups();
    }

    /**
     * The resources of one group-version. When the cache does not have it, refreshes once
     * (subject to {@link DiscoveryOptions#refreshOnMissInterval()}) before answering empty.
     */
    Optional<List<ApiResource>> resources(String group, String version);

    /**
     * Forgets the cached snapshot: the next call fetches discovery again. Never blocks. A fetch
     * already in progress still completes for its callers but is not cached.
     */
    void invalidate();

    /** Fetches discovery now, whatever the cache holds, and caches the result (blocking). */
    DiscoverySnapshot refresh();

    Mono<DiscoverySnapshot> refreshAsync();

    /**
     * Called when a lookup did not find what it wanted in {@code snapshot()}: fetches again
     * unless the cached snapshot was fetched within {@link DiscoveryOptions#refreshOnMissInterval()}
     * (then returns it unchanged), and joins a fetch already in progress. Blocking.
     */
    DiscoverySnapshot refreshAfterMiss();

    Mono<DiscoverySnapshot> refreshAfterMissAsync();
}
