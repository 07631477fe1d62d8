package dev.capstan.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One measured sync, alone in a fresh JVM started by {@link InformerSync}: cold, as an operator
 * starting up experiences it.
 *
 * <p>In order:
 * <ol>
 *   <li>opens the subject (builds its client; no request yet) and settles the heap with full
 *       collections: the <em>baseline</em>;</li>
 *   <li>starts the clock, starts the informer and waits until the library reports it synced:
 *       <em>time to synced</em>; process CPU time (all threads: the library's, GC, JIT) and heap
 *       allocated by all threads ({@link ThreadMeter}) over the same span; peak heap in that span
 *       from the collectors' notifications ({@link HeapWatch});</li>
 *   <li>waits until the handler has seen every object (<em>handler caught up</em>), then checks
 *       the cache holds the expected number of whole objects;</li>
 *   <li>settles the heap again: <em>retained</em> is heap in use minus the baseline, per cached
 *       object. It includes whatever the library keeps besides the objects (indexes, queues,
 *       buffers, lazily built decoders, interned strings).</li>
 * </ol>
 * It prints {@code MARK start} and {@code MARK synced} around the sync (the driver samples the API
 * server's CPU time when it reads them), then one line, {@code RESULT {json}}, and exits. With
 * the system property {@code capstan.bench.histogram=<file>} it also writes the class histogram
 * of the settled heap there, and with {@code capstan.bench.heapdump=<file.hprof>} a heap dump of
 * live objects (to find what holds retained memory). Usage: {@code InformerSyncChild --subject
 * capstan --dataset configmaps --expected 100000 --kubeconfig f --pki dir --server url
 * --key-algorithm EC [--timeout-seconds 900]}.
 */
public final class InformerSyncChild {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private InformerSyncChild() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        SyncDataset dataset = SyncDataset.of(options.get("dataset"));
        int expected = Integer.parseInt(options.get("expected"));
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-seconds", "900")));
        SyncSubject.Connection connection = new SyncSubject.Connection(Path.of(options.get("kubeconfig")), Path.of(options.get("pki")),
                options.get("server"), options.get("key-algorithm"));
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMeter.enable();
        HeapWatch heap = HeapWatch.install();

        SyncSubject subject = SyncSubject.open(options.get("subject"), connection, dataset);
        long baseline = HeapWatch.settledUsed();

        long cpuStart = os.getProcessCpuTime();
        long compileStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        ThreadMeter.Snapshot threadsStart = ThreadMeter.snapshot();
        long uptimeStart = HeapWatch.uptimeMillis();
        // the driver samples the API server's CPU time when it reads these marks
        System.out.println("MARK start");
        System.out.flush();
        long start = System.nanoTime();
        subject.sync(timeout);
        long synced = System.nanoTime();
        System.out.println("MARK synced");
        System.out.flush();
        long cpuSynced = os.getProcessCpuTime();
        ThreadMeter.Usage used = ThreadMeter.since(threadsStart);
        long compileSynced = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long usedAtSync = HeapWatch.used();
        long uptimeSynced = HeapWatch.uptimeMillis();

        if (!SyncSubject.await(() -> subject.handlerAdds() >= expected, timeout)) {
            throw new IllegalStateException(subject.name() + ": the handler saw " + subject.handlerAdds() + " adds, expected " + expected);
        }
        long caughtUp = System.nanoTime();
        HeapWatch.Peaks peaks = heap.between(uptimeStart, uptimeSynced, usedAtSync);

        int cached = subject.cached();
        int whole = subject.whole();
        if (cached != expected || whole != expected) {
            throw new IllegalStateException(subject.name() + ": " + cached + " objects cached, " + whole + " whole, expected " + expected);
        }
        long settled = HeapWatch.settledUsed();
        String histogram = System.getProperty("capstan.bench.histogram");
        if (histogram != null) {
            writeHistogram(Path.of(histogram));
        }
        String heapDump = System.getProperty("capstan.bench.heapdump");
        if (heapDump != null) {
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).dumpHeap(heapDump, true);
        }

        ObjectNode result = JSON.createObjectNode();
        result.put("subject", subject.name());
        result.put("dataset", dataset.plural());
        result.put("objects", cached);
        result.put("syncNanos", synced - start);
        result.put("handlerNanos", caughtUp - start);
        result.put("cpuNanos", cpuSynced - cpuStart);
        result.put("allocatedBytes", used.allocatedBytes());
        result.put("compileMillis", compileSynced - compileStart);
        result.put("baselineBytes", baseline);
        result.put("retainedBytes", subject.caches() ? settled - baseline : -1);
        result.put("peakUsedBytes", peaks.peakUsed());
        result.put("peakAfterGcBytes", peaks.peakAfterGc());
        result.put("collections", peaks.collections());
        result.put("pauseMillis", peaks.pauseMillis());
        result.put("detail", subject.detail());
        System.out.println("RESULT " + JSON.writeValueAsString(result));
        System.out.flush();
        subject.close();
        // some libraries leave non-daemon threads behind
        System.exit(0);
    }

    /** The live heap's class histogram ({@code jcmd GC.class_histogram}), for finding what a cache retains. */
    private static void writeHistogram(Path file) throws Exception {
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        java.nio.file.Files.writeString(file, text.toString());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: InformerSyncChild --subject s --dataset configmaps|pods --expected n "
                        + "--kubeconfig file --pki dir --server url --key-algorithm EC|RSA [--timeout-seconds 900]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        for (String required : new String[] {"subject", "dataset", "expected", "kubeconfig", "pki", "server", "key-algorithm"}) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("InformerSyncChild: --" + required + " is required");
            }
        }
        return options;
    }
}
