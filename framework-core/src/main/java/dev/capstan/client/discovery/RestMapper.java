package dev.capstan.client.discovery;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Maps kinds to resources and back, from discovery: {@code apps/v1 Deployment} →
 * {@code apps/v1 deployments}, namespaced. Also resolves the names kubectl accepts
 * ({@code deploy}, {@code deployments}, {@code deployment.apps}, {@code deployments.v1.apps},
 * {@code Deployment}), and gives dynamic clients their type:
 *
 * <pre>{@code
 * RestMapper mapper = RestMapper.create(DiscoveryClient.create(client.rest()));
 * ResourceClient<Unstructured> widgets = client.resources(
 *         mapper.unstructuredType(new GroupVersionKind("example.com", "v1", "Widget")));
 * }</pre>
 *
 * <h2>Misses</h2> Every lookup first consults the discovery client's cached snapshot; when that
 * has no match it asks {@link DiscoveryClient#refreshAfterMiss()} and looks again, so a CRD
 * installed after discovery was cached is found. That refresh happens at most once per
 * {@link DiscoveryOptions#refreshOnMissInterval()}: right after installing a CRD, poll (the
 * server's discovery itself lags the CRD's {@code Established} condition by a moment).
 * {@code find} answers a miss with empty, {@code resolve} with a {@link NoMatchException} that
 * names what was asked for and the groups searched.
 *
 * <h2>Ambiguity</h2> When several resources match, the one of the highest priority wins: groups
 * in the server's order (core first), within a group the preferred version first. A name
 * matches by plural first, then singular, then short name, then kind (all ignoring case), so
 * {@code events} is the core group's resource, not {@code events.k8s.io}'s; qualify it
 * ({@code events.events.k8s.io}) to choose.
 *
 * <h2>Thread safety and blocking</h2> Thread-safe. The synchronous methods block while
 * discovery is fetched (and refuse to on a Netty event-loop thread); {@link #resolveAsync}
 * never blocks.
 */
public interface RestMapper {

    /** A mapper over {@code discovery}, sharing its cache. */
    static RestMapper create(DiscoveryClient discovery) {
        return new DefaultRestMapper(Objects.requireNonNull(discovery, "discovery"));
    }

    /** The discovery client this mapper reads. */
    DiscoveryClient discovery();

    /** The resource serving {@code kind} in exactly its group and version. */
    Optional<MappedResource> find(GroupVersionKind kind);

    /**
     * {@link #find(GroupVersionKind)} or a {@link NoMatchException} naming the kind and the
     * groups searched.
     */
    MappedResource resolve(GroupVersionKind kind);

    /** {@link #resolve(GroupVersionKind)} without blocking; fails with {@link NoMatchException}. */
    Mono<MappedResource> resolveAsync(GroupVersionKind kind);

    /** The resource with exactly this group, version and plural name. */
    Optional<MappedResource> find(GroupVersionResource resource);

    MappedResource resolve(GroupVersionResource resource);

    Mono<MappedResource> resolveAsync(GroupVersionResource resource);

    /**
     * A resource by the name kubectl accepts: a plural ({@code deployments}), singular
     * ({@code deployment}), short name ({@code deploy}) or kind ({@code Deployment}), ignoring
     * case, optionally qualified by group ({@code deployment.apps}) or version and group
     * ({@code deployments.v1.apps}). Without a version, the group's preferred version wins.
     */
    Optional<MappedResource> find(String name);

    MappedResource resolve(String name);

    /**
     * The dynamic-client type for {@code kind}: {@code client.resources(mapper.unstructuredType(gvk))}.
     *
     * @throws NoMatchException when the server does not serve the kind
     */
    default ResourceType<Unstructured> unstructuredType(GroupVersionKind kind) {
        return resolve(kind).unstructuredType();
    }
}
