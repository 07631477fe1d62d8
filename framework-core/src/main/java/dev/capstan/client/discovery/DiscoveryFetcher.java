package dev.capstan.client.discovery;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.meta.v1.APIResource;
import dev.capstan.api.meta.v1.APIResourceList;
import dev.capstan.client.discovery.DiscoveryWire.GroupDiscovery;
import dev.capstan.client.discovery.DiscoveryWire.GroupDiscoveryList;
import dev.capstan.client.discovery.DiscoveryWire.ResourceDiscovery;
import dev.capstan.client.discovery.DiscoveryWire.SubresourceDiscovery;
import dev.capstan.client.discovery.DiscoveryWire.VersionDiscovery;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestClient;
import dev.capstan.client.rest.RestRequest;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fetches one {@link DiscoverySnapshot} from the server; stateless, so every call is a full
 * fetch ({@link DefaultDiscoveryClient} caches).
 *
 * <h2>Implementation notes</h2>
 * {@code /api} (the core group) and {@code /apis} (every other group) are asked in parallel,
 * each first with the aggregated media types in preference order
 * ({@link #ACCEPT_AGGREGATED}), as client-go does. What comes back decides the path, per
 * endpoint:
 * <ul>
 *   <li>a {@code Content-Type} naming {@code APIGroupDiscoveryList} of
 *       {@code apidiscovery.k8s.io} v2 or v2beta1: everything is in that one document;
 *   <li>plain {@code application/json}: the server ignored the aggregated types, and the body
 *       is already the legacy {@code APIVersions}/{@code APIGroupList}; the resources of each
 *       group-version then need one request each ({@code /api/v1}, {@code /apis/apps/v1}, …,
 *       eight at a time);
 *   <li>406 or any other failure of the aggregated request: the legacy requests through the
 *       {@link RestClient}, whose retries and error messages then apply.
 * </ul>
 * A group-version marked {@code Stale} in aggregated discovery, or whose legacy request fails,
 * is left out of its group and recorded in {@link DiscoverySnapshot#failures()}; a group left
 * with no versions is left out. A 404 for {@code /api} counts as a server without a core group
 * (aggregated API servers answer so), as in client-go.
 */
final class DiscoveryFetcher {
    private static final System.Logger LOG = System.getLogger(DiscoveryFetcher.class.getName());

    /** Aggregated v2, then v2beta1, then legacy JSON: the server picks the first it offers. */
    static final String ACCEPT_AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    private static final int LEGACY_CONCURRENCY = 8;

    private final RestClient rest;
    private final boolean aggregated;

    /** A 2xx answer to the aggregated request, with its content type. */
    private record Response(int code, @Nullable String contentType, byte[] body) {}

    DiscoveryFetcher(RestClient rest, DiscoveryOptions options) {
        this.rest = rest;
        this.aggregated = options.aggregated();
    }

    /** What one of {@code /api}, {@code /apis} answered. */
    private sealed interface Root permits Aggregated, Legacy {}

    private record Aggregated(DiscoveryFormat format, List<GroupDiscovery> groups) implements Root {}

    private record Legacy(List<ApiGroup> groups) implements Root {}

    /** The resources of one legacy group-version, or why they could not be had. */
    private record Outcome(String group, String version, @Nullable List<ApiResource> resources, @Nullable String failure) {}

    Mono<DiscoverySnapshot> fetch(Instant startedAt) {
        return Mono.zip(root("/api"), root("/apis")).flatMap(roots -> assemble(roots.getT1(), roots.getT2(), startedAt));
    }

    // ---- /api and /apis ------------------------------------------------------------------------

    private Mono<Root> root(String path) {
        if (!aggregated) {
            return legacyRoot(path);
        }
        return rest.exchange(RestRequest.get(path).accepting(ACCEPT_AGGREGATED)
                        .describedAs("discover API groups (GET " + path + ", aggregated)"))
                .map(response -> interpret(path, new Response(response.code(), response.contentType(), response.body())))
                .onErrorResume(e -> {
                    LOG.log(Level.DEBUG, "GET {0} for aggregated discovery failed ({1}); using legacy discovery", path, e.toString());
                    return Mono.just(Optional.empty());
                })
                .flatMap(root -> root.isPresent() ? Mono.just(root.get()) : legacyRoot(path));
    }

    /** The root a response to the aggregated request holds; empty when the legacy requests must be made. */
    private static Optional<Root> interpret(String path, Response response) {
        if (response.code() / 100 == 2) {
            Optional<DiscoveryFormat> format = aggregatedFormat(response.contentType());
            if (format.isPresent()) {
                GroupDiscoveryList list = KubernetesJson.decode(response.body(), GroupDiscoveryList.class);
                return Optional.of(new Aggregated(format.get(), DiscoveryWire.list(list.items())));
            }
            if (isPlainJson(response.contentType())) {
                return Optional.of(parseLegacyRoot(path, response.body()));
            }
        }
        LOG.log(Level.DEBUG, "GET {0} for aggregated discovery answered HTTP {1} ({2}); using legacy discovery",
                path, response.code(), response.contentType());
        return Optional.empty();
    }

    private Mono<Root> legacyRoot(String path) {
        return rest.exchange(RestRequest.get(path).describedAs("discover API groups (GET " + path + ")"))
                .map(response -> parseLegacyRoot(path, response.body()))
                .onErrorResume(e -> path.equals("/api") && e instanceof KubernetesApiException k && k.isNotFound(),
                        e -> Mono.just(new Legacy(List.of())));
    }

    private static Root parseLegacyRoot(String path, byte[] body) {
        List<ApiGroup> groups = new ArrayList<>();
        if (path.equals("/api")) {
            List<String> versions = DiscoveryWire.list(KubernetesJson.decode(body, DiscoveryWire.ApiVersions.class).versions());
            if (!versions.isEmpty()) {
                groups.add(new ApiGroup("", versions, versions.get(0)));
            }
        } else {
            for (DiscoveryWire.LegacyGroup group : DiscoveryWire.list(KubernetesJson.decode(body, DiscoveryWire.GroupList.class).groups())) {
                List<String> versions = new ArrayList<>();
                for (DiscoveryWire.GroupVersion version : DiscoveryWire.list(group.versions())) {
                    if (version.version() != null) {
                        versions.add(version.version());
                    }
                }
                if (group.name() == null || versions.isEmpty()) {
                    continue;
                }
                String preferred = group.preferredVersion() != null && versions.contains(group.preferredVersion().version())
                        ? group.preferredVersion().version() : versions.get(0);
                groups.add(new ApiGroup(group.name(), versions, preferred));
            }
        }
        return new Legacy(groups);
    }

    /**
     * The aggregated format a {@code Content-Type} names, if any. Resilient to parameter order,
     * spacing, quoting and extra parameters ({@code charset}).
     */
    static Optional<DiscoveryFormat> aggregatedFormat(@Nullable String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0) {
                String value = parts[i].substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                parameters.put(parts[i].substring(0, equals).strip().toLowerCase(Locale.ROOT), value);
            }
        }
        if (!"apidiscovery.k8s.io".equals(parameters.get("g")) || !"APIGroupDiscoveryList".equals(parameters.get("as"))) {
            return Optional.empty();
        }
        return switch (String.valueOf(parameters.get("v"))) {
            case "v2" -> Optional.of(DiscoveryFormat.AGGREGATED_V2);
            case "v2beta1" -> Optional.of(DiscoveryFormat.AGGREGATED_V2BETA1);
            default -> Optional.empty();
        };
    }

    private static boolean isPlainJson(@Nullable String contentType) {
        return contentType == null || contentType.split(";")[0].strip().equalsIgnoreCase("application/json");
    }

    // ---- assembling the snapshot ---------------------------------------------------------------

    private Mono<DiscoverySnapshot> assemble(Root api, Root apis, Instant startedAt) {
        List<ApiGroup> groups = new ArrayList<>();
        Map<String, List<ApiResource>> resources = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<ApiGroup> legacyGroups = new ArrayList<>();
        for (Root root : List.of(api, apis)) {
            if (root instanceof Aggregated aggregated) {
                for (GroupDiscovery group : aggregated.groups()) {
                    addAggregatedGroup(group, groups, resources, failures);
                }
            } else if (root instanceof Legacy legacy) {
                legacyGroups.addAll(legacy.groups());
                groups.addAll(legacy.groups());
            }
        }
        DiscoveryFormat format = api instanceof Aggregated a && apis instanceof Aggregated b
                ? (b.groups().isEmpty() ? a.format() : b.format()) : DiscoveryFormat.LEGACY;
        if (legacyGroups.isEmpty()) {
            return Mono.just(new DiscoverySnapshot(groups, resources, failures, format, startedAt));
        }
        List<String[]> groupVersions = new ArrayList<>();
        for (ApiGroup group : legacyGroups) {
            for (String version : group.versions()) {
                groupVersions.add(new String[] {group.name(), version});
            }
        }
        return Flux.fromIterable(groupVersions)
                .flatMapSequential(gv -> legacyResources(gv[0], gv[1]), LEGACY_CONCURRENCY)
                .collectList()
                .map(outcomes -> {
                    Map<String, Outcome> byApiVersion = new LinkedHashMap<>();
                    for (Outcome outcome : outcomes) {
                        byApiVersion.put(DiscoverySnapshot.apiVersion(outcome.group(), outcome.version()), outcome);
                    }
                    List<ApiGroup> served = new ArrayList<>();
                    for (ApiGroup group : groups) {
                        if (!legacyGroups.contains(group)) {
                            served.add(group);
                            continue;
                        }
                        List<String> versions = new ArrayList<>();
                        for (String version : group.versions()) {
                            String apiVersion = DiscoverySnapshot.apiVersion(group.name(), version);
                            Outcome outcome = byApiVersion.get(apiVersion);
                            if (outcome.resources() != null) {
                                versions.add(version);
                                resources.put(apiVersion, outcome.resources());
                            } else {
                                failures.put(apiVersion, outcome.failure());
                            }
                        }
                        if (!versions.isEmpty()) {
                            served.add(new ApiGroup(group.name(), versions,
                                    versions.contains(group.preferredVersion()) ? group.preferredVersion() : versions.get(0)));
                        }
                    }
                    return new DiscoverySnapshot(served, resources, failures, format, startedAt);
                });
    }

    private static void addAggregatedGroup(GroupDiscovery group, List<ApiGroup> groups,
            Map<String, List<ApiResource>> resources, Map<String, String> failures) {
        String name = group.metadata() != null && group.metadata().name() != null ? group.metadata().name() : "";
        List<String> versions = new ArrayList<>();
        for (VersionDiscovery version : DiscoveryWire.list(group.versions())) {
            if (version.version() == null) {
                continue;
            }
            String apiVersion = DiscoverySnapshot.apiVersion(name, version.version());
            if ("Stale".equalsIgnoreCase(version.freshness())) {
                failures.put(apiVersion, "the server marks its discovery stale (the API server serving it did not answer)");
                continue;
            }
            versions.add(version.version());
            List<ApiResource> list = new ArrayList<>();
            for (ResourceDiscovery resource : DiscoveryWire.list(version.resources())) {
                ApiResource converted = fromAggregated(name, version.version(), resource);
                if (converted != null) {
                    list.add(converted);
                }
            }
            resources.put(apiVersion, list);
        }
        if (!versions.isEmpty()) {
            groups.add(new ApiGroup(name, versions, versions.get(0)));
        }
    }

    /** An aggregated resource entry; {@code null} when it lacks a name or kind (it could not be mapped). */
    private static @Nullable ApiResource fromAggregated(String group, String version, ResourceDiscovery resource) {
        if (resource.resource() == null || resource.responseKind() == null || isEmpty(resource.responseKind().kind())) {
            return null;
        }
        List<ApiSubresource> subresources = new ArrayList<>();
        for (SubresourceDiscovery subresource : DiscoveryWire.list(resource.subresources())) {
            DiscoveryWire.Kind kind = subresource.responseKind();
            if (subresource.subresource() == null || kind == null || isEmpty(kind.kind())) {
                continue;
            }
            GroupVersionKind gvk = isEmpty(kind.version())
                    ? new GroupVersionKind(group, version, kind.kind())
                    : new GroupVersionKind(kind.group() == null ? "" : kind.group(), kind.version(), kind.kind());
            subresources.add(new ApiSubresource(subresource.subresource(), gvk, DiscoveryWire.list(subresource.verbs())));
        }
        return new ApiResource(group, version, resource.resource(), resource.singularResource(),
                "Namespaced".equals(resource.scope()), resource.responseKind().kind(),
                DiscoveryWire.list(resource.verbs()), DiscoveryWire.list(resource.shortNames()),
                DiscoveryWire.list(resource.categories()), subresources);
    }

    // ---- legacy group-versions -----------------------------------------------------------------

    private Mono<Outcome> legacyResources(String group, String version) {
        String apiVersion = DiscoverySnapshot.apiVersion(group, version);
        String path = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return rest.exchange(RestRequest.get(path).describedAs("discover resources of " + apiVersion + " (GET " + path + ")"))
                .map(response -> new Outcome(group, version,
                        fromLegacy(group, version, KubernetesJson.decode(response.body(), APIResourceList.class)), null))
                .onErrorResume(e -> Mono.just(new Outcome(group, version, null, String.valueOf(e.getMessage()))));
    }

    /** A legacy resource list: subresources ({@code deployments/scale}) folded into their parents. */
    static List<ApiResource> fromLegacy(String group, String version, APIResourceList list) {
        List<APIResource> entries = list.resources() == null ? List.of() : list.resources();
        Map<String, List<ApiSubresource>> subresources = new LinkedHashMap<>();
        for (APIResource entry : entries) {
            int slash = entry.name() == null ? -1 : entry.name().indexOf('/');
            if (slash > 0 && !isEmpty(entry.kind())) {
                GroupVersionKind kind = isEmpty(entry.version())
                        ? new GroupVersionKind(group, version, entry.kind())
                        : new GroupVersionKind(entry.group() == null ? "" : entry.group(), entry.version(), entry.kind());
                subresources.computeIfAbsent(entry.name().substring(0, slash), parent -> new ArrayList<>())
                        .add(new ApiSubresource(entry.name().substring(slash + 1), kind,
                                entry.verbs() == null ? List.of() : entry.verbs()));
            }
        }
        List<ApiResource> resources = new ArrayList<>();
        for (APIResource entry : entries) {
            if (entry.name() == null || entry.name().indexOf('/') >= 0 || isEmpty(entry.kind())) {
                continue;
            }
            resources.add(new ApiResource(group, version, entry.name(), entry.singularName(),
                    Boolean.TRUE.equals(entry.namespaced()), entry.kind(),
                    entry.verbs() == null ? List.of() : entry.verbs(),
                    entry.shortNames() == null ? List.of() : entry.shortNames(),
                    entry.categories() == null ? List.of() : entry.categories(),
                    subresources.getOrDefault(entry.name(), List.of())));
        }
        return resources;
    }

    private static boolean isEmpty(@Nullable String text) {
        return text == null || text.isEmpty();
    }
}
