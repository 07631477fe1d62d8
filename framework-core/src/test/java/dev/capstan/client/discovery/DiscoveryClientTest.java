package dev.capstan.client.discovery;

import dev.capstan.client.config.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.discovery.FakeApiServer.Mode;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** DiscoveryClient against a scripted API server: formats, fallback, caching, refresh on miss. */
class DiscoveryClientTest {
    private final MutableClock clock = MutableClock.at("2026-05-01T10:00:00Z");
    private FakeApiServer server;
    private RestClient rest;

    @AfterEach
    void stop() {
        if (rest != null) {
            rest.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private DiscoveryClient discovery(Mode mode) {
        return discovery(FakeApiServer.standard(mode), DiscoveryOptions.defaults().withClock(clock));
    }

    private DiscoveryClient discovery(FakeApiServer fake, DiscoveryOptions options) {
        server = fake;
        rest = fake.restClient();
        return DiscoveryClient.create(rest, options);
    }

    private static void assertStandardModel(DiscoverySnapshot snapshot) {
        assertThat(snapshot.groupNames()).containsExactly("", "apps", "events.k8s.io", "autoscaling");
        assertThat(snapshot.group("autoscaling")).get().satisfies(g -> {
            assertThat(g.versions()).containsExactly("v2", "v1");
            assertThat(g.preferredVersion()).isEqualTo("v2");
        });
        ApiResource deployments = snapshot.resource(new GroupVersionKind("apps", "v1", "Deployment")).orElseThrow();
        assertThat(deployments.name()).isEqualTo("deployments");
        assertThat(deployments.singularName()).isEqualTo("deployment");
        assertThat(deployments.namespaced()).isTrue();
        assertThat(deployments.shortNames()).containsExactly("deploy");
        assertThat(deployments.categories()).containsExactly("all");
        assertThat(deployments.verbs()).contains("get", "list", "watch", "create", "update", "patch", "delete");
        assertThat(deployments.subresources()).extracting(ApiSubresource::name).containsExactly("status", "scale");
        assertThat(deployments.subresource("scale")).get().satisfies(scale -> {
            assertThat(scale.kind()).isEqualTo(new GroupVersionKind("autoscaling", "v1", "Scale"));
            assertThat(scale.verbs()).containsExactly("get", "patch", "update");
        });
        assertThat(deployments.subresource("status").orElseThrow().kind()).isEqualTo(new GroupVersionKind("apps", "v1", "Deployment"));
        ApiResource namespaces = snapshot.resource(new GroupVersionKind("", "v1", "Namespace")).orElseThrow();
        assertThat(namespaces.namespaced()).isFalse();
        assertThat(snapshot.resources("apps", "v1").orElseThrow()).extracting(ApiResource::name)
                .containsExactly("deployments", "statefulsets", "daemonsets");
        assertThat(snapshot.preferredResources()).extracting(ApiResource::apiVersion).doesNotContain("autoscaling/v1");
        assertThat(snapshot.failures()).isEmpty();
    }

    @Test
    void aggregatedDiscoveryReadsEverythingInTwoRequests() {
        DiscoverySnapshot snapshot = discovery(Mode.AGGREGATED_V2).snapshot();

        assertThat(snapshot.format()).isEqualTo(DiscoveryFormat.AGGREGATED_V2);
        assertStandardModel(snapshot);
        assertThat(server.requests()).containsExactlyInAnyOrder("GET /api", "GET /apis");
        assertThat(server.exchanges()).allSatisfy(e -> assertThat(e.accept()).isEqualTo(
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"));
        assertThat(snapshot.fetchedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aggregatedV2beta1IsUnderstoodToo() {
        DiscoverySnapshot snapshot = discovery(Mode.AGGREGATED_V2BETA1).snapshot();

        assertThat(snapshot.format()).isEqualTo(DiscoveryFormat.AGGREGATED_V2BETA1);
        assertStandardModel(snapshot);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void serverWithoutAggregatedDiscoveryIsReadWithTheLegacyRequests() {
        DiscoverySnapshot snapshot = discovery(Mode.LEGACY).snapshot();

        assertThat(snapshot.format()).isEqualTo(DiscoveryFormat.LEGACY);
        assertStandardModel(snapshot);
        // the legacy bodies of /api and /apis are used as they are: no second request for them
        assertThat(server.requests()).containsExactlyInAnyOrder("GET /api", "GET /apis", "GET /api/v1", "GET /apis/apps/v1",
                "GET /apis/events.k8s.io/v1", "GET /apis/autoscaling/v2", "GET /apis/autoscaling/v1");
    }

    @Test
    void notAcceptableFallsBackToLegacyDiscovery() {
        DiscoverySnapshot snapshot = discovery(Mode.REFUSES_AGGREGATED).snapshot();

        assertThat(snapshot.format()).isEqualTo(DiscoveryFormat.LEGACY);
        assertStandardModel(snapshot);
        assertThat(server.requests().stream().filter(r -> r.equals("GET /apis")).count()).isEqualTo(2);
        assertThat(server.exchanges()).filteredOn(e -> e.path().equals("/apis")).extracting(FakeApiServer.Exchange::accept)
                .containsExactlyInAnyOrder(DiscoveryFetcher.ACCEPT_AGGREGATED, "application/json");
    }

    @Test
    void legacyOnlyOptionNeverAsksForTheAggregatedFormat() {
        DiscoveryClient discovery = discovery(FakeApiServer.standard(Mode.AGGREGATED_V2),
                DiscoveryOptions.defaults().withLegacyDiscoveryOnly().withClock(clock));

        assertThat(discovery.snapshot().format()).isEqualTo(DiscoveryFormat.LEGACY);
        assertThat(server.exchanges()).allSatisfy(e -> assertThat(e.accept()).isEqualTo("application/json"));
    }

    @Test
    void secondReadIsServedFromTheCache() {
        DiscoveryClient discovery = discovery(Mode.AGGREGATED_V2);
        DiscoverySnapshot first = discovery.snapshot();
        int requests = server.requestCount();

        clock.advance(Duration.ofHours(1));
        assertThat(discovery.snapshot()).isSameAs(first);
        assertThat(discovery.groups()).isEqualTo(first.groups());
        assertThat(discovery.resources("apps", "v1")).isPresent();
        assertThat(discovery.cached()).containsSame(first);
        assertThat(server.requestCount()).isEqualTo(requests);
    }

    @Test
    void concurrentCallersShareOneFetch() {
        FakeApiServer fake = FakeApiServer.standard(Mode.AGGREGATED_V2);
        fake.delay(Duration.ofMillis(200));
        DiscoveryClient discovery = discovery(fake, DiscoveryOptions.defaults().withClock(clock));

        List<DiscoverySnapshot> snapshots = Flux.range(0, 20).flatMap(i -> discovery.snapshotAsync()).collectList()
                .block(Duration.ofSeconds(10));

        assertThat(snapshots).hasSize(20).allSatisfy(s -> assertThat(s).isSameAs(snapshots.get(0)));
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void missingGroupVersionRefreshesOnceAndFindsANewlyInstalledResource() {
        DiscoveryClient discovery = discovery(Mode.AGGREGATED_V2);
        discovery.snapshot();
        server.add(FakeApiServer.resource("example.com", "v1", "widgets", "Widget", true, List.of("wd"), List.of("status", "scale")));
        clock.advance(Duration.ofSeconds(1));

        Optional<List<ApiResource>> widgets = discovery.resources("example.com", "v1");

        assertThat(widgets).get().satisfies(list -> assertThat(list).extracting(ApiResource::kind).containsExactly("Widget"));
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void missesWithinTheIntervalDoNotRefresh() {
        DiscoveryClient discovery = discovery(Mode.AGGREGATED_V2);
        discovery.snapshot();
        server.add(FakeApiServer.resource("example.com", "v1", "widgets", "Widget", true, List.of(), List.of()));

        for (int i = 0; i < 50; i++) {
            assertThat(discovery.resources("example.com", "v1")).isEmpty();
        }
        assertThat(server.requestCount()).isEqualTo(2);

        clock.advance(Duration.ofMillis(999));
        assertThat(discovery.resources("example.com", "v1")).isEmpty();
        assertThat(server.requestCount()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));
        assertThat(discovery.resources("example.com", "v1")).isPresent();
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void zeroIntervalRefreshesOnEveryMiss() {
        DiscoveryClient discovery = discovery(FakeApiServer.standard(Mode.AGGREGATED_V2),
                DiscoveryOptions.defaults().withRefreshOnMissInterval(Duration.ZERO).withClock(clock));
        discovery.snapshot();

        discovery.resources("example.com", "v1");
        discovery.resources("example.com", "v1");

        assertThat(server.requestCount()).isEqualTo(6);
    }

    @Test
    void invalidateMakesTheNextReadFetch() {
        DiscoveryClient discovery = discovery(Mode.AGGREGATED_V2);
        DiscoverySnapshot first = discovery.snapshot();

        discovery.invalidate();

        assertThat(discovery.cached()).isEmpty();
        DiscoverySnapshot second = discovery.snapshot();
        assertThat(second).isNotSameAs(first).isEqualTo(first);
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void refreshFetchesWhateverTheCacheHolds() {
        DiscoveryClient discovery = discovery(Mode.AGGREGATED_V2);
        discovery.snapshot();
        server.remove("apps", "daemonsets");

        DiscoverySnapshot refreshed = discovery.refresh();

        assertThat(refreshed.resources("apps", "v1").orElseThrow()).extracting(ApiResource::name).doesNotContain("daemonsets");
        assertThat(discovery.snapshot()).isSameAs(refreshed);
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void staleGroupVersionIsAFailureNotAServedVersion() {
        FakeApiServer fake = FakeApiServer.standard(Mode.AGGREGATED_V2);
        fake.add(FakeApiServer.resource("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", true, List.of(), List.of()));
        fake.stale("metrics.k8s.io/v1beta1");
        fake.stale("autoscaling/v2");
        DiscoverySnapshot snapshot = discovery(fake, DiscoveryOptions.defaults().withClock(clock)).snapshot();

        assertThat(snapshot.groupNames()).doesNotContain("metrics.k8s.io");
        assertThat(snapshot.group("autoscaling")).get().satisfies(g -> {
            assertThat(g.versions()).containsExactly("v1");
            assertThat(g.preferredVersion()).isEqualTo("v1");
        });
        assertThat(snapshot.failures()).containsOnlyKeys("metrics.k8s.io/v1beta1", "autoscaling/v2");
        assertThat(snapshot.failures().get("autoscaling/v2")).contains("stale");
    }

    @Test
    void failingLegacyGroupVersionDoesNotFailTheRest() {
        FakeApiServer fake = FakeApiServer.standard(Mode.LEGACY);
        fake.failing("events.k8s.io/v1");
        DiscoverySnapshot snapshot = discovery(fake, DiscoveryOptions.defaults().withClock(clock)).snapshot();

        assertThat(snapshot.groupNames()).containsExactly("", "apps", "autoscaling");
        assertThat(snapshot.failures()).containsOnlyKeys("events.k8s.io/v1");
        assertThat(snapshot.failures().get("events.k8s.io/v1"))
                .contains("discover resources of events.k8s.io/v1 (GET /apis/events.k8s.io/v1): HTTP 503");
        assertThat(snapshot.resources("apps", "v1")).isPresent();
    }

    @Test
    void failedFetchCachesNothingAndTheNextCallTriesAgain() {
        FakeApiServer fake = FakeApiServer.standard(Mode.AGGREGATED_V2);
        fake.broken(true);
        DiscoveryClient discovery = discovery(fake, DiscoveryOptions.defaults().withClock(clock));

        assertThatThrownBy(discovery::snapshot)
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.code()).isEqualTo(500))
                .hasMessageContaining("discover API groups (GET /ap")
                .hasMessageContaining("HTTP 500 InternalError: etcd is down");
        assertThat(discovery.cached()).isEmpty();

        fake.broken(false);
        assertStandardModel(discovery.snapshot());
    }

    @Test
    void rejectedCredentialsAreRefreshedForTheAggregatedRequests() {
        FakeApiServer fake = FakeApiServer.standard(Mode.AGGREGATED_V2);
        fake.requireToken("fresh");
        AtomicInteger invalidations = new AtomicInteger();
        CredentialProvider rotating = new CredentialProvider() {
            @Override
            public Credentials current() {
                return new Credentials.BearerToken(invalidations.get() == 0 ? "stale" : "fresh");
            }

            @Override
            public void invalidate() {
                invalidations.incrementAndGet();
            }
        };
        server = fake;
        rest = fake.restClient(rotating);

        DiscoverySnapshot snapshot = DiscoveryClient.create(rest, DiscoveryOptions.defaults().withClock(clock)).snapshot();

        assertThat(snapshot.format()).isEqualTo(DiscoveryFormat.AGGREGATED_V2);
        assertThat(invalidations.get()).isBetween(1, 2);
        assertThat(fake.requests()).containsOnly("GET /api", "GET /apis");
    }

    @Test
    void blockingOnAnEventLoopFailsFast() {
        DiscoveryClient discovery = discovery(Mode.AGGREGATED_V2);

        assertThatThrownBy(() -> Mono.just(1).publishOn(Schedulers.parallel()).map(i -> discovery.snapshot()).block())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-blocking thread")
                .hasMessageContaining("Async");
    }

    @Test
    void contentTypesAreMatchedWhateverTheParameterOrder() {
        assertThat(DiscoveryFetcher.aggregatedFormat("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"))
                .contains(DiscoveryFormat.AGGREGATED_V2);
        assertThat(DiscoveryFetcher.aggregatedFormat("application/json; as=APIGroupDiscoveryList; v=v2beta1; g=apidiscovery.k8s.io;charset=utf-8"))
                .contains(DiscoveryFormat.AGGREGATED_V2BETA1);
        assertThat(DiscoveryFetcher.aggregatedFormat("Application/JSON;g=\"apidiscovery.k8s.io\";v=\"v2\";as=\"APIGroupDiscoveryList\""))
                .contains(DiscoveryFormat.AGGREGATED_V2);
        assertThat(DiscoveryFetcher.aggregatedFormat("application/json")).isEmpty();
        assertThat(DiscoveryFetcher.aggregatedFormat("application/json;charset=utf-8")).isEmpty();
        assertThat(DiscoveryFetcher.aggregatedFormat("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList")).isEmpty();
        assertThat(DiscoveryFetcher.aggregatedFormat("application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")).isEmpty();
        assertThat(DiscoveryFetcher.aggregatedFormat(null)).isEmpty();
    }
}
