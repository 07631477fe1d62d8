package dev.capstan.client.discovery;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import java.util.Objects;

/**
 * What a {@link RestMapper} found: the kind, the resource that serves it (the URL segment) and
 * its scope, with everything discovery says about the resource.
 *
 * @param kind the kind, in the group-version the resource is served in
 * @param resource the group, version and plural to address it by
 * @param namespaced whether its objects live in namespaces
 * @param details verbs, short names, categories and subresources
 */
public record MappedResource(GroupVersionKind kind, GroupVersionResource resource, boolean namespaced, ApiResource details) {

    public MappedResource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(details, "details");
    }

    /** The mapping discovery's {@code resource} stands for. */
    public static MappedResource of(ApiResource resource) {
        return new MappedResource(resource.groupVersionKind(), resource.groupVersionResource(), resource.namespaced(), resource);
    }

    /**
     * A dynamic-client type: {@code client.resources(mapped.unstructuredType())} reads and writes
     * the objects as {@link Unstructured}.
     */
    public ResourceType<Unstructured> unstructuredType() {
        return details.unstructuredType();
    }

    /** Whether the resource has the subresource {@code name} ({@code status}, {@code scale}, …). */
    public boolean hasSubresource(String name) {
        return details.hasSubresource(name);
    }

    @Override
    public String toString() {
        return kind + " -> " + details;
    }
}
