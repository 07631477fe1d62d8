package dev.capstan.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Many producers (plain adds, short {@code addAfter}s, rate-limited adds), several workers that also
 * re-add keys while processing them (as a failing reconcile does): no key is ever processed by two
 * workers at once, and every add that started after a key's last processing start is followed by
 * another processing of that key.
 *
 * <p>A lost add is usually masked by a later add of the same key, so after the producers finish,
 * every key is added once more and each worker re-adds it once <i>while processing it</i>: those last
 * adds are only processed if {@code done} re-queues dirty items.
 */
class WorkQueueConcurrencyTest {

    private static final int PRODUCERS = 8;
    private static final int WORKERS = 6;
    private static final int KEYS = 40;
    private static final int ADDS_PER_PRODUCER = 3_000;

    /** A global order of events: an add's stamp is taken before the call, a start's after get. */
    private final AtomicLong clock = new AtomicLong();
    private final ConcurrentHashMap<Integer, AtomicLong> lastAddStart = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, AtomicLong> lastProcessingStart = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger processed = new AtomicInteger();
    private final ConcurrentHashMap<Integer, AtomicBoolean> finalRequeueDone = new ConcurrentHashMap<>();
    private volatile boolean finalPhase;

    @Test
    void noKeyIsProcessedConcurrentlyAndNoAddIsLost() throws Exception {
        RateLimitingQueue<Integer> queue = RateLimitingQueue.create(
                RateLimiter.exponential(Duration.ofNanos(1), Duration.ofMillis(1)));
        for (int k = 0; k < KEYS; k++) {
            lastAddStart.put(k, new AtomicLong(-1));
            lastProcessingStart.put(k, new AtomicLong(-1));
            inFlight.put(k, new AtomicInteger());
            finalRequeueDone.put(k, new AtomicBoolean());
        }
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + WORKERS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(pool.submit(() -> work(queue)));
            }
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                producers.add(pool.submit(() -> produce(queue)));
            }
            for (Future<?> producer : producers) {
                producer.get(10, TimeUnit.SECONDS);
            }
            finalPhase = true;
            for (int k = 0; k < KEYS; k++) {
                lastAddStart.get(k).accumulateAndGet(clock.incrementAndGet(), Math::max);
                queue.add(k);
            }

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() ->
                    lastAddStart.keySet().stream().allMatch(k ->
                            lastProcessingStart.get(k).get() > lastAddStart.get(k).get()));

            queue.shutDownWithDrain();
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(violations).isEmpty();
        assertThat(processed.get()).isPositive();
        assertThat(finalRequeueDone.values()).allMatch(AtomicBoolean::get);
    }

    private void produce(RateLimitingQueue<Integer> queue) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ADDS_PER_PRODUCER; i++) {
            int key = random.nextInt(KEYS);
            lastAddStart.get(key).accumulateAndGet(clock.incrementAndGet(), Math::max);
            switch (random.nextInt(4)) {
                case 0 -> queue.addAfter(key, Duration.ofNanos(random.nextLong(1, 2_000_000)));
                case 1 -> queue.addRateLimited(key);
                default -> queue.add(key);
            }
            if (random.nextInt(16) == 0) {
                LockSupport.parkNanos(random.nextLong(1, 50_000)); // random small pause between adds
            }
        }
    }

    private void work(RateLimitingQueue<Integer> queue) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            for (var next = queue.get(); next.isPresent(); next = queue.get()) {
                int key = next.get();
                if (inFlight.get(key).incrementAndGet() != 1) {
                    violations.add("key " + key + " processed by two workers at once");
                }
                lastProcessingStart.get(key).accumulateAndGet(clock.incrementAndGet(), Math::max);
                if (finalPhase && finalRequeueDone.get(key).compareAndSet(false, true)) {
                    lastAddStart.get(key).accumulateAndGet(clock.incrementAndGet(), Math::max);
                    queue.add(key); // while processing: must be re-queued by done
                } else if (!finalPhase && random.nextInt(8) == 0) {
                    lastAddStart.get(key).accumulateAndGet(clock.incrementAndGet(), Math::max);
                    queue.addRateLimited(key); // a "failed" reconcile
                }
                if (random.nextInt(8) == 0) {
                    LockSupport.parkNanos(random.nextLong(1, 20_000)); // simulated work
                }
                processed.incrementAndGet();
                inFlight.get(key).decrementAndGet();
                if (random.nextBoolean()) {
                    queue.forget(key);
                }
                queue.done(key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
