package dev.capstan.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time between two points, split by who used it: this JVM's threads grouped by name, the
 * JVM as a whole (including GC and JIT threads, which are not Java threads), and other
 * processes read from {@code /proc/<pid>/stat} (the control plane's etcd and kube-apiserver).
 *
 * <h2>Accuracy</h2> Thread CPU comes from {@code ThreadMXBean#getThreadCpuTime}; a thread that
 * ends between the two points loses what it used (the benchmark's threads live throughout).
 * {@code /proc} counts in clock ticks of 10 ms (Linux's {@code USER_HZ} of 100), so process
 * figures over 30 s are good to well under 1%. Where {@code /proc} is missing, processes read 0.
 */
final class CpuMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuMeter() {}

    /** The groups that make up Capstan's informer: {@link #group} splits it by thread where the name allows. */
    static final java.util.List<String> INFORMER_GROUPS = java.util.List.of("reflector", "informer-process", "handler-delivery", "informer");

    /**
     * The group a thread counts in, by the names Capstan, Reactor Netty and fabric8 give their
     * threads: {@code reflector}, {@code informer-process}, {@code handler-delivery} (Capstan's
     * informer; the kernel's 15-character names only tell {@code reflector} from {@code informer}),
     * {@code workers} (controller workers), {@code netty} (Reactor Netty's event loops, shared by
     * the watch and the writer's requests), {@code writer} (the open-loop scheduler), {@code fabric8}
     * (Vert.x event loops and fabric8's executor), {@code reactor} (Reactor's timers), {@code other}.
     */
    static String group(String threadName) {
        if (threadName.startsWith("capstan-reflect")) {
            return "reflector";
        }
        if (threadName.startsWith("capstan-informer-process-")) {
            return "informer-process";
        }
        if (threadName.startsWith("capstan-informer-handler-")) {
            return "handler-delivery";
        }
        if (threadName.startsWith("capstan-informe")) {
            return "informer";
        }
        if (threadName.startsWith("capstan-control")) {
            return "workers";
        }
        if (threadName.startsWith("reactor-http-")) {
            return "netty";
        }
        if (threadName.startsWith("latency-writer")) {
            return "writer";
        }
        if (threadName.startsWith("vert.x-") || threadName.startsWith("-")) {
            return "fabric8";
        }
        if (threadName.startsWith("parallel-") || threadName.startsWith("boundedElastic-")) {
            return "reactor";
        }
        return "other";
    }

    /** CPU used so far: per thread id (with its group), the JVM, each named process, and GC. */
    record Reading(long wallNanos, Map<Long, long[]> threads, Map<Long, String> groups, Map<Long, String> names, long processNanos,
                   Map<String, Long> pidNanos, long gcCount, long gcMillis, long jitMillis, Map<Long, TaskSwitches> switches) {}

    /** What was used between two readings. */
    record Usage(double seconds, Map<String, Long> groupNanos, Map<String, Long> nameNanos, long processNanos,
                 Map<String, Long> pidNanos, long gcCount, long gcMillis, long jitMillis, Map<String, long[]> switches) {
        /** Context switches of the threads of {@code group}: {voluntary, involuntary}. */
        long[] switchesOf(String group) {
            return switches.getOrDefault(group, new long[2]);
        }

        /** CPU of {@code group} in ms per second of wall time (1000 = one core busy). */
        double groupMillisPerSecond(String group) {
            return groupNanos.getOrDefault(group, 0L) / 1e6 / seconds;
        }

        double processMillisPerSecond() {
            return processNanos / 1e6 / seconds;
        }

        double pidMillisPerSecond(String name) {
            return pidNanos.getOrDefault(name, 0L) / 1e6 / seconds;
        }
    }

    static void enable() {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
    }

    static Reading read(Map<String, Long> pids) {
        long wall = System.nanoTime();
        long[] ids = THREADS.getAllThreadIds();
        long[] cpu = THREADS.getThreadCpuTime(java.util.Arrays.copyOf(ids, ids.length));
        java.lang.management.ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        Map<Long, long[]> threads = new LinkedHashMap<>();
        Map<Long, String> groups = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] >= 0 && infos[i] != null) {
                threads.put(ids[i], new long[] {cpu[i]});
                groups.put(ids[i], group(infos[i].getThreadName()));
                names.put(ids[i], infos[i].getThreadName().replaceAll("[0-9]+", "N"));
            }
        }
        Map<String, Long> pidNanos = new LinkedHashMap<>();
        pids.forEach((name, pid) -> pidNanos.put(name, processCpuNanos(pid)));
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long jit = ManagementFactory.getCompilationMXBean() == null ? 0 : ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        return new Reading(wall, threads, groups, names, OS.getProcessCpuTime(), pidNanos, gcCount, gcMillis, jit, contextSwitches());
    }

    static Usage between(Reading before, Reading after) {
        Map<String, Long> groupNanos = new TreeMap<>();
        Map<String, Long> nameNanos = new TreeMap<>();
        after.threads().forEach((id, cpu) -> {
            long[] then = before.threads().getOrDefault(id, new long[1]);
            groupNanos.merge(after.groups().get(id), cpu[0] - then[0], Long::sum);
            nameNanos.merge(after.names().get(id), cpu[0] - then[0], Long::sum);
        });
        Map<String, Long> pidNanos = new LinkedHashMap<>();
        after.pidNanos().forEach((name, nanos) -> pidNanos.put(name, nanos - before.pidNanos().getOrDefault(name, 0L)));
        Map<String, long[]> switches = new TreeMap<>();
        after.switches().forEach((tid, now) -> {
            TaskSwitches then = before.switches().get(tid);
            long[] sum = switches.computeIfAbsent(now.group(), g -> new long[2]);
            sum[0] += now.voluntary() - (then == null ? 0 : then.voluntary());
            sum[1] += now.involuntary() - (then == null ? 0 : then.involuntary());
        });
        return new Usage((after.wallNanos() - before.wallNanos()) / 1e9, groupNanos, nameNanos, after.processNanos() - before.processNanos(),
                pidNanos, after.gcCount() - before.gcCount(), after.gcMillis() - before.gcMillis(), after.jitMillis() - before.jitMillis(),
                switches);
    }

    /** One kernel task's (thread's) context switches so far, and the {@link #group} of its name. */
    record TaskSwitches(String group, long voluntary, long involuntary) {}

    /**
     * Voluntary and involuntary context switches of this JVM's threads so far, by kernel task id
     * (from {@code /proc/self/task/<tid>/status}; the kernel's thread names are Java's cut to 15
     * characters, which the prefixes of {@link #group} survive). A voluntary switch is a thread
     * blocking — parking on a lock, condition or queue — so per event it counts wake-ups: hand-offs
     * between threads, and wake-ups for nothing. Empty where {@code /proc} is missing.
     */
    static Map<Long, TaskSwitches> contextSwitches() {
        Map<Long, TaskSwitches> switches = new LinkedHashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    long voluntary = 0;
                    long involuntary = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    switches.put(Long.parseLong(task.getFileName().toString()), new TaskSwitches(group(name), voluntary, involuntary));
                } catch (IOException | RuntimeException threadEnded) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException noProc) {
            return Map.of();
        }
        return switches;
    }

    /** User + system CPU of a process (all its threads) from {@code /proc/<pid>/stat}; 0 when unreadable. */
    static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after "(comm)": state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
