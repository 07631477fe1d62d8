package dev.capstan.informer;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Reflector} lists and watches; {@link #defaults()} are client-go's.
 *
 * @param pageSize list page size ({@code limit}); default 500
 * @param minWatchTimeout each watch asks the server to end it after a random time in
 *     [{@code minWatchTimeout}, 2 × {@code minWatchTimeout}] (spreads reconnects); default 5 min
 * @param initialBackoff first wait after a failure; default 800 ms
 * @param maxBackoff cap of the exponential backoff; default 30 s
 * @param backoffReset a run this long without failure resets the backoff; default 2 min
 * @param streamingList try a streaming list ({@code sendInitialEvents=true}) first and fall back
 *     to list+watch when the server refuses; default true (client-go's default since 1.35)
 * @param watchIdleGrace a watch still open this long after the timeout it asked the server for
 *     is presumed dead (a half-open connection: the server would have ended it) and replaced
 *     without a relist; default 30 s
 */
public record ReflectorOptions(
        long pageSize,
        Duration minWatchTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration backoffReset,
        boolean streamingList,
        Duration watchIdleGrace) {

    public ReflectorOptions {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive, not " + pageSize);
        }
        positive("minWatchTimeout", minWatchTimeout);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        positive("backoffReset", backoffReset);
        positive("watchIdleGrace", watchIdleGrace);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be below initialBackoff (" + initialBackoff + ")");
        }
    }

    public static ReflectorOptions defaults() {
        return new ReflectorOptions(500, Duration.ofMinutes(5), Duration.ofMillis(800), Duration.ofSeconds(30),
                Duration.ofMinutes(2), true, Duration.ofSeconds(30));
    }

    public ReflectorOptions withPageSize(long size) {
        return new ReflectorOptions(size, minWatchTimeout, initialBackoff, maxBackoff, backoffReset, streamingList, watchIdleGrace);
    }

    public ReflectorOptions withMinWatchTimeout(Duration timeout) {
        return new ReflectorOptions(pageSize, timeout, initialBackoff, maxBackoff, backoffReset, streamingList, watchIdleGrace);
    }

    public ReflectorOptions withBackoff(Duration initial, Duration max) {
        return new ReflectorOptions(pageSize, minWatchTimeout, initial, max, backoffReset, streamingList, watchIdleGrace);
    }

    public ReflectorOptions withStreamingList(boolean enabled) {
        return new ReflectorOptions(pageSize, minWatchTimeout, initialBackoff, maxBackoff, backoffReset, enabled, watchIdleGrace);
    }

    public ReflectorOptions withWatchIdleGrace(Duration grace) {
        return new ReflectorOptions(pageSize, minWatchTimeout, initialBackoff, maxBackoff, backoffReset, streamingList, grace);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
