package dev.capstan.testing.fault;

/**
 * A fault armed on a {@link FaultProxy}: an injected response or a watch corruption. Clearing
 * it (or {@link FaultProxy#clearFaults()}) stops it; faults limited to N requests also end by
 * themselves. Thread-safe.
 */
public interface Fault {
    /** Requests (or watch events) this fault has affected so far. */
    long hits();

    /** Whether it still applies to further requests. */
    boolean active();

    /** Stops it; idempotent. */
    void clear();
}
