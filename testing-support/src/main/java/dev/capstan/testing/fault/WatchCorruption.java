package dev.capstan.testing.fault;

/** How {@link FaultProxy#corruptNextWatchEvent} spoils one watch event (never a bookmark). */
public enum WatchCorruption {
    /** The event's line is replaced by JSON cut off in the middle of the object, then a newline: the stream goes on. */
    MALFORMED_JSON,
    /** The first half of the event's line is sent, then the connection is closed (a truncated chunk). */
    TRUNCATED,
    /** The object's {@code kind} is rewritten to {@code Secret} (an event of the wrong kind). */
    WRONG_KIND,
    /**
     * The event's line is padded with JSON whitespace after its opening brace to
     * {@link #OVERSIZED_BYTES} bytes: still valid JSON, but over a client's maximum line size
     * (Capstan's is 16 MiB).
     */
    OVERSIZED;

    /** The size of an {@link #OVERSIZED} event line: 17 MiB. */
    public static final int OVERSIZED_BYTES = 17 * 1024 * 1024;
}
