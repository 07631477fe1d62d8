package dev.capstan.reliability.fabric8;

import dev.capstan.api.core.v1.ConfigMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The writers of Capstan's scenarios (framework-core's {@code dev.capstan.reliability.Writers},
 * package-private there), with the same algorithm, so a scenario given the same thread count, keys,
 * seed and pause writes the same sequence per thread: each thread creates, updates (7 in 10) or
 * deletes (3 in 10) its own ConfigMaps through Capstan's direct client, and after a failed write
 * re-reads the object so a write that failed on the wire but reached the server is not lost track
 * of. Thread scheduling is not reproducible; the sequence per thread is ({@code seed + thread}).
 */
final class PeerWriters implements AutoCloseable {
    private final PeerScenario scenario;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final long pauseNanos;
    private volatile boolean running = true;

    PeerWriters(PeerScenario scenario, int threadCount, int keysPerThread, long seed, long pauseMillis) {
        this.scenario = scenario;
        this.pauseNanos = TimeUnit.MILLISECONDS.toNanos(pauseMillis);
        for (int t = 0; t < threadCount; t++) {
            int id = t;
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> run(id, keysPerThread, random), "writer-" + scenario.name + "-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    long writes() {
        return writes.get();
    }

    long failures() {
        return failures.get();
    }

    private void run(int id, int keys, Random random) {
        Map<String, ConfigMap> current = new HashMap<>();
        while (running) {
            String key = "w" + id + "-" + random.nextInt(keys);
            ConfigMap object = current.get(key);
            int dice = random.nextInt(10);
            try {
                if (object == null) {
                    current.put(key, scenario.create(key, "0"));
                } else if (dice < 7) {
                    current.put(key, scenario.update(object, Integer.toString(random.nextInt(1_000_000))));
                } else {
                    scenario.delete(object);
                    current.remove(key);
                }
                writes.incrementAndGet();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                pace(200);
                try {
                    Optional<ConfigMap> found = scenario.direct.resources(ConfigMap.class).inNamespace(scenario.namespace).find(key);
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

    /** Stops the writers and waits for them to finish their current write. */
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
