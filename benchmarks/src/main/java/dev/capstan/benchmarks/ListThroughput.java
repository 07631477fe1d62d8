package dev.capstan.benchmarks;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.WriteOptions;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.KubeconfigOptions;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.testing.LocalControlPlane;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * Listing 10,000 ConfigMaps of about 1 KiB from a real API server, with Capstan, fabric8 and
 * kubernetes-client/java side by side in one JVM against one control plane: wall time and heap
 * allocated per complete list, in one request and in pages of 500.
 *
 * <p>What it does, in order:
 * <ol>
 *   <li>starts one {@link LocalControlPlane} (etcd and kube-apiserver, no controllers) and
 *       creates a namespace with N ConfigMaps from {@link Fixtures#configMaps} (Capstan's
 *       {@code createAsync}, a bounded number in flight, no rate limit), as field manager
 *       {@code helm} so that each carries one managedFields entry like the fixture;</li>
 *   <li>opens every {@link ListSubject} on the control plane's kubeconfig;</li>
 *   <li>runs rounds: in each, every subject lists everything once in one request ({@code full}),
 *       then once in pages ({@code paged}); the order of subjects rotates from round to round
 *       so that none always runs right after the same other. The first rounds are warm-up and
 *       not recorded. Before each list a {@code System.gc()} clears the garbage of the previous
 *       one, so no subject pays for another's collection;</li>
 *   <li>for each list records the wall time from call to decoded result, and the heap bytes
 *       allocated and CPU time used meanwhile by all threads ({@link ThreadMeter}); then,
 *       outside the measurement, checks the result holds N whole ConfigMaps.</li>
 * </ol>
 * The median of the recorded runs is reported, with min and max.
 *
 * <p>Usage: {@code ListThroughput [--objects 10000] [--page-size 500] [--warmup 3] [--runs 5]
 * [--concurrency 32] [--subjects capstan,fabric8,...] [--docs docs]}. With all subjects and
 * {@code --docs} other than {@code none}, it merges its figures into
 * {@code <docs>/benchmarks.json} and rewrites its section of {@code <docs>/benchmarks.md}; a run
 * restricted with {@code --subjects} (to profile one client, say) only prints.
 */
public final class ListThroughput {
    static final String BENCHMARK = "list-throughput";
    static final String NAMESPACE = "list-throughput";
    static final String FULL = "full";
    static final String PAGED = "paged";
    /** Subjects in report order; see {@link ListSubject}'s factories for what each is. */
    static final List<String> SUBJECTS = List.of("capstan", "capstan-http11", "capstan-cache", "capstan-transport", "fabric8",
            "kubernetes-client-java", "kubernetes-client-java-gzip");
    /** The other libraries' subjects: the goal is for {@code capstan} to be faster than each. */
    static final List<String> PEERS = List.of("fabric8", "kubernetes-client-java", "kubernetes-client-java-gzip");

    private ListThroughput() {}

    /** The recorded runs of one subject in one mode. */
    private static final class Samples {
        final List<Long> nanos = new ArrayList<>();
        final List<Long> bytes = new ArrayList<>();
        final List<Long> cpuNanos = new ArrayList<>();

        double medianMillis() {
            return median(nanos) / 1e6;
        }

        double medianBytes() {
            return median(bytes);
        }

        double medianCpuMillis() {
            return median(cpuNanos) / 1e6;
        }

        double minMillis() {
            return nanos.stream().mapToLong(Long::longValue).min().orElseThrow() / 1e6;
        }

        double maxMillis() {
            return nanos.stream().mapToLong(Long::longValue).max().orElseThrow() / 1e6;
        }
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        int objects = Integer.parseInt(options.getOrDefault("objects", "10000"));
        int pageSize = Integer.parseInt(options.getOrDefault("page-size", "500"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "32"));
        List<String> chosen = options.containsKey("subjects") ? List.of(options.get("subjects").split(",")) : SUBJECTS;
        for (String subject : chosen) {
            if (!SUBJECTS.contains(subject)) {
                throw new IllegalArgumentException("unknown subject '" + subject + "'; known: " + String.join(", ", SUBJECTS));
            }
        }
        String docsOption = options.getOrDefault("docs", "docs");
        boolean writeDocs = !docsOption.equals("none") && chosen.size() == SUBJECTS.size();
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        ThreadMeter.enable();

