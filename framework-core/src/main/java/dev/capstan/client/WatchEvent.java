package dev.capstan.client;

import dev.capstan.api.meta.v1.Status;

/**
 * One event of a watch, a closed set: an object was added, modified or deleted, the server
 * sent a bookmark (a resourceVersion to resume from, no change), or it reported an error.
 *
 * <pre>{@code
 * switch (event) {
 *     case WatchEvent.Added<Pod> added -> …
 *     case WatchEvent.Modified<Pod> modified -> …
 *     case WatchEvent.Deleted<Pod> deleted -> …      // the last state before deletion
 *     case WatchEvent.Bookmark<Pod> bookmark -> …    // bookmark.resourceVersion()
 *     case WatchEvent.Error<Pod> error -> …          // error.status(), e.g. 410 Gone: relist
 * }
 * }</pre>
 */
public sealed interface WatchEvent<T> {

    record Added<T>(T object) implements WatchEvent<T> {}

    record Modified<T>(T object) implements WatchEvent<T> {}

    record Deleted<T>(T object) implements WatchEvent<T> {}

    /**
     * No change; the watch has seen everything up to {@code resourceVersion}.
     * {@code initialEventsEnd} marks the end of the initial state of a streaming list
     * ({@code sendInitialEvents=true}).
     */
    record Bookmark<T>(String resourceVersion, boolean initialEventsEnd) implements WatchEvent<T> {}

    /** The server ended the watch with an error; {@code status.code()} 410 means the resourceVersion is too old. */
    record Error<T>(Status status) implements WatchEvent<T> {}
}
