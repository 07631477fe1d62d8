package dev.capstan.controller;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a reconcile asks for next.
 *
 * <ul>
 *   <li>{@link #done()} — nothing; the key's backoff is reset ({@code forget}).</li>
 *   <li>{@link #requeueAfter(Duration)} — reconcile again after the delay (for polling external
 *       state); the backoff is reset first.</li>
 *   <li>{@link #requeueWithBackoff()} — reconcile again with rate-limited backoff, as after a failure but
 *       without logging one.</li>
 * </ul>
 * A reconcile that throws is retried with backoff; see {@link Reconciler}.
 *
 * @param requeue whether to requeue with backoff
 * @param requeueAfter the delay before the next reconcile, or null
 */
public record Result(boolean requeue, @Nullable Duration requeueAfter) {
    private static final Result DONE = new Result(false, null);
    private static final Result REQUEUE = new Result(true, null);

    public Result {
        if (requeueAfter != null && (requeueAfter.isNegative() || requeueAfter.isZero())) {
            throw new IllegalArgumentException("requeueAfter must be positive, not " + requeueAfter);
        }
        if (requeue && requeueAfter != null) {
            throw new IllegalArgumentException("a result is either requeue (with backoff) or requeueAfter, not both");
        }
    }

    public static Result done() {
        return DONE;
    }

    public static Result requeueWithBackoff() {
        return REQUEUE;
    }

    public static Result requeueAfter(Duration delay) {
        return new Result(false, Objects.requireNonNull(delay, "delay"));
    }
}
