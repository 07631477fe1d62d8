package dev.capstan.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap bytes allocated and CPU time used by every live thread of this JVM between two points,
 * from {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} and
 * {@code #getThreadCpuTime}.
 *
 * <p>A client that lists does its work on several threads: the caller, and the I/O threads of
 * its HTTP stack (Reactor Netty's event loops, Vert.x's, OkHttp's readers) which decrypt, frame
 * and sometimes decode. Measuring only the calling thread would flatter the clients that hand
 * work to others, so this sums over all threads.
 *
 * <h2>Accuracy</h2>
 * <ul>
 *   <li>Background threads count too (another client's idle timers, JMX itself): a few KB and
 *       a few ms against the tens of MB and hundreds of ms a list of 10,000 objects costs.</li>
 *   <li>A thread that starts and ends between the two points is missed, and one that ends
 *       after the first point loses what it used since. The clients here keep their threads
 *       alive while listing, so neither happens.</li>
 *   <li>Not counted: garbage collection and JIT compilation (their threads are not Java
 *       threads), and memory outside the Java heap (direct buffers, Netty's off-heap pools).</li>
 *   <li>Taking a snapshot allocates a little itself (a map of thread ids), counted once.</li>
 * </ul>
 */
final class ThreadMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ThreadMeter() {}

    /** What all threads used between two snapshots. */
    record Usage(long allocatedBytes, long cpuNanos) {}

    /** Per-thread totals at one point: thread id to {allocated bytes, CPU nanoseconds}. */
    record Snapshot(Map<Long, long[]> threads) {}

    /** Turns both measurements on; fails with a message if the JVM cannot measure them. */
    static void enable() {
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure per-thread allocation and CPU time");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
        THREADS.setThreadCpuTimeEnabled(true);
    }

    static Snapshot snapshot() {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        long[] cpu = THREADS.getThreadCpuTime(ids);
        Map<Long, long[]> threads = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0 && cpu[i] >= 0) {
                threads.put(ids[i], new long[] {bytes[i], cpu[i]});
            }
        }
        return new Snapshot(threads);
    }

    /** What all threads used since {@code before}; threads started since count in full. */
    static Usage since(Snapshot before) {
        long bytes = 0;
        long cpu = 0;
        for (Map.Entry<Long, long[]> thread : snapshot().threads().entrySet()) {
            long[] then = before.threads().getOrDefault(thread.getKey(), new long[2]);
            bytes += thread.getValue()[0] - then[0];
            cpu += thread.getValue()[1] - then[1];
        }
        return new Usage(bytes, cpu);
    }
}
