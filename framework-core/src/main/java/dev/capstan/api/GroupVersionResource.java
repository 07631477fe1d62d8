package dev.capstan.api;

import java.util.Objects;

/** Names a resource (the plural in URLs) within an API group and version, for example {@code apps/v1 deployments}. */
public record GroupVersionResource(String group, String version, String resource) {
    public GroupVersionResource {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(resource, "resource");
    }

    /** {@code group/version}, or {@code version} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    @Override
    public String toString() {
        return apiVersion() + " " + resource;
    }
}
