package dev.capstan.testing.fault;

import dev.capstan.testing.LocalControlPlane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A random sequence of faults for a hammer test, fixed in advance by a seed and a length: API
 * server restarts, connection resets, black holes of 0.5–3 s and bursts of 1–5 HTTP 429s, one
 * every 1–4 s.
 *
 * <p>The whole sequence is drawn before anything runs, so two runs with the same seed get the
 * same faults in the same order however long each fault takes to recover from: two clients can
 * be hammered alike (Capstan's {@code HammerIT} and fabric8's {@code Fabric8HammerIT} do), and a
 * failing run can be replayed from its seed. Steps are drawn until their pauses and black holes
 * add up to {@code length}; restarts are capped at one a minute (at least two).
 *
 * <pre>{@code
 * FaultSchedule schedule = FaultSchedule.random(seed, Duration.ofSeconds(30));
 * List<String> injected = schedule.run(proxy, plane, RequestMatcher.watches("configmaps"), writers::writes);
 * }</pre>
 */
public final class FaultSchedule {
    /** How long a step waits, past its pause, for the progress counter to move before it goes ahead anyway. */
    private static final Duration PROGRESS_GRACE = Duration.ofSeconds(60);

    /** One fault, injected after {@link #pause()}. */
    public sealed interface Step permits Restart, Reset, BlackHole, TooManyRequests {
        /** The quiet time before the fault. */
        Duration pause();

        /** What the fault is, for reports ({@code "black hole 1200 ms"}). */
        String describe();
    }

    /** The API server process restarts; etcd keeps running. */
    public record Restart(Duration pause) implements Step {
        public String describe() {
            return "restart";
        }
    }

    /** Every proxied connection is reset. */
    public record Reset(Duration pause) implements Step {
        public String describe() {
            return "reset";
        }
    }

    /** The proxy forwards nothing for {@code length}, keeping the sockets open. */
    public record BlackHole(Duration pause, Duration length) implements Step {
        public String describe() {
            return "black hole " + length.toMillis() + " ms";
        }
    }

    /** The next {@code burst} matching requests are answered 429 (Retry-After 1 s), after a reset. */
    public record TooManyRequests(Duration pause, int burst) implements Step {
        public String describe() {
            return burst + " × 429";
        }
    }

    private final long seed;
    private final Duration length;
    private final List<Step> steps;

    private FaultSchedule(long seed, Duration length, List<Step> steps) {
        this.seed = seed;
        this.length = length;
        this.steps = List.copyOf(steps);
    }

    /**
     * The schedule for {@code seed}, about {@code length} long.
     *
     * @throws IllegalArgumentException if {@code length} is not positive
     */
    public static FaultSchedule random(long seed, Duration length) {
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a fault schedule needs a positive length, got " + length);
        }
        Random random = new Random(seed);
        long maxRestarts = Math.max(2, length.toMinutes());
        int restarts = 0;
        long planned = 0;
        List<Step> steps = new ArrayList<>();
        while (planned < length.toMillis()) {
            Duration pause = Duration.ofMillis(1000 + random.nextInt(3000));
            int dice = random.nextInt(4);
            Step step;
            if (dice == 0 && restarts < maxRestarts) {
                restarts++;
                step = new Restart(pause);
            } else if (dice <= 1) {
                step = new Reset(pause);
            } else if (dice == 2) {
                step = new BlackHole(pause, Duration.ofMillis(500 + random.nextInt(2500)));
            } else {
                step = new TooManyRequests(pause, 1 + random.nextInt(5));
            }
            steps.add(step);
            planned += pause.toMillis() + (step instanceof BlackHole hole ? hole.length().toMillis() : 0);
        }
        return new FaultSchedule(seed, length, steps);
    }

    public long seed() {
        return seed;
    }

    public Duration length() {
        return length;
    }

    public List<Step> steps() {
        return steps;
    }

    /**
     * Injects the steps in order. Before each fault it waits the step's pause and until
     * {@code progress} (for example the writers' write count) has moved since the last fault, for
     * at most 60 s more: faults do not pile up on a client that has
     * not recovered yet. Leaves no fault active when it returns (black holes end, injected
     * responses are cleared).
     *
     * @param watches the requests a {@link TooManyRequests} step refuses
     * @return each injected fault's {@link Step#describe() description}, in order
     */
    public List<String> run(FaultProxy proxy, LocalControlPlane plane, RequestMatcher watches, LongSupplier progress) {
        List<String> injected = new ArrayList<>();
        try {
            for (Step step : steps) {
                long before = progress.getAsLong();
                long quietUntil = System.nanoTime() + step.pause().toNanos();
                waitUntil(quietUntil);
                long giveUp = quietUntil + PROGRESS_GRACE.toNanos();
                while (progress.getAsLong() <= before && System.nanoTime() < giveUp) {
                    waitUntil(System.nanoTime() + 10_000_000L);
                }
                injected.add(step.describe());
                if (step instanceof Restart) {
                    plane.restartApiServer();
                } else if (step instanceof Reset) {
                    proxy.resetConnections();
                } else if (step instanceof BlackHole hole) {
                    proxy.blackHole();
                    try {
                        waitUntil(System.nanoTime() + hole.length().toNanos());
                    } finally {
                        proxy.endBlackHole();
                    }
                } else if (step instanceof TooManyRequests refusals) {
                    proxy.inject(watches, InjectedResponse.tooManyRequests(Duration.ofSeconds(1)), refusals.burst());
                    proxy.resetConnections();
                }
            }
        } finally {
            proxy.clearFaults();
        }
        return injected;
    }

    /** The schedule's pacing: waits out a pause or a black hole (time is the point here, not a condition). */
    private static void waitUntil(long deadlineNanos) {
        for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while running a fault schedule");
            }
        }
    }

    @Override
    public String toString() {
        return "FaultSchedule[seed " + seed + ", " + length + ", " + steps.stream().map(Step::describe).toList() + "]";
    }
}
