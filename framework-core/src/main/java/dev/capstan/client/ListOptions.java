package dev.capstan.client;

/**
 * Options of a list (and deleteCollection) call. Every component is optional ({@code null});
 * {@link #all()} has none.
 *
 * @param labelSelector for example {@code app=web,tier!=cache}
 * @param fieldSelector for example {@code metadata.name=web}
 * @param limit page size; the result's {@code metadata.continueToken()} fetches the next page
 * @param continueToken the token of the previous page
 * @param resourceVersion {@code "0"} to allow the watch cache, a version for consistency
 * @param resourceVersionMatch {@code NotOlderThan} or {@code Exact}
 */
public record ListOptions(
        String labelSelector, String fieldSelector, Long limit, String continueToken, String resourceVersion,
        String resourceVersionMatch) {

    public static ListOptions all() {
        return new ListOptions(null, null, null, null, null, null);
    }

    public ListOptions withLabelSelector(String selector) {
        return new ListOptions(selector, fieldSelector, limit, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withFieldSelector(String selector) {
        return new ListOptions(labelSelector, selector, limit, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withLimit(long pageSize) {
        return new ListOptions(labelSelector, fieldSelector, pageSize, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withContinue(String token) {
        return new ListOptions(labelSelector, fieldSelector, limit, token, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withResourceVersion(String version, String match) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, version, match);
    }
}
