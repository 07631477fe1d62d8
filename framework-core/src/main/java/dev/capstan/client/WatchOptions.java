package dev.capstan.client;

/**
 * Options of a watch. {@link #from(String)} starts after a resourceVersion with bookmarks on.
 *
 * @param resourceVersion where to start; {@code null} means "now" (only new changes)
 * @param labelSelector optional
 * @param fieldSelector optional
 * @param timeoutSeconds ask the server to end the watch after this long; {@code null}: its default
 * @param allowBookmarks request BOOKMARK events
 * @param sendInitialEvents streaming list: first the current state as ADDED events, then a
 *     bookmark marked {@code initialEventsEnd}; needs {@code resourceVersionMatch=NotOlderThan}
 */
public record WatchOptions(
        String resourceVersion, String labelSelector, String fieldSelector, Long timeoutSeconds, boolean allowBookmarks,
        boolean sendInitialEvents) {

    public static WatchOptions from(String resourceVersion) {
        return new WatchOptions(resourceVersion, null, null, null, true, false);
    }

    public WatchOptions withLabelSelector(String selector) {
        return new WatchOptions(resourceVersion, selector, fieldSelector, timeoutSeconds, allowBookmarks, sendInitialEvents);
    }

    public WatchOptions withFieldSelector(String selector) {
        return new WatchOptions(resourceVersion, labelSelector, selector, timeoutSeconds, allowBookmarks, sendInitialEvents);
    }

    public WatchOptions withTimeoutSeconds(long seconds) {
        return new WatchOptions(resourceVersion, labelSelector, fieldSelector, seconds, allowBookmarks, sendInitialEvents);
    }

    public WatchOptions withInitialEvents() {
        return new WatchOptions(resourceVersion, labelSelector, fieldSelector, timeoutSeconds, true, true);
    }
}
