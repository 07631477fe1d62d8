package dev.capstan.client.discovery;

import java.util.List;

/**
 * The API server serves nothing that matches what a {@link RestMapper} was asked for, even
 * after discovery was refreshed (subject to {@link DiscoveryOptions#refreshOnMissInterval()}).
 * The message names what was asked for, why it did not match (the group is not served, the
 * group lacks the version, the group-version lacks the kind) and the groups searched:
 *
 * <pre>
 * kind example.com/v1 Widget is not served by the API server: it serves no group example.com
 * (discovery fetched at 2026-05-01T10:00:00Z; searched 24 groups: core, apps, batch, …)
 * </pre>
 *
 * Usually a CRD that is not installed (yet), a typo, or a version the cluster does not have.
 */
public class NoMatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String wanted;
    private final List<String> searchedGroups;

    public NoMatchException(String message, String wanted, List<String> searchedGroups) {
        super(message);
        this.wanted = wanted;
        this.searchedGroups = List.copyOf(searchedGroups);
    }

    /** What was looked up, for example {@code kind example.com/v1 Widget} or {@code 'deploy'}. */
    public String wanted() {
        return wanted;
    }

    /** The groups the lookup searched, core as {@code ""}, in priority order. */
    public List<String> searchedGroups() {
        return searchedGroups;
    }
}
