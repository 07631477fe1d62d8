package dev.capstan.benchmarks;

import dev.capstan.testing.LocalControlPlane;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 5's benchmark: how long an informer takes from start to synced on 100,000 ConfigMaps of
 * about 1 KiB and on 10,000 realistic Pods, what it costs in client CPU, and how much heap its
 * cache retains per object, for Capstan, fabric8 and kubernetes-client/java, next to the raw
 * floor (fetching the same list and only tokenizing it).
 *
 * <p>What it does, in order:
 * <ol>
 *   <li>starts one {@link LocalControlPlane} (etcd and kube-apiserver, no controllers) and loads
 *       both data sets once ({@link SyncData});</li>
 *   <li>runs rounds; in each, for each data set, every subject syncs once in a JVM of its own
 *       ({@link InformerSyncChild}, started with the same classpath and the child JVM flags),
 *       subjects one after another in an order that rotates from round to round;</li>
 *   <li>reports medians over the rounds, with ratios to fabric8 and to the raw floor, and judges
 *       the goals.</li>
 * </ol>
 *
 * <p>Usage: {@code InformerSync [--configmaps 100000] [--pods 10000] [--runs 3] [--concurrency 32]
 * [--subjects capstan,fabric8,...] [--child-jvm "-Xmx4g -XX:+UseG1GC"] [--timeout-seconds 900]
 * [--apiserver-args "-v=3"] [--data-dir dir] [--logs benchmarks/target/informer-sync]
 * [--histogram true] [--docs docs|none]}. Each child's standard error goes to a file in
 * {@code --logs}; with {@code --histogram true} so does the class histogram of its settled heap. With the default subjects,
 * both data sets loaded in this run, default API server flags and {@code --docs} other than
 * {@code none}, it merges its figures into {@code <docs>/benchmarks.json} and rewrites its
 * section of {@code <docs>/benchmarks.md}; otherwise it only prints. For development:
 * {@code --apiserver-args} adds kube-apiserver flags and keeps its log (with {@code -v=3} it logs
 * every request: how each subject lists and watches); {@code --data-dir} keeps the control
 * plane's work directory, etcd's data included, and a later run on the same directory skips
 * loading what is already there.
 */
public final class InformerSync {
    static final String BENCHMARK = "informer-sync";
    static final String DEFAULT_CHILD_JVM = "-Xmx4g -XX:+UseG1GC";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FABRIC8 = "fabric8";
    static final String RAW_FLOOR = "raw-floor";
    /** Issue 5's goals: time to synced at most this times fabric8's, … */
    static final double GOAL_TIME_VS_FABRIC8 = 0.5;
    /** … and at most this times the raw floor's; … */
    static final double GOAL_TIME_VS_FLOOR = 1.5;
    /** … retained heap per object at most this times fabric8's. */
    static final double GOAL_RETAINED_VS_FABRIC8 = 0.5;

    private InformerSync() {}

    /** One child's measurements; see {@link InformerSyncChild} for what each is. Retained is -1 for the raw floor. */
    record Run(int objects, long syncNanos, long handlerNanos, long cpuNanos, long allocatedBytes, long compileMillis,
               long retainedBytes, long peakUsedBytes, long peakAfterGcBytes, int collections, long pauseMillis, String detail,
               long apiServerCpuNanos, long etcdCpuNanos) {

        static Run of(JsonNode json, long apiServerCpuNanos, long etcdCpuNanos) {
            return new Run(json.get("objects").asInt(), json.get("syncNanos").asLong(), json.get("handlerNanos").asLong(),
                    json.get("cpuNanos").asLong(), json.get("allocatedBytes").asLong(), json.get("compileMillis").asLong(),
                    json.get("retainedBytes").asLong(), json.get("peakUsedBytes").asLong(), json.get("peakAfterGcBytes").asLong(),
                    json.get("collections").asInt(), json.get("pauseMillis").asLong(), json.get("detail").asString(),
                    apiServerCpuNanos, etcdCpuNanos);
        }
    }

