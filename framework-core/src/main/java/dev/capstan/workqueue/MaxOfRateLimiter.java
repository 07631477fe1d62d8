package dev.capstan.workqueue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The longest delay of several limiters ({@link RateLimiter#maxOf}).
 *
 * <h2>Implementation notes</h2>
 * Stateless itself; every child is asked on every call (so each records the retry), as in
 * client-go. Thread safety comes from the children.
 */
final class MaxOfRateLimiter<T> implements RateLimiter<T> {

    private final List<RateLimiter<T>> limiters;

    MaxOfRateLimiter(List<RateLimiter<T>> limiters) {
        if (limiters.isEmpty()) {
            throw new IllegalArgumentException("maxOf needs at least one limiter");
        }
        this.limiters = List.copyOf(limiters);
    }

    @Override
    public Duration when(T item) {
        Objects.requireNonNull(item, "item");
        Duration max = Duration.ZERO;
        for (RateLimiter<T> limiter : limiters) {
            Duration d = limiter.when(item);
            if (d.compareTo(max) > 0) {
                max = d;
            }
        }
        return max;
    }

    @Override
    public void forget(T item) {
        limiters.forEach(l -> l.forget(item));
    }

    @Override
    public int numRequeues(T item) {
        int max = 0;
        for (RateLimiter<T> limiter : limiters) {
            max = Math.max(max, limiter.numRequeues(item));
        }
        return max;
    }
}
