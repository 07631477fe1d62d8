package dev.capstan.api;

import java.util.Objects;

/**
 * Names a kind within an API group and version, for example {@code apps/v1 Deployment}. The
 * core group is the empty string.
 */
public record GroupVersionKind(String group, String version, String kind) {
    public GroupVersionKind {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
    }

    /** Splits an {@code apiVersion} ({@code v1}, {@code apps/v1}) and pairs it with a kind. */
    public static GroupVersionKind of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new GroupVersionKind("", apiVersion, kind)
                : new GroupVersionKind(apiVersion.substring(0, slash), apiVersion.substring(slash + 1), kind);
    }

    /** {@code group/version}, or {@code version} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    @Override
    public String toString() {
        return apiVersion() + " " + kind;
    }
}
