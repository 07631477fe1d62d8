package dev.capstan.testing.invariant;

import java.time.Instant;

/**
 * One reconcile: which manager (identity) ran it, for which key, from when to when.
 *
 * @param manager the manager's identity
 * @param key the reconciled key
 * @param start when it started
 * @param end when it ended
 * @param startNanos {@link System#nanoTime()} at start (overlap is decided on it)
 * @param endNanos {@link System#nanoTime()} at end
 */
public record Reconcile(String manager, String key, Instant start, Instant end, long startNanos, long endNanos) {}
