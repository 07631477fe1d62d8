package dev.capstan.client.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An API group as the server serves it: its name ({@code ""} for the core group, whose objects
 * have {@code apiVersion: v1}), its versions in the server's order of preference, and the
 * preferred one.
 *
 * <p>Only versions whose discovery succeeded are listed; a version the server reported as stale
 * (an aggregated API server that did not answer) is in
 * {@link DiscoverySnapshot#failures()} instead.
 *
 * @param name the group name; {@code ""} for the core group
 * @param versions the served versions, most preferred first; never empty
 * @param preferredVersion the version the server prefers, one of {@code versions}
 */
public record ApiGroup(String name, List<String> versions, String preferredVersion) {

    public ApiGroup {
        Objects.requireNonNull(name, "name");
        versions = List.copyOf(versions);
        Objects.requireNonNull(preferredVersion, "preferredVersion");
        if (!versions.contains(preferredVersion)) {
            throw new IllegalArgumentException("group '" + name + "': preferred version " + preferredVersion
                    + " is not among its versions " + versions);
        }
    }

    /** Whether this is the core (legacy) group, served under {@code /api}. */
    public boolean isCore() {
        return name.isEmpty();
    }

    /** {@code group/version} of each version ({@code version} alone for the core group), most preferred first. */
    public List<String> apiVersions() {
        List<String> apiVersions = new ArrayList<>(versions.size());
        for (String version : versions) {
            apiVersions.add(DiscoverySnapshot.apiVersion(name, version));
        }
        return List.copyOf(apiVersions);
    }

    /**
     * The versions in the order a lookup without a version tries them: the preferred version,
     * then the others in the server's order.
     */
    public List<String> versionsByPriority() {
        if (versions.get(0).equals(preferredVersion)) {
            return versions;
        }
        List<String> ordered = new ArrayList<>(versions.size());
        ordered.add(preferredVersion);
        for (String version : versions) {
            if (!version.equals(preferredVersion)) {
                ordered.add(version);
            }
        }
        return List.copyOf(ordered);
    }

    /** The group as people write it: {@code core} for the core group. */
    public String displayName() {
        return isCore() ? "core" : name;
    }

    @Override
    public String toString() {
        return displayName() + " " + versions + " (preferred " + preferredVersion + ")";
    }
}
