package dev.capstan.client.discovery;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource the server serves in one group-version, as discovery describes it: the plural
 * name used in URLs, singular name, scope, kind, verbs, short names, categories and
 * subresources.
 *
 * <p>Discovery's two formats are folded into this one shape: the legacy format lists
 * subresources as resources of their own ({@code deployments/scale}), the aggregated format
 * nests them; here they are always nested in {@link #subresources()}.
 *
 * @param group the API group; {@code ""} for the core group
 * @param version the version within the group
 * @param name the resource name, the plural in URLs ({@code deployments})
 * @param singularName the singular name ({@code deployment}); when a server sends none, the
 *     kind in lower case
 * @param namespaced whether objects live in namespaces ({@code false}: cluster-scoped)
 * @param kind the kind of its objects ({@code Deployment})
 * @param verbs the verbs it supports ({@code create}, {@code delete}, {@code get}, {@code list}, …)
 * @param shortNames kubectl's abbreviations ({@code deploy})
 * @param categories the categories it belongs to ({@code all})
 * @param subresources its subresources, such as {@code status} and {@code scale}
 */
public record ApiResource(
        String group,
        String version,
        String name,
        String singularName,
        boolean namespaced,
        String kind,
        List<String> verbs,
        List<String> shortNames,
        List<String> categories,
        List<ApiSubresource> subresources) {

    public ApiResource {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (singularName == null || singularName.isEmpty()) {
            singularName = kind.toLowerCase(Locale.ROOT);
        }
        verbs = List.copyOf(verbs);
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** {@code group/version}, or {@code version} for the core group. */
    public String apiVersion() {
        return DiscoverySnapshot.apiVersion(group, version);
    }

    public GroupVersionKind groupVersionKind() {
        return new GroupVersionKind(group, version, kind);
    }

    public GroupVersionResource groupVersionResource() {
        return new GroupVersionResource(group, version, name);
    }

    /** Whether the resource supports {@code verb} ({@code get}, {@code list}, {@code watch}, …). */
    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    /** The subresource called {@code name} ({@code status}, {@code scale}, …), if the resource has it. */
    public Optional<ApiSubresource> subresource(String name) {
        for (ApiSubresource subresource : subresources) {
            if (subresource.name().equals(name)) {
                return Optional.of(subresource);
            }
        }
        return Optional.empty();
    }

    /** Whether the resource has the subresource called {@code name}. */
    public boolean hasSubresource(String name) {
        return subresource(name).isPresent();
    }

    /**
     * A dynamic-client type for this resource:
     * {@code client.resources(resource.unstructuredType())} reads and writes its objects as
     * {@link Unstructured}.
     */
    public ResourceType<Unstructured> unstructuredType() {
        return new ResourceType<>(Unstructured.class, group, version, kind, name, singularName, shortNames, namespaced);
    }

    /** {@code deployments.apps/v1 (Deployment, namespaced)}. */
    @Override
    public String toString() {
        return (group.isEmpty() ? name + "/" + version : name + "." + group + "/" + version) + " (" + kind + ", "
                + (namespaced ? "namespaced" : "cluster-scoped") + ")";
    }
}
