package dev.capstan.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The Java heap in use around every garbage collection of this JVM, from the collectors' JMX
 * notifications, so that the peak heap of a time window can be read afterwards.
 *
 * <h2>Why notifications</h2> Heap in use only grows between collections, so its maximum over a
 * window is reached just before one of them (or at the window's end): the sum of the heap pools'
 * usage <em>before</em> each collection in the window, and the usage at its end, give the exact
 * peak without sampling. The usage <em>after</em> each collection bounds what was live then
 * (from above: a young collection leaves old-generation garbage in place).
 *
 * <h2>Thread safety</h2> Notifications arrive on a JMX thread, shortly after each collection;
 * {@link #between} may be called from any thread. Only heap pools count (not Metaspace or the
 * code cache).
 */
final class HeapWatch {
    /** One collection: when it started (ms of JVM uptime), heap in use before and after, and its duration (ms). */
    record Collection(long startMillis, long usedBefore, long usedAfter, long durationMillis) {}

    /** The peaks of one window; {@code peakAfterGc} is -1 when no collection happened in it. */
    record Peaks(long peakUsed, long peakAfterGc, int collections, long pauseMillis) {}

    private final Set<String> heapPools = new HashSet<>();
    /** Guarded by itself. */
    private final List<Collection> collections = new ArrayList<>();

    private HeapWatch() {}

    /** Starts listening to every collector of this JVM. */
    static HeapWatch install() {
        HeapWatch watch = new HeapWatch();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                watch.heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    watch.record(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo());
                }
            }, null, null);
        }
        return watch;
    }

    private void record(GcInfo gc) {
        Collection collection = new Collection(gc.getStartTime(), heap(gc.getMemoryUsageBeforeGc()), heap(gc.getMemoryUsageAfterGc()),
                gc.getDuration());
        synchronized (collections) {
            collections.add(collection);
        }
    }

    private long heap(Map<String, MemoryUsage> pools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /** Heap in use now. */
    static long used() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Milliseconds since the JVM started, the clock of {@link Collection#startMillis()}. */
    static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /**
     * The peaks between two uptimes, given the heap in use at the window's end. Waits a little
     * first, since notifications trail their collections.
     */
    Peaks between(long fromMillis, long toMillis, long usedAtEnd) throws InterruptedException {
        Thread.sleep(200);
        long peakUsed = usedAtEnd;
        long peakAfter = -1;
        int count = 0;
        long pause = 0;
        synchronized (collections) {
            for (Collection c : collections) {
                if (c.startMillis() >= fromMillis && c.startMillis() <= toMillis) {
                    peakUsed = Math.max(peakUsed, c.usedBefore());
                    peakAfter = Math.max(peakAfter, c.usedAfter());
                    count++;
                    pause += c.durationMillis();
                }
            }
        }
        return new Peaks(peakUsed, peakAfter, count, pause);
    }

    /** Full collections until heap in use stops shrinking (at most five), then heap in use. */
    static long settledUsed() throws InterruptedException {
        long previous = Long.MAX_VALUE;
        long used = used();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = used();
            if (used >= previous - previous / 1000) {
                break;
            }
            previous = used;
        }
        return used;
    }
}
