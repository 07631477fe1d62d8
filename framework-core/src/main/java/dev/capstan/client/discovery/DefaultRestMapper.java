package dev.capstan.client.discovery;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The one implementation of {@link RestMapper}: pure lookups over a {@link DiscoverySnapshot},
 * retried once after {@link DiscoveryClient#refreshAfterMiss()}. Holds no state of its own.
 *
 * <h2>Implementation notes</h2>
 * Each lookup is a function from a snapshot to a {@link Match}: the resource, or the reason
 * there is none. The reason is computed against the snapshot after the refresh, so a
 * {@link NoMatchException} describes what the server served when it was last asked. Names are
 * parsed as kubectl parses them: {@code a.b.c} is first tried as resource {@code a}, version
 * {@code b}, group {@code c}, then as resource {@code a} in group {@code b.c}.
 */
final class DefaultRestMapper implements RestMapper {
    private static final int MAX_LISTED = 40;

    private final DiscoveryClient discovery;

    DefaultRestMapper(DiscoveryClient discovery) {
        this.discovery = discovery;
    }

    /** A lookup's answer: found, or why not. */
    private sealed interface Match permits Found, Missing {}

    private record Found(MappedResource mapped) implements Match {}

    private record Missing(String wanted, String reason) implements Match {}

    @Override
    public DiscoveryClient discovery() {
        return discovery;
    }

    // ---- faces ----------------------------------------------------------------------------------

    @Override
    public Optional<MappedResource> find(GroupVersionKind kind) {
        Objects.requireNonNull(kind, "kind");
        return found(lookup(snapshot -> byKind(snapshot, kind)));
    }

    @Override
    public MappedResource resolve(GroupVersionKind kind) {
        Objects.requireNonNull(kind, "kind");
        return orThrow(lookup(snapshot -> byKind(snapshot, kind)));
    }

    @Override
    public Mono<MappedResource> resolveAsync(GroupVersionKind kind) {
        Objects.requireNonNull(kind, "kind");
        return lookupAsync(snapshot -> byKind(snapshot, kind));
    }

    @Override
    public Optional<MappedResource> find(GroupVersionResource resource) {
        Objects.requireNonNull(resource, "resource");
        return found(lookup(snapshot -> byResource(snapshot, resource)));
    }

    @Override
    public MappedResource resolve(GroupVersionResource resource) {
        Objects.requireNonNull(resource, "resource");
        return orThrow(lookup(snapshot -> byResource(snapshot, resource)));
    }

    @Override
    public Mono<MappedResource> resolveAsync(GroupVersionResource resource) {
        Objects.requireNonNull(resource, "resource");
        return lookupAsync(snapshot -> byResource(snapshot, resource));
    }

    @Override
    public Optional<MappedResource> find(String name) {
        Objects.requireNonNull(name, "name");
        return found(lookup(snapshot -> byName(snapshot, name)));
    }

    @Override
    public MappedResource resolve(String name) {
        Objects.requireNonNull(name, "name");
        return orThrow(lookup(snapshot -> byName(snapshot, name)));
    }

    /** Looks in the cached snapshot, then, on a miss, in a refreshed one. Returns the refreshed miss. */
    private Lookup lookup(Function<DiscoverySnapshot, Match> lookup) {
        DiscoverySnapshot snapshot = discovery.snapshot();
        Match match = lookup.apply(snapshot);
        if (match instanceof Found) {
            return new Lookup(match, snapshot);
        }
        DiscoverySnapshot refreshed = discovery.refreshAfterMiss();
        return new Lookup(refreshed == snapshot ? match : lookup.apply(refreshed), refreshed);
    }

    private Mono<MappedResource> lookupAsync(Function<DiscoverySnapshot, Match> lookup) {
        return discovery.snapshotAsync().flatMap(snapshot -> {
            Match match = lookup.apply(snapshot);
            if (match instanceof Found found) {
                return Mono.just(found.mapped());
            }
            return discovery.refreshAfterMissAsync().flatMap(refreshed -> {
                Lookup result = new Lookup(refreshed == snapshot ? match : lookup.apply(refreshed), refreshed);
                return result.match() instanceof Found found ? Mono.just(found.mapped()) : Mono.error(exception(result));
            });
        });
    }

    private record Lookup(Match match, DiscoverySnapshot snapshot) {}

    private static Optional<MappedResource> found(Lookup lookup) {
        return lookup.match() instanceof Found found ? Optional.of(found.mapped()) : Optional.empty();
    }

    private static MappedResource orThrow(Lookup lookup) {
        if (lookup.match() instanceof Found found) {
            return found.mapped();
        }
        throw exception(lookup);
    }

    private static NoMatchException exception(Lookup lookup) {
        Missing missing = (Missing) lookup.match();
        DiscoverySnapshot snapshot = lookup.snapshot();
        List<String> groups = snapshot.groupNames();
        String message = missing.wanted() + " is not served by the API server: " + missing.reason()
                + " (discovery fetched at " + snapshot.fetchedAt() + "; searched " + groups.size() + " groups: "
                + list(snapshot.groups().stream().map(ApiGroup::displayName).toList()) + ")";
        return new NoMatchException(message, missing.wanted(), groups);
    }

    // ---- lookups ----------------------------------------------------------------------------------

    private static Match byKind(DiscoverySnapshot snapshot, GroupVersionKind kind) {
        Optional<ApiResource> resource = snapshot.resource(kind);
        if (resource.isPresent()) {
            return new Found(MappedResource.of(resource.get()));
        }
        String wanted = "kind " + kind;
        return new Missing(wanted, whyNot(snapshot, kind.group(), kind.version(),
                resources -> "it serves kinds " + list(resources.stream().map(ApiResource::kind).distinct().toList())
                        + ", not " + kind.kind()));
    }

    private static Match byResource(DiscoverySnapshot snapshot, GroupVersionResource resource) {
        Optional<ApiResource> found = snapshot.resource(resource);
        if (found.isPresent()) {
            return new Found(MappedResource.of(found.get()));
        }
        return new Missing("resource " + resource, whyNot(snapshot, resource.group(), resource.version(),
                resources -> "it serves resources " + list(resources.stream().map(ApiResource::name).toList())
                        + ", not " + resource.resource()));
    }

    /** Why a group-version lacks something: the group, the version, or (from {@code inVersion}) the thing itself. */
    private static String whyNot(DiscoverySnapshot snapshot, String group, String version,
            Function<List<ApiResource>, String> inVersion) {
        String apiVersion = DiscoverySnapshot.apiVersion(group, version);
        String failure = snapshot.failures().get(apiVersion);
        if (failure != null) {
            return "discovery of " + apiVersion + " failed: " + failure;
        }
        Optional<ApiGroup> served = snapshot.group(group);
        if (served.isEmpty()) {
            return "it serves no group " + (group.isEmpty() ? "core" : group);
        }
        Optional<List<ApiResource>> resources = snapshot.resources(group, version);
        if (resources.isEmpty()) {
            return "group " + served.get().displayName() + " is served in versions " + served.get().versions()
                    + ", not " + version;
        }
        return apiVersion + ": " + inVersion.apply(resources.get());
    }

    private static Match byName(DiscoverySnapshot snapshot, String name) {
        String wanted = "'" + name + "'";
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.contains("/")) {
            return new Missing(wanted, "a resource name is a plural, singular, short name or kind, optionally followed by "
                    + ".group or .version.group (like deploy, deployments.apps, deployments.v1.apps)");
        }
        int dot = trimmed.indexOf('.');
        if (dot < 0) {
            return match(snapshot, trimmed, null, null)
                    .<Match>map(Found::new)
                    .orElseGet(() -> new Missing(wanted, "no resource has it as plural, singular, short name or kind"));
        }
        String resource = trimmed.substring(0, dot);
        String qualifier = trimmed.substring(dot + 1);
        int second = qualifier.indexOf('.');
        if (second > 0) {
            Optional<MappedResource> fully = match(snapshot, resource, qualifier.substring(0, second), qualifier.substring(second + 1));
            if (fully.isPresent()) {
                return new Found(fully.get());
            }
        }
        Optional<MappedResource> grouped = match(snapshot, resource, null, qualifier);
        if (grouped.isPresent()) {
            return new Found(grouped.get());
        }
        if (second > 0 && snapshot.group(qualifier).isEmpty()) {
            String group = qualifier.substring(second + 1);
            String version = qualifier.substring(0, second);
            if (snapshot.group(group).isPresent()) {
                return new Missing(wanted, snapshot.resources(group, version).isPresent()
                        ? DiscoverySnapshot.apiVersion(group, version) + " has no resource '" + resource + "'"
                        : "group " + group + " is served in versions " + snapshot.group(group).get().versions() + ", not " + version);
            }
        }
        if (snapshot.group(qualifier).isEmpty()) {
            return new Missing(wanted, "it serves no group " + qualifier + (second > 0 ? " (nor " + qualifier.substring(second + 1) + ")" : ""));
        }
        List<String> names = new ArrayList<>();
        for (ApiResource candidate : snapshot.allResources()) {
            if (candidate.group().equals(qualifier) && !names.contains(candidate.name())) {
                names.add(candidate.name());
            }
        }
        return new Missing(wanted, "group " + qualifier + " has no resource '" + resource + "'; it has " + list(names));
    }

    /** The best match of {@code name} within the optional group and version, kubectl's tiers in order. */
    private static Optional<MappedResource> match(DiscoverySnapshot snapshot, String name, @Nullable String version,
            @Nullable String group) {
        List<ApiResource> candidates = new ArrayList<>();
        for (ApiResource resource : snapshot.allResources()) {
            if ((group == null || resource.group().equals(group)) && (version == null || resource.version().equals(version))) {
                candidates.add(resource);
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        List<Predicate<ApiResource>> tiers = List.of(
                r -> r.name().equalsIgnoreCase(lower),
                r -> r.singularName().equalsIgnoreCase(lower),
                r -> r.shortNames().stream().anyMatch(s -> s.equalsIgnoreCase(lower)),
                r -> r.kind().equalsIgnoreCase(lower));
        for (Predicate<ApiResource> tier : tiers) {
            for (ApiResource candidate : candidates) {
                if (tier.test(candidate)) {
                    return Optional.of(MappedResource.of(candidate));
                }
            }
        }
        return Optional.empty();
    }

    private static String list(List<String> names) {
        if (names.size() <= MAX_LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_LISTED)) + ", … (" + (names.size() - MAX_LISTED) + " more)";
    }
}