        try (LocalControlPlane cluster = LocalControlPlane.builder().controllers(List.of()).build().start()) {
            System.out.println("control plane " + cluster.kubernetesVersion() + " at " + cluster.server() + " (" + cluster.startupBreakdown() + ")");
            Path kubeconfig = cluster.kubeconfig();
            Setup setup = populate(kubeconfig, objects, concurrency);
            System.out.printf(Locale.ROOT, "created %,d ConfigMaps in %.1f s (%,.0f/s); a full list is %,d bytes of JSON%n",
                    objects, setup.seconds(), objects / setup.seconds(), setup.fullListBytes());

            String keyAlgorithm = keyAlgorithm(cluster.credentials().clientKeyPem());
            Map<String, Function<Path, ListSubject>> factories = new LinkedHashMap<>();
            factories.put("capstan", file -> ListSubject.capstan(file, NAMESPACE));
            factories.put("capstan-http11", file -> ListSubject.capstanHttp11(file, NAMESPACE));
            factories.put("capstan-cache", file -> ListSubject.capstanCache(file, NAMESPACE));
            factories.put("capstan-transport", file -> ListSubject.capstanTransport(file, NAMESPACE));
            factories.put("fabric8", file -> ListSubject.fabric8(file, keyAlgorithm, NAMESPACE));
            factories.put("kubernetes-client-java", file -> ListSubject.kubernetesClientJava(file, NAMESPACE, false));
            factories.put("kubernetes-client-java-gzip", file -> ListSubject.kubernetesClientJava(file, NAMESPACE, true));
            List<ListSubject> subjects = new ArrayList<>();
            try {
                for (String name : chosen) {
                    subjects.add(factories.get(name).apply(kubeconfig));
                }
                Map<String, Map<String, Samples>> results = measure(subjects, objects, pageSize, warmup, runs);
                String markdown = report(results, chosen, setup, objects, pageSize, warmup, runs, loadAtStart,
                        cluster.kubernetesVersion(), concurrency);
                System.out.println();
                System.out.println(markdown);
                if (writeDocs) {
                    Path docs = Path.of(docsOption);
                    Reports.mergeJson(docs.resolve("benchmarks.json"), figures(results, chosen, setup, objects));
                    Reports.replaceSection(docs.resolve("benchmarks.md"), BENCHMARK, markdown);
                    System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmarks.json"));
                } else {
                    System.out.println("docs not written (" + (docsOption.equals("none") ? "--docs none" : "a subset of subjects") + ")");
                }
            } finally {
                for (ListSubject subject : subjects) {
                    subject.close();
                }
            }
        }
    }

    // ---- setup ---------------------------------------------------------------------------------

    /** What populating the namespace took, and the size of the full list it produced. */
    private record Setup(double seconds, long fullListBytes, double meanDataBytes) {}

