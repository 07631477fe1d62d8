package dev.capstan.client.discovery;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything discovery learned from the server at one moment: groups with their versions,
 * the resources of every group-version, and the group-versions whose discovery failed.
 * Immutable; a refresh produces a new snapshot.
 *
 * <h2>Order</h2> Groups are in the server's order, the core group first; that order is the
 * priority a {@link RestMapper} gives them when a name matches in several groups, as kubectl
 * does. Resources within a group-version are in the server's order.
 *
 * <h2>Consistency</h2> A snapshot is what the server said when {@link #fetchedAt()} was taken;
 * it is stale the moment a CRD is installed or removed. {@link DiscoveryClient} refreshes it
 * when a lookup misses.
 *
 * @param groups the served groups, core first; only versions that could be discovered
 * @param resources the resources of each served group-version, keyed by {@code apiVersion}
 *     ({@code v1}, {@code apps/v1})
 * @param failures group-versions ({@code apiVersion} → why) the server lists but whose
 *     resources could not be discovered: a stale aggregated API server, a failed request
 * @param format how the server answered
 * @param fetchedAt when the fetch that produced this snapshot started
 */
public record DiscoverySnapshot(
        List<ApiGroup> groups,
        Map<String, List<ApiResource>> resources,
        Map<String, String> failures,
        DiscoveryFormat format,
        Instant fetchedAt) {

    public DiscoverySnapshot {
        groups = List.copyOf(groups);
        Map<String, List<ApiResource>> copy = new LinkedHashMap<>();
        resources.forEach((apiVersion, list) -> copy.put(Objects.requireNonNull(apiVersion), List.copyOf(list)));
        resources = Collections.unmodifiableMap(copy);
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    /** The group called {@code name} ({@code ""} for core), if the server serves it. */
    public Optional<ApiGroup> group(String name) {
        for (ApiGroup group : groups) {
            if (group.name().equals(name)) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    /** The names of the served groups, in priority order; {@code ""} is the core group. */
    public List<String> groupNames() {
        return groups.stream().map(ApiGroup::name).toList();
    }

    /** The resources of one group-version, or empty if the server does not serve it (or its discovery failed). */
    public Optional<List<ApiResource>> resources(String group, String version) {
        return Optional.ofNullable(resources.get(apiVersion(group, version)));
    }

    /** The resource serving {@code kind}, if any; subresources never match. */
    public Optional<ApiResource> resource(GroupVersionKind kind) {
        for (ApiResource resource : resources(kind.group(), kind.version()).orElse(List.of())) {
            if (resource.kind().equals(kind.kind())) {
                return Optional.of(resource);
            }
        }
        return Optional.empty();
    }

    /** The resource with this group, version and plural name, if served. */
    public Optional<ApiResource> resource(GroupVersionResource resource) {
        for (ApiResource candidate : resources(resource.group(), resource.version()).orElse(List.of())) {
            if (candidate.name().equals(resource.resource())) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Every resource in priority order: groups in server order, within a group the preferred
     * version first, then the others.
     */
    public List<ApiResource> allResources() {
        List<ApiResource> all = new ArrayList<>();
        for (ApiGroup group : groups) {
            for (String version : group.versionsByPriority()) {
                all.addAll(resources(group.name(), version).orElse(List.of()));
            }
        }
        return List.copyOf(all);
    }

    /** The resources of each group's preferred version, like {@code kubectl api-resources}. */
    public List<ApiResource> preferredResources() {
        List<ApiResource> preferred = new ArrayList<>();
        for (ApiGroup group : groups) {
            preferred.addAll(resources(group.name(), group.preferredVersion()).orElse(List.of()));
        }
        return List.copyOf(preferred);
    }

    static String apiVersion(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    @Override
    public String toString() {
        return "DiscoverySnapshot[" + groups.size() + " groups, " + resources.size() + " group-versions, "
                + failures.size() + " failed, " + format + ", fetched at " + fetchedAt + "]";
    }
}
