package dev.capstan.testing.invariant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writer threads that keep creating, updating and deleting their own objects while a test
 * injects faults, and keep track of their own failed writes: after a failure a writer re-reads
 * the object, so a write that failed on the wire but reached the server is not lost track of.
 * Each thread owns its keys ({@code w<thread>-<n>}), so threads never conflict with each other.
 *
 * <p>Reproducible per thread: thread {@code t}'s choices come from {@code new Random(seed + t)}
 * (create when it holds no object for the key, else update 7 times in 10 and delete 3 in 10);
 * thread scheduling is not reproducible. The writes themselves, and recording them in an
 * {@link InvariantChecker}, are the {@link Target}'s: this class depends on no client library.
 *
 * <p>Thread-safe; {@link #close()} stops the threads.
 *
 * @param <T> the objects' type
 */
public final class Writers<T> implements AutoCloseable {

    /**
     * Where the writers write: one implementation per client library and object kind.
     *
     * @param <T> the objects' type
     */
    public interface Target<T> {
        /** Creates the object {@code key} holding {@code value} (and records the write). */
        T create(String key, String value);

        /** Updates {@code current} to hold {@code value} (and records the write). */
        T update(T current, String value);

        /** Deletes {@code current} (and records the write). */
        void delete(T current);

        /** Reads the object {@code key} from the server, bypassing any cache. */
        Optional<T> find(String key);
    }

    private final Target<T> target;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final long pauseNanos;
    private volatile boolean running = true;

    private Writers(String name, Target<T> target, int threadCount, int keysPerThread, long seed, long pauseMillis) {
        this.target = Objects.requireNonNull(target, "target");
        if (threadCount <= 0 || keysPerThread <= 0 || pauseMillis < 0) {
            throw new IllegalArgumentException("writers need threads > 0, keys per thread > 0 and a pause >= 0 ms, not "
                    + threadCount + ", " + keysPerThread + ", " + pauseMillis);
        }
        this.pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
        for (int t = 0; t < threadCount; t++) {
            int id = t;
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> run(id, keysPerThread, random), "writer-" + name + "-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    /**
     * Starts {@code threadCount} writer threads, each writing {@code keysPerThread} keys of its
     * own with a pause of {@code pauseMillis} after every write (load pacing, not synchronization).
     */
    public static <T> Writers<T> start(String name, Target<T> target, int threadCount, int keysPerThread, long seed,
            long pauseMillis) {
        Writers<T> writers = new Writers<>(name, target, threadCount, keysPerThread, seed, pauseMillis);
        writers.threads.forEach(Thread::start);
        return writers;
    }

    /** Writes that succeeded so far. */
    public long writes() {
        return writes.get();
    }

    /** Writes (and re-reads after a failed write) that failed so far. */
    public long failures() {
        return failures.get();
    }

    private void run(int id, int keys, Random random) {
        Map<String, T> current = new HashMap<>();
        while (running) {
            String key = "w" + id + "-" + random.nextInt(keys);
            T object = current.get(key);
            int dice = random.nextInt(10);
            try {
                if (object == null) {
                    current.put(key, target.create(key, "0"));
                } else if (dice < 7) {
                    current.put(key, target.update(object, Integer.toString(random.nextInt(1_000_000))));
                } else {
                    target.delete(object);
                    current.remove(key);
                }
                writes.incrementAndGet();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                pace(200);
                try {
                    Optional<T> found = target.find(key);
                    if (found.isPresent()) {
                        current.put(key, found.get());
                    } else {
                        current.remove(key);
                    }
                } catch (RuntimeException stillDown) {
                    current.remove(key); // unknown: the next create either succeeds or fails with AlreadyExists and re-reads
                    failures.incrementAndGet();
                }
            }
            pace(0);
        }
    }

    /** Load pacing for the writer itself (not synchronization): the configured pause plus {@code extraMillis}. */
    private void pace(long extraMillis) {
        long nanos = pauseNanos + TimeUnit.MILLISECONDS.toNanos(extraMillis);
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        }
    }

    /** Stops the writers and waits (up to a minute each) for them to finish their current write. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
