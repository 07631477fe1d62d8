package dev.capstan.client.discovery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The discovery documents as the server writes them, for decoding only: the aggregated
 * {@code APIGroupDiscoveryList} ({@code apidiscovery.k8s.io} v2 and v2beta1 have the same
 * shape) and the legacy {@code APIVersions} and {@code APIGroupList}, which the generated model
 * does not include. The legacy per-group-version {@code APIResourceList} is the generated
 * {@link dev.capstan.api.meta.v1.APIResourceList}. Unknown properties are ignored; absent
 * ones are {@code null}.
 */
final class DiscoveryWire {
    private DiscoveryWire() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GroupDiscoveryList(@JsonProperty("items") @Nullable List<GroupDiscovery> items) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GroupDiscovery(
            @JsonProperty("metadata") @Nullable Metadata metadata,
            @JsonProperty("versions") @Nullable List<VersionDiscovery> versions) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metadata(@JsonProperty("name") @Nullable String name) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record VersionDiscovery(
            @JsonProperty("version") @Nullable String version,
            @JsonProperty("resources") @Nullable List<ResourceDiscovery> resources,
            @JsonProperty("freshness") @Nullable String freshness) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResourceDiscovery(
            @JsonProperty("resource") @Nullable String resource,
            @JsonProperty("responseKind") @Nullable Kind responseKind,
            @JsonProperty("scope") @Nullable String scope,
            @JsonProperty("singularResource") @Nullable String singularResource,
            @JsonProperty("verbs") @Nullable List<String> verbs,
            @JsonProperty("shortNames") @Nullable List<String> shortNames,
            @JsonProperty("categories") @Nullable List<String> categories,
            @JsonProperty("subresources") @Nullable List<SubresourceDiscovery> subresources) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SubresourceDiscovery(
            @JsonProperty("subresource") @Nullable String subresource,
            @JsonProperty("responseKind") @Nullable Kind responseKind,
            @JsonProperty("verbs") @Nullable List<String> verbs) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Kind(
            @JsonProperty("group") @Nullable String group,
            @JsonProperty("version") @Nullable String version,
            @JsonProperty("kind") @Nullable String kind) {}

    /** {@code GET /api} in the legacy format. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiVersions(@JsonProperty("versions") @Nullable List<String> versions) {}

    /** {@code GET /apis} in the legacy format. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record GroupList(@JsonProperty("groups") @Nullable List<LegacyGroup> groups) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record LegacyGroup(
            @JsonProperty("name") @Nullable String name,
            @JsonProperty("versions") @Nullable List<GroupVersion> versions,
            @JsonProperty("preferredVersion") @Nullable GroupVersion preferredVersion) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GroupVersion(
            @JsonProperty("groupVersion") @Nullable String groupVersion,
            @JsonProperty("version") @Nullable String version) {}

    static <T> List<T> list(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }
}