    private static Setup populate(Path kubeconfig, int objects, int concurrency) {
        try (KubernetesClient client = KubernetesClient.create(
                ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withFiles(kubeconfig)), RestOptions.defaults().withoutRateLimit())) {
            client.resources(Namespace.class).create(KubernetesJson.decode(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NAMESPACE + "\"}}", Namespace.class));
            List<String> fixtures = Fixtures.configMaps(objects);
            List<ConfigMap> configMaps = new ArrayList<>(objects);
            for (String json : fixtures) {
                configMaps.add(KubernetesJson.decode(Fixtures.forCreation(json, NAMESPACE), ConfigMap.class));
            }
            ResourceClient<ConfigMap> target = client.resources(ConfigMap.class).inNamespace(NAMESPACE);
            WriteOptions asHelm = WriteOptions.fieldManager("helm");
            long start = System.nanoTime();
            Flux.fromIterable(configMaps).flatMap(configMap -> target.createAsync(configMap, asHelm), concurrency).then().block();
            double seconds = (System.nanoTime() - start) / 1e9;
            long bytes = client.rest().call(RestRequest.get("/api/v1/namespaces/" + NAMESPACE + "/configmaps")).body().length;
            return new Setup(seconds, bytes, Fixtures.meanDataBytes(fixtures));
        }
    }

    /** {@code EC} or {@code RSA}, for fabric8, which assumes RSA for a PKCS#8 key it is not told about. */
    static String keyAlgorithm(String pkcs8Pem) {
        String base64 = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                return algorithm;
            } catch (java.security.GeneralSecurityException notThisOne) {
                // try the next
            }
        }
        throw new IllegalStateException("the control plane's client key is neither an EC nor an RSA PKCS#8 key");
    }

    // ---- measuring -------------------------------------------------------------------------------

    private static Map<String, Map<String, Samples>> measure(List<ListSubject> subjects, int objects, int pageSize, int warmup, int runs) {
        Map<String, Map<String, Samples>> results = new LinkedHashMap<>();
        for (ListSubject subject : subjects) {
            Map<String, Samples> modes = new LinkedHashMap<>();
            modes.put(FULL, new Samples());
            modes.put(PAGED, new Samples());
            results.put(subject.name(), modes);
        }
        for (int round = 0; round < warmup + runs; round++) {
            boolean recorded = round >= warmup;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %d:", recorded ? "run" : "warm-up",
                    recorded ? round - warmup + 1 : round + 1));
            for (String mode : List.of(FULL, PAGED)) {
                for (int i = 0; i < subjects.size(); i++) {
                    ListSubject subject = subjects.get((i + round) % subjects.size());
                    System.gc();
                    ThreadMeter.Snapshot before = ThreadMeter.snapshot();
                    long start = System.nanoTime();
                    Object result = mode.equals(FULL) ? subject.listFull() : subject.listPaged(pageSize);
                    long nanos = System.nanoTime() - start;
                    ThreadMeter.Usage used = ThreadMeter.since(before);
                    int whole = subject.verify(result);
                    if (whole != objects) {
                        throw new IllegalStateException(subject.name() + " " + mode + " returned " + whole
                                + " whole ConfigMaps, expected " + objects);
                    }
                    if (recorded) {
                        Samples samples = results.get(subject.name()).get(mode);
                        samples.nanos.add(nanos);
                        samples.bytes.add(used.allocatedBytes());
                        samples.cpuNanos.add(used.cpuNanos());
                    }
                    line.append(String.format(Locale.ROOT, " %s/%s %.0f ms (CPU %.0f ms) %.0f MB;", subject.name(), mode,
                            nanos / 1e6, used.cpuNanos() / 1e6, used.allocatedBytes() / 1e6));
                }
            }
            System.out.println(line);
        }
        return results;
    }

    // ---- reporting -------------------------------------------------------------------------------

    private static String report(Map<String, Map<String, Samples>> results, List<String> chosen, Setup setup, int objects,
                                 int pageSize, int warmup, int runs, double loadAtStart, String kubernetesVersion, int concurrency) {
        List<List<String>> rows = new ArrayList<>();
        for (String mode : List.of(FULL, PAGED)) {
            Samples fabric8 = results.containsKey("fabric8") ? results.get("fabric8").get(mode) : null;
            for (String subject : chosen) {
                Samples s = results.get(subject).get(mode);
                rows.add(List.of("`" + subject + "`", mode.equals(FULL) ? "full" : "paged (" + pageSize + ")",
                        String.format(Locale.ROOT, "%,.0f (%,.0f–%,.0f)", s.medianMillis(), s.minMillis(), s.maxMillis()),
                        Reports.grouped(Math.round(objects / (s.medianMillis() / 1000))),
                        String.format(Locale.ROOT, "%,.0f", s.medianCpuMillis()),
                        String.format(Locale.ROOT, "%,.1f", s.medianBytes() / 1e6),
                        fabric8 == null ? "–" : Reports.times(fabric8.medianMillis() / s.medianMillis()),
                        fabric8 == null ? "–" : Reports.times(s.medianBytes() / fabric8.medianBytes())));
            }
        }
        String load = loadAtStart < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", loadAtStart);
        StringBuilder markdown = new StringBuilder();
        markdown.append("Produced by `").append(Reports.COMMAND).append("` (`ListThroughput --objects ").append(objects)
                .append(" --page-size ").append(pageSize).append(" --warmup ").append(warmup).append(" --runs ").append(runs)
                .append("`, JVM flags `").append(String.join(" ", jvmFlags())).append("`) on ").append(Reports.jdkDescription())
                .append(", ").append(Reports.today()).append(", ").append(Reports.machine()).append(" (").append(load)
                .append(" at its start). Control plane: etcd and kube-apiserver ").append(kubernetesVersion)
                .append(" (`LocalControlPlane`) on the same machine. ").append(Reports.grouped(objects))
                .append(" ConfigMaps with ").append(Reports.grouped(Math.round(setup.meanDataBytes())))
                .append(" bytes of data on average and one managedFields entry each; a full list is ")
                .append(String.format(Locale.ROOT, "%.1f MB", setup.fullListBytes() / 1e6)).append(" of JSON (")
                .append(Reports.grouped(Math.round((double) setup.fullListBytes() / objects))).append(" bytes per ConfigMap). ")
                .append(String.format(Locale.ROOT, "Creating them took %.1f s (%,.0f/s, Capstan `createAsync`, %d in flight). ",
                        setup.seconds(), objects / setup.seconds(), concurrency))
                .append("Median of ").append(runs).append(" runs after ").append(warmup)
                .append(" warm-up rounds, subjects interleaved; client CPU is the CPU time of all this JVM's threads per complete list ")
                .append("(not the API server's), MB are 10⁶ bytes allocated on the heap by all threads per complete list; ")
                .append("speed is fabric8's median time over the subject's, allocation the subject's bytes over fabric8's.\n\n");
        markdown.append(Reports.table(List.of("subject", "mode", "ms per list, median (min–max)", "items/s",
                "client CPU ms per list", "allocated MB per list", "speed vs fabric8", "allocation vs fabric8"), 2, rows));
        markdown.append("\n").append(goal(results, chosen)).append("\n");
        return markdown.toString();
    }

    /** The goal, judged on median times: {@code capstan} faster than every peer, in both modes. */
    private static String goal(Map<String, Map<String, Samples>> results, List<String> chosen) {
        if (!chosen.contains("capstan")) {
            return "Goal not judged: `capstan` was not measured.";
        }
        if (PEERS.stream().noneMatch(chosen::contains)) {
            return "Goal not judged: no peer was measured.";
        }
        List<String> verdicts = new ArrayList<>();
        boolean met = true;
        for (String mode : List.of(FULL, PAGED)) {
            double capstan = results.get("capstan").get(mode).medianMillis();
            for (String peer : PEERS) {
                if (!chosen.contains(peer)) {
                    continue;
                }
                double ratio = results.get(peer).get(mode).medianMillis() / capstan;
                met &= ratio > 1;
                verdicts.add(mode + " vs `" + peer + "` " + Reports.times(ratio));
            }
        }
        return "Goal `capstan` faster than fabric8 and kubernetes-client/java: " + (met ? "**met**" : "**not met**")
                + " (speed " + String.join(", ", verdicts) + ").";
    }

    private static List<Reports.Figure> figures(Map<String, Map<String, Samples>> results, List<String> chosen, Setup setup, int objects) {
        List<Reports.Figure> figures = new ArrayList<>();
        figures.add(new Reports.Figure(BENCHMARK, "fixture", "objects", (long) objects, "objects"));
        figures.add(new Reports.Figure(BENCHMARK, "fixture", "full-list-bytes", setup.fullListBytes(), "bytes"));
        for (String mode : List.of(FULL, PAGED)) {
            Samples fabric8 = results.get("fabric8").get(mode);
            for (String subject : chosen) {
                Samples s = results.get(subject).get(mode);
                figures.add(new Reports.Figure(BENCHMARK, subject, mode + "-ms-per-list", Reports.round(s.medianMillis(), 1), "ms"));
                figures.add(new Reports.Figure(BENCHMARK, subject, mode + "-ms-min", Reports.round(s.minMillis(), 1), "ms"));
                figures.add(new Reports.Figure(BENCHMARK, subject, mode + "-ms-max", Reports.round(s.maxMillis(), 1), "ms"));
                figures.add(new Reports.Figure(BENCHMARK, subject, mode + "-items-per-second",
                        Reports.round(objects / (s.medianMillis() / 1000), 0), "items/s"));
                figures.add(new Reports.Figure(BENCHMARK, subject, mode + "-cpu-ms-per-list", Reports.round(s.medianCpuMillis(), 1), "ms"));
                figures.add(new Reports.Figure(BENCHMARK, subject, mode + "-allocated-bytes-per-list", Math.round(s.medianBytes()), "bytes"));
                figures.add(new Reports.Figure(BENCHMARK, subject, mode + "-speed-ratio-to-fabric8",
                        Reports.round(fabric8.medianMillis() / s.medianMillis(), 3), "ratio"));
                figures.add(new Reports.Figure(BENCHMARK, subject, mode + "-allocation-ratio-to-fabric8",
                        Reports.round(s.medianBytes() / fabric8.medianBytes(), 3), "ratio"));
            }
        }
        return figures;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static List<String> jvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("-X") && !flag.startsWith("-XX:StartFlightRecording"))
                .toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: ListThroughput [--objects 10000] [--page-size 500] [--warmup 3] [--runs 5] "
                        + "[--concurrency 32] [--subjects a,b] [--docs docs|none]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
