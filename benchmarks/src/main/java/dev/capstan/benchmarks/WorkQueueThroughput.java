package dev.capstan.benchmarks;

import dev.capstan.workqueue.DelayingQueue;
import dev.capstan.workqueue.WorkQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workqueue throughput on one thread: {@code add} + {@code get} + {@code done} of a key
 * (cycling through 1,024 distinct keys, so the dedup set is exercised), and {@code addAfter}
 * of a key one hour ahead (the cost of scheduling; the timer never fires during the run), for
 * Capstan's queues and kubernetes-client/java's ({@code client-java-extended}). fabric8 has no
 * workqueue. The goal for Capstan is at least one million add+get+done per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class WorkQueueThroughput {
    static final int KEYS = 1024;
    private static final Duration LATER = Duration.ofHours(1);

    private String[] keys;
    private int next;
    private WorkQueue<String> capstan;
    private DelayingQueue<String> capstanDelaying;
    private io.kubernetes.client.extended.workqueue.DefaultWorkQueue<String> kubernetesClientJava;
    private io.kubernetes.client.extended.workqueue.DefaultDelayingQueue<String> kubernetesClientJavaDelaying;
    private long scheduled;

    @Setup(Level.Iteration)
    public void setUp() {
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "namespace-" + (i % 16) + "/object-" + i;
        }
        capstan = WorkQueue.create();
        capstanDelaying = DelayingQueue.create();
        kubernetesClientJava = new io.kubernetes.client.extended.workqueue.DefaultWorkQueue<>();
        kubernetesClientJavaDelaying = new io.kubernetes.client.extended.workqueue.DefaultDelayingQueue<>();
        scheduled = 0;
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        capstan.shutDown();
        capstanDelaying.shutDown();
        kubernetesClientJava.shutDown();
        kubernetesClientJavaDelaying.shutDown();
    }

    private String nextKey() {
        String key = keys[next];
        next = (next + 1) & (KEYS - 1);
        return key;
    }

    @Benchmark
    public String capstanAddGetDone() throws InterruptedException {
        capstan.add(nextKey());
        String key = capstan.get().orElseThrow();
        capstan.done(key);
        return key;
    }

    @Benchmark
    public String kubernetesClientJavaAddGetDone() throws InterruptedException {
        kubernetesClientJava.add(nextKey());
        String key = kubernetesClientJava.get();
        kubernetesClientJava.done(key);
        return key;
    }

    /** Distinct keys each time, so every call really schedules (an already scheduled key would only compare times). */
    @Benchmark
    public void capstanAddAfter() {
        capstanDelaying.addAfter(Long.toString(scheduled++), LATER);
    }

    @Benchmark
    public void kubernetesClientJavaAddAfter() {
        kubernetesClientJavaDelaying.addAfter(Long.toString(scheduled++), LATER);
    }
}
