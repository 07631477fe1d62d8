package dev.capstan.testing.fault;

/** How {@link FaultProxy#corruptNextWatchEvent} spoils one watch event (never a bookmark). */
public enum WatchCorruption {
    /** The event's line is replaced by JSON cut off in the middle of the object, then a newline: the stream goes on. */
    MALFORMED_JSON,
    /** The first half of the event's line is sent, then the connection is closed (a truncated chunk). */
    TRUNCATED,
    /** The object's {@code kind} is rewritten to {@code Secret} (an event of the wrong kind). */
    WRONG_KIND
}
