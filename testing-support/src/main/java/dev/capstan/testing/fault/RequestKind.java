package dev.capstan.testing.fault;

/** What a request to the API server is, as far as the fault proxy counts it. */
public enum RequestKind {
    /** A GET with {@code watch=true} (or {@code watch=1}), or under the legacy {@code /watch/} path. */
    WATCH,
    /** A GET of a collection without {@code watch}. */
    LIST,
    /** Everything else: gets of one object, writes, discovery, health checks. */
    OTHER
}