    /**
     * CPU time of the control plane's processes between two points, from
     * {@code ProcessHandle.Info#totalCpuDuration} (-1 where the platform does not tell).
     */
    record ServerMeter(long apiServerPid, long etcdPid) {
        long[] sample() {
            return new long[] {cpu(apiServerPid), cpu(etcdPid)};
        }

        private static long cpu(long pid) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(java.time.Duration::toNanos).orElse(-1L);
        }
    }

    /** The recorded runs of one subject on one data set, and their medians. */
    record Samples(List<Run> runs) {
        double median(java.util.function.ToLongFunction<Run> figure) {
            long[] values = runs.stream().mapToLong(figure).sorted().toArray();
            int n = values.length;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
        }

        double syncSeconds() {
            return median(Run::syncNanos) / 1e9;
        }

        double minSyncSeconds() {
            return runs.stream().mapToLong(Run::syncNanos).min().orElseThrow() / 1e9;
        }

        double maxSyncSeconds() {
            return runs.stream().mapToLong(Run::syncNanos).max().orElseThrow() / 1e9;
        }

        boolean caches() {
            return runs.get(0).retainedBytes() >= 0;
        }

        /** Median retained heap per cached object, bytes. */
        double retainedPerObject() {
            return median(Run::retainedBytes) / runs.get(0).objects();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Map<SyncDataset, Integer> sizes = new EnumMap<>(SyncDataset.class);
        sizes.put(SyncDataset.CONFIGMAPS, Integer.parseInt(options.getOrDefault("configmaps", "100000")));
        sizes.put(SyncDataset.PODS, Integer.parseInt(options.getOrDefault("pods", "10000")));
        sizes.values().removeIf(n -> n <= 0);
        int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "32"));
        long timeoutSeconds = Long.parseLong(options.getOrDefault("timeout-seconds", "900"));
        String childJvm = options.getOrDefault("child-jvm", DEFAULT_CHILD_JVM);
        Path logs = Path.of(options.getOrDefault("logs", "benchmarks/target/informer-sync"));
        boolean histogram = Boolean.parseBoolean(options.getOrDefault("histogram", "false"));
        List<String> subjects = options.containsKey("subjects") ? List.of(options.get("subjects").split(",")) : SyncSubject.DEFAULT;
        for (String subject : subjects) {
            if (!SyncSubject.ALL.contains(subject)) {
                throw new IllegalArgumentException("unknown subject '" + subject + "'; known: " + String.join(", ", SyncSubject.ALL));
            }
        }
        String docsOption = options.getOrDefault("docs", "docs");
        boolean writeDocs = !docsOption.equals("none") && subjects.equals(SyncSubject.DEFAULT) && sizes.size() == SyncDataset.values().length
                && !options.containsKey("apiserver-args");
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        List<String> apiServerArgs = options.containsKey("apiserver-args") ? List.of(options.get("apiserver-args").trim().split("\\s+")) : List.of();
        LocalControlPlane.Builder controlPlane = LocalControlPlane.builder().controllers(List.of()).apiServerArgs(apiServerArgs)
                .keepWorkDirectory(!apiServerArgs.isEmpty() || options.containsKey("data-dir"));
        if (options.containsKey("data-dir")) {
            controlPlane.workDirectory(Path.of(options.get("data-dir")));
        }

        try (LocalControlPlane cluster = controlPlane.build().start()) {
            System.out.println("control plane " + cluster.kubernetesVersion() + " at " + cluster.server() + " (" + cluster.startupBreakdown() + ")");
            if (!apiServerArgs.isEmpty()) {
                System.out.println("kube-apiserver runs with " + apiServerArgs + "; its log is kept: "
                        + cluster.logFile(LocalControlPlane.Component.KUBE_APISERVER));
            }
            Map<SyncDataset, SyncData.Loaded> loaded = new EnumMap<>(SyncDataset.class);
            for (Map.Entry<SyncDataset, Integer> size : sizes.entrySet()) {
                SyncData.Loaded data = SyncData.load(cluster.kubeconfig(), size.getKey(), size.getValue(), concurrency);
                loaded.put(size.getKey(), data);
                writeDocs &= !Double.isNaN(data.seconds());
                System.out.printf(Locale.ROOT, "%s; the list is %,d bytes of JSON (%,.0f per object, managedFields %.0f%%, "
                                + "%.1f entries per object)%n",
                        Double.isNaN(data.seconds())
                                ? String.format(Locale.ROOT, "%,d %s were there already", data.objects(), data.dataset().plural())
                                : String.format(Locale.ROOT, "loaded %,d %s in %.1f s (%,d requests, %,.0f/s)", data.objects(),
                                        data.dataset().plural(), data.seconds(), data.requests(), data.requests() / data.seconds()),
                        data.listBytes(), data.bytesPerObject(), 100 * data.managedFieldsShare(), data.meanManagedFieldsEntries());
            }
            System.gc();

            SyncSubject.Connection connection = new SyncSubject.Connection(cluster.kubeconfig(), cluster.pkiDirectory(),
                    cluster.server().toString(), ListThroughput.keyAlgorithm(cluster.credentials().clientKeyPem()));
            ServerMeter server = new ServerMeter(cluster.pid(LocalControlPlane.Component.KUBE_APISERVER).orElse(-1),
                    cluster.pid(LocalControlPlane.Component.ETCD).orElse(-1));
            Map<SyncDataset, Map<String, List<Run>>> results = new EnumMap<>(SyncDataset.class);
            for (SyncDataset dataset : loaded.keySet()) {
                Map<String, List<Run>> bySubject = new LinkedHashMap<>();
                subjects.forEach(subject -> bySubject.put(subject, new ArrayList<>()));
                results.put(dataset, bySubject);
            }
            for (int round = 0; round < runs; round++) {
                for (SyncDataset dataset : loaded.keySet()) {
                    for (int i = 0; i < subjects.size(); i++) {
                        String subject = subjects.get((i + round) % subjects.size());
                        cluster.checkAlive();
                        Run run = runChild(subject, dataset, sizes.get(dataset), connection, childJvm, timeoutSeconds, logs, round + 1,
                                server, histogram);
                        results.get(dataset).get(subject).add(run);
                        System.out.printf(Locale.ROOT, "run %d %s %s: synced %,d in %.2f s (handler %.2f s), CPU %.2f s "
                                        + "(kube-apiserver %.2f s, etcd %.2f s), "
                                        + "allocated %,.0f MB, retained %s, peak heap %,.0f MB (after GC %s), %d GCs %d ms; %s%n",
                                round + 1, dataset.plural(), subject, run.objects(), run.syncNanos() / 1e9, run.handlerNanos() / 1e9,
                                run.cpuNanos() / 1e9, run.apiServerCpuNanos() / 1e9, run.etcdCpuNanos() / 1e9, run.allocatedBytes() / 1e6,
                                run.retainedBytes() < 0 ? "–" : String.format(Locale.ROOT, "%,d B/object", run.retainedBytes() / run.objects()),
                                run.peakUsedBytes() / 1e6, run.peakAfterGcBytes() < 0 ? "–" : String.format(Locale.ROOT, "%,.0f MB", run.peakAfterGcBytes() / 1e6),
                                run.collections(), run.pauseMillis(), run.detail());
                        // let the API server finish with the last client (connections, its own GC) before the next starts
                        Thread.sleep(2000);
                    }
                }
            }

            Map<SyncDataset, Map<String, Samples>> samples = new EnumMap<>(SyncDataset.class);
            results.forEach((dataset, bySubject) -> {
                Map<String, Samples> s = new LinkedHashMap<>();
                bySubject.forEach((subject, list) -> s.put(subject, new Samples(list)));
                samples.put(dataset, s);
            });
            String markdown = InformerSyncReport.markdown(samples, loaded, subjects, runs, childJvm, concurrency, loadAtStart,
                    cluster.kubernetesVersion());
            System.out.println();
            System.out.println(markdown);
            if (writeDocs) {
                Path docs = Path.of(docsOption);
                Reports.mergeJson(docs.resolve("benchmarks.json"), InformerSyncReport.figures(samples, loaded));
                Reports.replaceSection(docs.resolve("benchmarks.md"), BENCHMARK, markdown);
                System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmarks.json"));
            } else {
                System.out.println("docs not written (" + (docsOption.equals("none") ? "--docs none" : "a subset of subjects or data sets, extra API server flags, or data loaded earlier") + ")");
            }
        }
    }

    /**
     * Starts {@link InformerSyncChild} in a new JVM, relays its standard output, keeps its
     * standard error in {@code logs} (fabric8's Vert.x, for one, logs a blocked event loop with
     * stack traces), and returns its result line.
     */
    private static Run runChild(String subject, SyncDataset dataset, int expected, SyncSubject.Connection connection, String childJvm,
                                long timeoutSeconds, Path logs, int round, ServerMeter server, boolean histogram)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(childJvm.trim().split("\\s+")));
        Files.createDirectories(logs);
        String stem = "run" + round + "-" + dataset.plural() + "-" + subject;
        if (histogram) {
            command.add("-Dcapstan.bench.histogram=" + logs.resolve(stem + ".histogram").toAbsolutePath());
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), InformerSyncChild.class.getName(),
                "--subject", subject, "--dataset", dataset.plural(), "--expected", Integer.toString(expected),
                "--kubeconfig", connection.kubeconfig().toString(), "--pki", connection.pkiDirectory().toString(),
                "--server", connection.server(), "--key-algorithm", connection.clientKeyAlgorithm(),
                "--timeout-seconds", Long.toString(timeoutSeconds)));
        Path stderr = logs.resolve(stem + ".stderr");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String result = null;
        long[] serverAtStart = null;
        long[] serverAtSync = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals("MARK start")) {
                    serverAtStart = server.sample();
                } else if (line.equals("MARK synced")) {
                    serverAtSync = server.sample();
                } else if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                } else {
                    System.out.println("  | " + line);
                }
            }
        }
        if (!process.waitFor(timeoutSeconds + 120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(subject + " on " + dataset.plural() + " did not finish within " + timeoutSeconds + " s; "
                    + "its standard error is in " + stderr);
        }
        List<String> errors = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        if (process.exitValue() != 0 || result == null) {
            errors.subList(Math.max(0, errors.size() - 60), errors.size()).forEach(line -> System.out.println("  ! " + line));
            throw new IllegalStateException(subject + " on " + dataset.plural() + " failed (exit " + process.exitValue()
                    + "); the end of its standard error is above, all of it in " + stderr);
        }
        if (!errors.isEmpty()) {
            System.out.println("  (" + errors.size() + " lines on standard error, in " + stderr + ")");
        }
        try {
            long apiServer = serverAtStart == null || serverAtSync == null || serverAtStart[0] < 0 ? -1 : serverAtSync[0] - serverAtStart[0];
            long etcd = serverAtStart == null || serverAtSync == null || serverAtStart[1] < 0 ? -1 : serverAtSync[1] - serverAtStart[1];
            return Run.of(JSON.readTree(result), apiServer, etcd);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("unreadable result from " + subject + ": " + result, e));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: InformerSync [--configmaps 100000] [--pods 10000] [--runs 3] [--concurrency 32] "
                        + "[--subjects a,b] [--child-jvm \"" + DEFAULT_CHILD_JVM + "\"] [--timeout-seconds 900] [--apiserver-args \"-v=3\"] "
                        + "[--data-dir dir] [--logs dir] [--histogram true] [--docs docs|none]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
