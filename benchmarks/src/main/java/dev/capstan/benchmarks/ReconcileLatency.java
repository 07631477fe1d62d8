package dev.capstan.benchmarks;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.benchmarks.LatencyTrace.Distribution;
import dev.capstan.benchmarks.LatencyTrace.Stage;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.KubeconfigOptions;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.controller.EventFilter;
import dev.capstan.controller.Manager;
import dev.capstan.controller.Result;
import dev.capstan.informer.InformerSelection;
import dev.capstan.informer.Lister;
import dev.capstan.informer.SharedIndexInformer;
import dev.capstan.testing.LocalControlPlane;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;

/**
 * End-to-end latency from a write on the API server to the start of the reconcile of that key
 * (issue 6): one Capstan {@link Manager} with one controller on the ConfigMaps of a namespace,
 * against a real kube-apiserver, while a writer changes those ConfigMaps at a fixed rate.
 *
 * <p>What it does, in order:
 * <ol>
 *   <li>starts one {@link LocalControlPlane} (etcd and kube-apiserver, no controllers) and
 *       creates a namespace with a pool of K ConfigMaps from {@link Fixtures#configMaps} (about
 *       1 KiB of data each);</li>
 *   <li>starts a {@link Manager} on its own client (default options, as an operator would run)
 *       with one controller, {@code manager.controller("latency", ConfigMap.class)}, limited to
 *       the namespace, with W workers; its reconciler reads the object from the informer's lister
 *       and records when it started, for the write the object carries. Waits until the initial
 *       reconcile of every pool object is done;</li>
 *   <li>warms the whole path up with unrecorded closed-loop writes (JIT), then for each rate: an
 *       {@link PatchWriter} on a second client (rate limit off) patches the pool round robin at
 *       that rate — each patch writes its number into {@code data.seq} — for a warm-up, then for
 *       the measured seconds; then waits for the last answers and reconciles. With K keys at R
 *       writes/s a key is written again only every K/R seconds (5 s at 1,000/s), long after its
 *       previous write was reconciled, so each write maps to exactly one reconcile and none is
 *       coalesced (the report counts any that were never reconciled). The rate {@code max} is a
 *       closed loop instead: the API server's write capacity, and whether Capstan keeps up;</li>
 *   <li>optionally the same with fabric8's informer ({@code inform(handler)}) in place of the
 *       manager, measured to its handler: fabric8 has no work queue or reconciler.</li>
 * </ol>
 *
 * <p>Each write is traced through {@link LatencyTrace}'s stages: due in the schedule, sent,
 * answered; its watch event on the reflector's thread (the informer's transform); the
 * controller's event handler (its event filter, just before the key is queued); the reconciler's
 * first line. The headline latency runs from the HTTP response to the reconcile start: the server
 * commits a write to etcd before it answers, so the response approximates the commit from
 * above, and the figure understates commit → reconcile by the response's way back (server
 * encoding, loopback, the client's event loop). The latency from the scheduled send is reported
 * as well; it adds the API server's write latency. Stage-to-stage figures split the path into the
 * watch (API server fan-out, loopback, decoding), the informer (queue, cache, handler delivery)
 * and the controller (work queue, worker thread).
 *
 * <p>Usage: {@code ReconcileLatency [--rates 100,1000,max] [--prewarm 30] [--warmup 10] [--seconds 30] [--keys 5000]
 * [--workers 4] [--subjects capstan,fabric8] [--objects small|fixture] [--max-in-flight 256]
 * [--concurrency 32] [--docs docs]}; {@code max} is a closed loop with {@code --concurrency}
 * writes in flight. With {@code --docs} other than
 * {@code none} it merges its figures into {@code <docs>/benchmarks.json} and rewrites its section
 * of {@code <docs>/benchmarks.md}.
 */
public final class ReconcileLatency {
    static final String BENCHMARK = "reconcile-latency";
    static final String NAMESPACE = "reconcile-latency";
    static final List<String> SUBJECTS = List.of("capstan", "fabric8");
    /** The goal: p99 below this at the goal rate. */
    static final double GOAL_P99_MILLIS = 10;
    static final int GOAL_RATE = 1000;

    private ReconcileLatency() {}

    /** One measured quantity: the interval between two stages. */
    private record Measure(String id, String label, Stage from, Stage to) {}

    private static final List<Measure> CAPSTAN_MEASURES = List.of(
            new Measure("commit-to-reconcile", "**write answered → reconcile start**", Stage.RESPONDED, Stage.RECONCILED),
            new Measure("sent-to-reconcile", "write due → reconcile start", Stage.INTENDED, Stage.RECONCILED),
            new Measure("commit-to-handler", "write answered → event handler (informer alone)", Stage.RESPONDED, Stage.HANDLER),
            new Measure("apiserver-write", "API server write (due → answered)", Stage.INTENDED, Stage.RESPONDED),
            new Measure("stage-watch", "stage: answered → reflector (watch, decoding)", Stage.RESPONDED, Stage.REFLECTOR),
            new Measure("stage-informer", "stage: reflector → event handler (informer queue, cache, delivery)", Stage.REFLECTOR, Stage.HANDLER),
            new Measure("stage-workqueue", "stage: event handler → reconcile start (work queue, worker)", Stage.HANDLER, Stage.RECONCILED),
            new Measure("capstan-path", "Capstan after decoding: reflector → reconcile start", Stage.REFLECTOR, Stage.RECONCILED));
    private static final List<Measure> FABRIC8_MEASURES = List.of(
            new Measure("commit-to-handler", "write answered → event handler", Stage.RESPONDED, Stage.HANDLER),
            new Measure("sent-to-handler", "write due → event handler", Stage.INTENDED, Stage.HANDLER),
            new Measure("apiserver-write", "API server write (due → answered)", Stage.INTENDED, Stage.RESPONDED));

    /** What one rate of one subject measured. */
    private record Phase(String subject, int rate, int workers, int recorded, int skipped, int sentInWindow, int answeredInWindow,
                         int answered, int ended, int errors,
                         int peakInFlight, long endsInWindow, CpuMeter.Usage cpu, double loadStart, double loadEnd,
                         Map<String, Distribution> distributions, Map<String, String> labels) {}

    /**
     * What to run. A rate of 0 stands for {@code max}: closed loop with {@code concurrency} writes in flight.
     * {@code fixture} chooses the list benchmark's 1 KiB Helm ConfigMaps over small ones.
     */
    private record Settings(List<Integer> rates, int prewarm, int warmup, int seconds, int keys, int workers, List<String> subjects,
                            int maxInFlight, int concurrency, boolean fixture) {
        /** Trace slots one subject may use: open-loop rates exactly, the closed loop up to {@link #MAX_PROBE_RATE}/s. */
        int seqsPerSubject() {
            int n = MAX_PROBE_RATE * prewarm;
            for (int rate : rates) {
                n += slots(rate);
            }
            return n;
        }

        int slots(int rate) {
            return (rate > 0 ? rate : MAX_PROBE_RATE) * (warmup + seconds);
        }
    }

    /** The most writes per second the closed loop may record (trace capacity); far above what one API server answers. */
    static final int MAX_PROBE_RATE = 5000;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        List<Integer> rates = new ArrayList<>();
        for (String rate : options.getOrDefault("rates", "100,1000,max").split(",")) {
            rates.add(rate.trim().equals("max") ? 0 : Integer.parseInt(rate.trim()));
        }
        String objects = options.getOrDefault("objects", "small");
        if (!objects.equals("small") && !objects.equals("fixture")) {
            throw new IllegalArgumentException("--objects is small or fixture, not " + objects);
        }
        List<String> subjects = List.of(options.getOrDefault("subjects", "capstan,fabric8").split(","));
        for (String subject : subjects) {
            if (!SUBJECTS.contains(subject)) {
                throw new IllegalArgumentException("unknown subject '" + subject + "'; known: " + String.join(", ", SUBJECTS));
            }
        }
        Settings settings = new Settings(rates, Integer.parseInt(options.getOrDefault("prewarm", "30")),
                Integer.parseInt(options.getOrDefault("warmup", "10")),
                Integer.parseInt(options.getOrDefault("seconds", "30")), Integer.parseInt(options.getOrDefault("keys", "5000")),
                Integer.parseInt(options.getOrDefault("workers", "4")), subjects,
                Integer.parseInt(options.getOrDefault("max-in-flight", "256")), Integer.parseInt(options.getOrDefault("concurrency", "32")),
                objects.equals("fixture"));
        String docsOption = options.getOrDefault("docs", "docs");
        double loadAtStart = load();
        CpuMeter.enable();

        try (LocalControlPlane cluster = LocalControlPlane.builder().controllers(List.of()).build().start()) {
            System.out.println("control plane " + cluster.kubernetesVersion() + " at " + cluster.server() + " (" + cluster.startupBreakdown() + ")");
            Path kubeconfig = cluster.kubeconfig();
            ClientConfig config = ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withFiles(kubeconfig));
            Map<String, Long> pids = new LinkedHashMap<>();
            cluster.pid(LocalControlPlane.Component.KUBE_APISERVER).ifPresent(pid -> pids.put("kube-apiserver", pid));
            cluster.pid(LocalControlPlane.Component.ETCD).ifPresent(pid -> pids.put("etcd", pid));

            List<Phase> phases = new ArrayList<>();
            try (KubernetesClient writerClient = KubernetesClient.create(config, RestOptions.defaults().withoutRateLimit())) {
                List<String> names = populate(writerClient, settings.keys(), settings.fixture());
                int perSubject = settings.seqsPerSubject();
                LatencyTrace trace = new LatencyTrace(perSubject * subjects.size() + 1);
                PatchWriter writer = new PatchWriter(writerClient.rest(), NAMESPACE, names, trace, settings.maxInFlight());
                int next = 0;
                for (String subject : subjects) {
                    List<Phase> measured = subject.equals("capstan")
                            ? capstan(config, settings, trace, writer, next, pids)
                            : fabric8(kubeconfig, ListThroughput.keyAlgorithm(cluster.credentials().clientKeyPem()), settings,
                                    trace, writer, next, pids);
                    phases.addAll(measured);
                    next += perSubject;
                }
            }
            String markdown = report(phases, settings, loadAtStart, cluster.kubernetesVersion());
            System.out.println();
            System.out.println(markdown);
            if (!docsOption.equals("none")) {
                Path docs = Path.of(docsOption);
                Reports.mergeJson(docs.resolve("benchmarks.json"), figures(phases, settings));
                Reports.replaceSection(docs.resolve("benchmarks.md"), BENCHMARK, markdown);
                System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmarks.json"));
            }
        }
    }

    // ---- setup ---------------------------------------------------------------------------------

    /**
     * Creates the namespace and the pool of ConfigMaps; returns their names. Small ones carry two
     * labels and one data entry (about 400 bytes of JSON as the server returns them); fixture ones
     * are {@link Fixtures#configMaps}, about 1 KiB of data in four entries with Helm's labels.
     */
    private static List<String> populate(KubernetesClient client, int keys, boolean fixture) {
        client.resources(Namespace.class).create(KubernetesJson.decode(
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NAMESPACE + "\"}}", Namespace.class));
        List<ConfigMap> configMaps = new ArrayList<>(keys);
        List<String> names = new ArrayList<>(keys);
        List<String> jsons = new ArrayList<>(keys);
        if (fixture) {
            for (String json : Fixtures.configMaps(keys)) {
                jsons.add(Fixtures.forCreation(json, NAMESPACE));
            }
        } else {
            for (int i = 0; i < keys; i++) {
                jsons.add(String.format(Locale.ROOT, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":"
                        + "\"latency-%05d\",\"namespace\":\"%s\",\"labels\":{\"app\":\"latency\",\"shard\":\"%d\"}},"
                        + "\"data\":{\"seq\":\"-1\"}}", i, NAMESPACE, i % 16));
            }
        }
        for (String json : jsons) {
            ConfigMap configMap = KubernetesJson.decode(json, ConfigMap.class);
            configMaps.add(configMap);
            names.add(configMap.metadata().name());
        }
        ResourceClient<ConfigMap> target = client.resources(ConfigMap.class).inNamespace(NAMESPACE);
        long start = System.nanoTime();
        Flux.fromIterable(configMaps).flatMap(configMap -> target.createAsync(configMap, dev.capstan.client.WriteOptions.defaults()), 32)
                .then().block();
        System.out.printf(Locale.ROOT, "created %,d ConfigMaps in %.1f s%n", keys, (System.nanoTime() - start) / 1e9);
        return names;
    }

    // ---- subjects ------------------------------------------------------------------------------

    /** The Capstan manager and controller, measured at every rate. */
    private static List<Phase> capstan(ClientConfig config, Settings settings, LatencyTrace trace, PatchWriter writer,
                                       int firstSeq, Map<String, Long> pids) throws InterruptedException {
        AtomicLong reconciles = new AtomicLong();
        try (KubernetesClient client = KubernetesClient.create(config);
             Manager manager = Manager.create(client)) {
            InformerSelection selection = InformerSelection.namespaces(NAMESPACE);
            SharedIndexInformer<ConfigMap> informer = manager.informers().informerFor(ConfigMap.class, selection);
            // The transform runs on the reflector's thread for every decoded event, before the informer's queue.
            informer.setTransform(configMap -> {
                trace.stamp(Stage.REFLECTOR, LatencyTrace.seqOf(configMap));
                return configMap;
            });
            Lister<ConfigMap> lister = informer.lister();
            manager.add(manager.controller("latency", ConfigMap.class)
                    .selection(selection)
                    // The filter runs in the controller's event handler, right before the key is queued.
                    .withEventFilter(EventFilter.matching(configMap -> {
                        trace.stamp(Stage.HANDLER, LatencyTrace.seqOf(configMap));
                        return true;
                    }))
                    .workers(settings.workers())
                    .reconciler(request -> {
                        long started = System.nanoTime();
                        reconciles.incrementAndGet();
                        trace.stamp(Stage.RECONCILED, LatencyTrace.seqOf(lister.get(request.namespace(), request.name()).orElse(null)),
                                started);
                        return Result.done();
                    })
                    .build());
            manager.start();
            awaitAtLeast(reconciles::get, settings.keys(), Duration.ofMinutes(2), "initial reconciles");
            System.out.printf(Locale.ROOT, "capstan: manager started, %,d initial reconciles done%n", reconciles.get());
            int next = prewarm("capstan", settings, writer, firstSeq);
            List<Phase> phases = new ArrayList<>();
            for (int rate : settings.rates()) {
                phases.add(phase("capstan", settings, rate, next, trace, writer, reconciles::get, Stage.RECONCILED, pids,
                        CAPSTAN_MEASURES));
                next += settings.slots(rate);
            }
            return phases;
        }
    }

    /** fabric8's informer with one handler, measured at every rate (to the handler: fabric8 has no controller). */
    private static List<Phase> fabric8(Path kubeconfig, String keyAlgorithm, Settings settings, LatencyTrace trace,
                                       PatchWriter writer, int firstSeq, Map<String, Long> pids) throws InterruptedException {
        io.fabric8.kubernetes.client.Config config;
        try {
            config = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.setClientKeyAlgo(keyAlgorithm);
        AtomicLong handled = new AtomicLong();
        try (io.fabric8.kubernetes.client.KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            var informer = client.configMaps().inNamespace(NAMESPACE).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(io.fabric8.kubernetes.api.model.ConfigMap configMap) {
                    handled.incrementAndGet();
                    trace.stamp(Stage.HANDLER, seqOf(configMap));
                }

                @Override
                public void onUpdate(io.fabric8.kubernetes.api.model.ConfigMap old, io.fabric8.kubernetes.api.model.ConfigMap now) {
                    handled.incrementAndGet();
                    trace.stamp(Stage.HANDLER, seqOf(now));
                }

                @Override
                public void onDelete(io.fabric8.kubernetes.api.model.ConfigMap configMap, boolean finalStateUnknown) {
                    handled.incrementAndGet();
                }
            });
            try {
                awaitAtLeast(handled::get, settings.keys(), Duration.ofMinutes(2), "fabric8 initial adds");
                System.out.printf(Locale.ROOT, "fabric8: informer started, %,d initial adds handled%n", handled.get());
                int next = prewarm("fabric8", settings, writer, firstSeq);
                List<Phase> phases = new ArrayList<>();
                for (int rate : settings.rates()) {
                    phases.add(phase("fabric8", settings, rate, next, trace, writer, handled::get, Stage.HANDLER, pids, FABRIC8_MEASURES));
                    next += settings.slots(rate);
                }
                return phases;
            } finally {
                informer.close();
            }
        }
    }

    private static int seqOf(io.fabric8.kubernetes.api.model.ConfigMap configMap) {
        String seq = configMap.getData() == null ? null : configMap.getData().get("seq");
        try {
            return seq == null ? -1 : Integer.parseInt(seq);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- one rate ------------------------------------------------------------------------------

    /**
     * Warms up the whole path (writer, API server, watch, informer, controller) before anything is
     * recorded: closed loop for {@code prewarm} seconds, so the JIT compilers have settled and do
     * not compete for the two cores during the first measured rate. Returns the next free seq.
     */
    private static int prewarm(String subject, Settings settings, PatchWriter writer, int firstSeq) throws InterruptedException {
        if (settings.prewarm() <= 0) {
            return firstSeq;
        }
        System.out.printf(Locale.ROOT, "%s: pre-warm, %d s closed loop (%d in flight), not recorded%n", subject, settings.prewarm(),
                settings.concurrency());
        long start = System.nanoTime();
        int sent = writer.runClosedLoop(firstSeq, MAX_PROBE_RATE * settings.prewarm(), settings.concurrency(), start,
                start + TimeUnit.SECONDS.toNanos(settings.prewarm()));
        writer.awaitResponses(TimeUnit.MINUTES.toMillis(1));
        writer.takeErrors();
        System.out.printf(Locale.ROOT, "  %,d writes (%,.0f/s)%n", sent, sent / (double) settings.prewarm());
        TimeUnit.SECONDS.sleep(2);
        return firstSeq + MAX_PROBE_RATE * settings.prewarm();
    }

    /**
     * Writes at {@code rate} (0: closed loop) for the warm-up and the measured seconds, measures
     * CPU over the measured window only, then waits for the stragglers and computes the
     * distributions over the writes due in the window.
     */
    private static Phase phase(String subject, Settings settings, int rate, int firstSeq, LatencyTrace trace, PatchWriter writer,
                               LongSupplier ends, Stage end, Map<String, Long> pids, List<Measure> measures) throws InterruptedException {
        int slots = settings.slots(rate);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long windowStart = start + TimeUnit.SECONDS.toNanos(settings.warmup());
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(settings.seconds());
        Thread thread = new Thread(() -> {
            if (rate > 0) {
                writer.run(firstSeq, slots, rate, start);
            } else {
                try {
                    writer.runClosedLoop(firstSeq, slots, settings.concurrency(), start, windowEnd);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "latency-writer");
        thread.setDaemon(true);
        System.out.printf(Locale.ROOT, "%s at %s: %d s warm-up, %d s measured%n", subject, offered(rate, settings), settings.warmup(),
                settings.seconds());
        thread.start();

        sleepUntil(windowStart);
        double loadStart = load();
        CpuMeter.Reading before = CpuMeter.read(pids);
        long endsBefore = ends.getAsLong();
        writer.takePeakInFlight();
        writer.takeErrors();
        writer.takeSkipped();
        sleepUntil(windowEnd);
        CpuMeter.Reading after = CpuMeter.read(pids);
        long endsInWindow = ends.getAsLong() - endsBefore;
        double loadEnd = load();
        int peakInFlight = writer.takePeakInFlight();
        int skipped = writer.takeSkipped();

        thread.join();
        if (!writer.awaitResponses(TimeUnit.MINUTES.toMillis(1))) {
            System.out.println("  some writes were not answered within 1 min");
        }
        int errors = writer.takeErrors();
        // the writes due in the measured window (due times grow with seq; skipped writes have none)
        long from = trace.relative(windowStart);
        long to = trace.relative(windowEnd);
        int first = firstSeq + slots;
        int last = firstSeq;
        for (int seq = firstSeq; seq < firstSeq + slots; seq++) {
            long due = trace.get(Stage.INTENDED, seq);
            if (due != 0 && due >= from && due < to) {
                first = Math.min(first, seq);
                last = seq + 1;
            }
        }
        first = Math.min(first, last);
        int recorded = trace.count(Stage.INTENDED, first, last);
        int answered = trace.count(Stage.RESPONDED, first, last);
        // wait for the last reconciles: until every answered write has one, or nothing moved for 10 s
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            int now = trace.count(end, first, last);
            if (now >= answered) {
                break;
            }
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(10)) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        int ended = trace.count(end, first, last);
        Map<String, Distribution> distributions = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Measure measure : measures) {
            distributions.put(measure.id(), trace.between(measure.from(), measure.to(), first, last));
            labels.put(measure.id(), measure.label());
        }
        Phase phase = new Phase(subject, rate, settings.workers(), recorded, skipped,
                trace.countWithin(Stage.SENT, firstSeq, firstSeq + slots, from, to),
                trace.countWithin(Stage.RESPONDED, firstSeq, firstSeq + slots, from, to), answered, ended, errors, peakInFlight,
                endsInWindow, CpuMeter.between(before, after), loadStart, loadEnd, distributions, labels);
        Distribution headline = distributions.get(measures.get(0).id());
        System.out.printf(Locale.ROOT, "  %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms; due %,d (skipped %,d), answered %,d, %s %,d, "
                        + "answered/s %,.0f; load %.2f → %.2f%n",
                measures.get(0).id(), headline.millis(0.5), headline.millis(0.99), headline.maxMillis(), recorded, skipped, answered,
                end == Stage.RECONCILED ? "reconciled" : "handled", ended, phase.answeredInWindow() / (double) settings.seconds(),
                loadStart, loadEnd);
        CpuMeter.Usage cpu = phase.cpu();
        StringBuilder groups = new StringBuilder();
        cpu.groupNanos().forEach((group, nanos) -> groups.append(String.format(Locale.ROOT, " %s %.0f", group, nanos / 1e6 / cpu.seconds())));
        StringBuilder switches = new StringBuilder();
        cpu.switches().forEach((group, counts) -> switches.append(String.format(Locale.ROOT, " %s %.2f/%.2f", group,
                counts[0] / (double) Math.max(1, endsInWindow), counts[1] / (double) Math.max(1, endsInWindow))));
        System.out.println("  context switches per reconcile (voluntary/involuntary):" + switches);
        System.out.printf(Locale.ROOT, "  CPU ms/s:%s; JVM %.0f (GC %d, %d ms; JIT %d ms); %s%n", groups, cpu.processMillisPerSecond(),
                cpu.gcCount(), cpu.gcMillis(), cpu.jitMillis(), cpu.pidNanos().keySet().stream().map(name -> String.format(Locale.ROOT, "%s %.0f", name,
                        cpu.pidMillisPerSecond(name))).toList());
        System.out.println("  busiest threads (ms/s): " + cpu.nameNanos().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e6 / cpu.seconds())).toList());
        if (errors > 0) {
            System.out.println("  " + errors + " writes failed, first: " + writer.firstError());
        }
        TimeUnit.SECONDS.sleep(2);
        return phase;
    }

    /** {@code 1,000 writes/s}, or {@code max (32 in flight)} for the closed loop. */
    private static String offered(int rate, Settings settings) {
        return rate > 0 ? Reports.grouped(rate) + " writes/s" : "max (" + settings.concurrency() + " in flight)";
    }

    private static void awaitAtLeast(LongSupplier value, long target, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": " + value.getAsLong() + " of " + target + " within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left; (left = nanoTime - System.nanoTime()) > 0; ) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    // ---- reporting -------------------------------------------------------------------------------

    /** The method, fixed text at the top of the generated section (this section has no hand-written prose around it). */
    private static final String METHOD = """
            ## Reconcile latency: from a write on the API server to reconcile start

            `dev.capstan.benchmarks.ReconcileLatency` (a plain main) measures issue 6: how long after a write on the
            API server the reconcile of that key starts, at 100 and 1,000 writes per second. Goal: p99 below 10 ms
            at 1,000/s on this machine, throughput bounded by the API server, not by Capstan.
            `benchmarks/run.sh reconcile-latency` runs only this benchmark (about 7 minutes).

            **Setup.** One `LocalControlPlane` (etcd and kube-apiserver, no controllers) on the same machine. A
            namespace holds a pool of ConfigMaps. The subject is a Capstan `Manager` on its own client (default
            options) with one controller, `manager.controller("latency", ConfigMap.class)
            .selection(InformerSelection.namespaces(ns)).workers(W)`, whose reconciler reads the object from the
            informer's lister and records the time. A writer in the same JVM, on a second client without rate
            limit, patches the pool round robin through Capstan's asynchronous `RestClient.exchange` (a JSON merge
            patch of `data.seq`), **open loop**: write *i* is due at *start + i/rate* whatever happened to earlier
            ones, so a slow server does not lower the offered rate, and latencies count from the slot a write was
            due in (no coordinated omission). To keep an overloaded server from being buried, a write falling due
            while %d are unanswered is skipped and counted. A last phase, `max`, is a closed loop with %d writes
            in flight: the most the API server answers, to show what bounds throughput. Before the first rate,
            %d s of unrecorded closed-loop writes warm up the whole path (JIT); each rate then runs a warm-up
            before its measured window.

            **Matching writes to reconciles.** Each write puts its sequence number into the object
            (`data.seq`), so every later point identifies the write from the object alone, in whatever order the
            HTTP response and the watch event arrive. With K keys at R writes/s a key is written again only every
            K/R seconds (5 s at 1,000/s), long after its previous write was reconciled, so each write maps to
            exactly one reconcile and none is coalesced (writes never reconciled would be counted).

            **Which latency.** The issue asks from "a write on the API server": its commit to etcd. The client
            cannot see the commit; it sees the HTTP response, which the server sends after the commit. So the
            headline, *write answered → reconcile start*, approximates commit → reconcile from below (by the
            response's way back: encoding, loopback, the client's event loop), and can even be negative for a
            write whose watch event overtook its response. *Write due → reconcile start* is the bound from above:
            it adds the API server's whole write latency, which *API server write* shows alone. Stages split the
            path at three more points: the watch event decoded on the reflector's thread (the informer's
            transform), the controller's event handler just before it queues the key (its event filter), and the
            reconciler's first line. *write answered → event handler* is the informer alone, without the work
            queue; *Capstan after decoding* is everything from the reflector on (informer queue, cache, handler
            delivery, work queue, worker), the part that depends on Capstan alone — the watch stage before it
            includes the API server's own fan-out. The optional `fabric8` rows run the same writer against fabric8's informer
            (`configMaps().inNamespace(ns).inform(handler)`), measured to its handler: fabric8 has no controller
            runtime, so compare them with Capstan's *event handler* rows.

            **Caveats.** Client, writer, API server and etcd share two cores, and the machine is shared with other
            builds: tails (p99, max) mostly measure CPU scheduling, so read them with the load average beside
            them. The writer's requests and the watch share Reactor Netty's event loops. CPU per thread group is
            `ThreadMXBean` time over the measured window; the API server's and etcd's from `/proc/<pid>/stat`.
            Worker wake-ups are voluntary context switches of the worker threads (`/proc/self/task/*/status`) per
            reconcile: one is the hand-off of the key itself.

            """;

    private static String report(List<Phase> phases, Settings settings, double loadAtStart, String kubernetesVersion) {
        StringBuilder markdown = new StringBuilder(METHOD.formatted(settings.maxInFlight(), settings.concurrency(), settings.prewarm()));
        markdown.append("Produced by `").append(Reports.COMMAND).append("` (`ReconcileLatency --rates ")
                .append(String.join(",", settings.rates().stream().map(r -> r > 0 ? String.valueOf(r) : "max").toList()))
                .append(" --prewarm ").append(settings.prewarm()).append(" --warmup ").append(settings.warmup())
                .append(" --seconds ").append(settings.seconds())
                .append(" --keys ").append(settings.keys()).append(" --workers ").append(settings.workers())
                .append(" --subjects ").append(String.join(",", settings.subjects()))
                .append(" --objects ").append(settings.fixture() ? "fixture" : "small")
                .append(" --max-in-flight ").append(settings.maxInFlight()).append(" --concurrency ").append(settings.concurrency())
                .append("`, JVM flags `").append(String.join(" ", jvmFlags())).append("`) on ").append(Reports.jdkDescription())
                .append(", ").append(Reports.today()).append(", ").append(Reports.machine())
                .append(String.format(Locale.ROOT, " (%.2f at its start). ", loadAtStart))
                .append("Control plane: etcd and kube-apiserver ").append(kubernetesVersion).append(". ")
                .append(Reports.grouped(settings.keys()))
                .append(settings.fixture() ? " ConfigMaps of the list benchmark (about 1 KiB of data each)"
                        : " small ConfigMaps (two labels, one data entry)")
                .append(String.format(Locale.ROOT, ", %d workers. Each rate: %d s warm-up, %d s measured. ", settings.workers(),
                        settings.warmup(), settings.seconds()))
                .append("Latencies in ms over the writes due in the measured window, nearest-rank percentiles.\n\n");

        List<List<String>> rows = new ArrayList<>();
        for (Phase phase : phases) {
            for (Map.Entry<String, Distribution> entry : phase.distributions().entrySet()) {
                Distribution d = entry.getValue();
                rows.add(List.of("`" + phase.subject() + "`", offeredCell(phase.rate(), settings), phase.labels().get(entry.getKey()),
                        Reports.grouped(d.count()), ms(d.millis(0.5)), ms(d.millis(0.9)), ms(d.millis(0.99)), ms(d.millis(0.999)),
                        ms(d.maxMillis())));
            }
        }
        markdown.append(Reports.table(List.of("subject", "writes/s", "measure", "samples", "p50", "p90", "p99", "p99.9", "max"), 3,
                rows));

        markdown.append("\nThroughput and CPU over the measured window. CPU in ms per second (1,000 = one core busy): ")
                .append("`informer` is Capstan's reflector, informer and handler-delivery threads (for `fabric8`: its Vert.x ")
                .append("event loop and executor); `workers` the controller's; `netty` Reactor Netty's event loops, which carry ")
                .append("the writer's requests as well as Capstan's watch; `JVM` all of this JVM, writer, GC and JIT included.\n\n");
        List<List<String>> cpuRows = new ArrayList<>();
        for (Phase phase : phases) {
            CpuMeter.Usage cpu = phase.cpu();
            boolean capstan = phase.subject().equals("capstan");
            cpuRows.add(List.of("`" + phase.subject() + "`", offeredCell(phase.rate(), settings),
                    rate(phase.sentInWindow(), settings.seconds()), rate(phase.answeredInWindow(), settings.seconds()),
                    String.format(Locale.ROOT, "%,.0f", phase.endsInWindow() / cpu.seconds()) + (capstan ? "" : " (handler calls)"),
                    Reports.grouped(phase.skipped()) + " / " + Reports.grouped(phase.errors()) + " / "
                            + Reports.grouped(phase.answered() - phase.ended()),
                    Reports.grouped(phase.peakInFlight()),
                    cpu(informerCpu(phase)),
                    capstan ? cpu(cpu.groupMillisPerSecond("workers")) : "–",
                    capstan ? String.format(Locale.ROOT, "%.2f", workerWakeUps(phase)) : "–",
                    cpu(cpu.groupMillisPerSecond("netty")),
                    cpu(cpu.processMillisPerSecond()),
                    cpu(cpu.pidMillisPerSecond("kube-apiserver")), cpu(cpu.pidMillisPerSecond("etcd")),
                    String.format(Locale.ROOT, "%.2f → %.2f", phase.loadStart(), phase.loadEnd())));
        }
        markdown.append(Reports.table(List.of("subject", "offered writes/s", "sent/s", "answered/s", "reconciles/s",
                "skipped / failed / never reconciled", "peak in flight", "informer CPU", "workers CPU", "worker wake-ups per reconcile",
                "netty CPU", "JVM CPU", "kube-apiserver CPU", "etcd CPU", "load average"), 2, cpuRows));
        markdown.append("\n").append(goal(phases)).append("\n\n").append(bound(phases, settings)).append("\n");
        String wakeUps = wakeUpNote(phases, settings);
        if (!wakeUps.isEmpty()) {
            markdown.append("\n").append(wakeUps).append("\n");
        }
        return markdown.toString();
    }

    private static double informerCpu(Phase phase) {
        CpuMeter.Usage cpu = phase.cpu();
        return phase.subject().equals("capstan")
                ? CpuMeter.INFORMER_GROUPS.stream().mapToDouble(cpu::groupMillisPerSecond).sum()
                : cpu.groupMillisPerSecond("fabric8");
    }

    /** Voluntary context switches of the worker threads per reconcile in the window. */
    private static double workerWakeUps(Phase phase) {
        return phase.cpu().switchesOf("workers")[0] / (double) Math.max(1, phase.endsInWindow());
    }

    /** The goal: p99 of write → reconcile start below 10 ms at 1,000 writes/s. */
    private static String goal(List<Phase> phases) {
        for (Phase phase : phases) {
            if (phase.subject().equals("capstan") && phase.rate() == GOAL_RATE) {
                double commit = phase.distributions().get("commit-to-reconcile").millis(0.99);
                double sent = phase.distributions().get("sent-to-reconcile").millis(0.99);
                double own = phase.distributions().get("capstan-path").millis(0.99);
                double answered = phase.answeredInWindow() / phase.cpu().seconds();
                boolean met = commit < GOAL_P99_MILLIS && phase.skipped() == 0;
                return String.format(Locale.ROOT, "Goal p99 write → reconcile start below %.0f ms at %,d writes/s: %s "
                                + "(p99 %.2f ms from the write's answer, %.2f ms from its due time; of that, Capstan after decoding the watch "
                        + "event, reflector → reconcile start: p99 %.2f ms; the API server answered %,.0f writes/s%s).",
                        GOAL_P99_MILLIS, GOAL_RATE, met ? "**met**" : "**not met**", commit, sent, own, answered,
                        phase.skipped() == 0 ? "" : " and " + Reports.grouped(phase.skipped()) + " writes were skipped because "
                                + "it had 256 unanswered: the offered rate was above what it sustained");
            }
        }
        return "Goal not judged: `capstan` was not measured at " + GOAL_RATE + " writes/s.";
    }

    /** What bounded throughput, from the closed-loop phase: did Capstan reconcile everything the API server answered? */
    private static String bound(List<Phase> phases, Settings settings) {
        for (Phase phase : phases) {
            if (phase.subject().equals("capstan") && phase.rate() == 0) {
                CpuMeter.Usage cpu = phase.cpu();
                double answered = phase.answeredInWindow() / cpu.seconds();
                double reconciled = phase.endsInWindow() / cpu.seconds();
                int never = phase.answered() - phase.ended();
                boolean keptUp = never == 0 && reconciled >= 0.98 * answered;
                Distribution queue = phase.distributions().get("stage-workqueue");
                return String.format(Locale.ROOT, "What bounds throughput: at `max` (%d writes in flight) the API server answered "
                                + "%,.0f writes/s, using %,.0f ms/s of CPU (etcd %,.0f); Capstan reconciled %,.0f/s%s, its informer and "
                                + "worker threads using %,.0f ms/s and the work-queue stage staying at p50 %.2f ms. %s",
                        settings.concurrency(), answered, cpu.pidMillisPerSecond("kube-apiserver"), cpu.pidMillisPerSecond("etcd"),
                        reconciled, never == 0 ? ", every answered write" : " (" + Reports.grouped(never) + " answered writes never reconciled)",
                        informerCpu(phase) + cpu.groupMillisPerSecond("workers"), queue.millis(0.5),
                        keptUp ? "**Throughput is bounded by the API server** (on two cores it shares with the client), not by Capstan."
                                : "**Capstan did not keep up** with the API server.");
            }
        }
        return "What bounds throughput: not judged (no `max` phase for `capstan`).";
    }

    /** A remark when workers wake up more than once per reconcile (the work queue's {@code signalAll}). */
    private static String wakeUpNote(List<Phase> phases, Settings settings) {
        for (Phase phase : phases) {
            if (phase.subject().equals("capstan") && phase.rate() > 0 && settings.workers() > 1 && workerWakeUps(phase) > 1.5) {
                return String.format(Locale.ROOT, "Worker wake-ups: at %,d writes/s the %d workers woke %.2f times per reconcile, "
                                + "where one (the hand-off of the key) suffices: when the last processing key is `done`, "
                                + "`DefaultWorkQueue.done` calls `signalAll`, which is meant for a waiting `shutDownWithDrain` but also "
                                + "wakes every idle worker, each of which finds the queue empty and parks again "
                                + "(`WorkQueueHandoff` reproduces it in process: wake-ups per key grow with the number of workers).",
                        phase.rate(), settings.workers(), workerWakeUps(phase));
            }
        }
        return "";
    }

    private static List<Reports.Figure> figures(List<Phase> phases, Settings settings) {
        List<Reports.Figure> figures = new ArrayList<>();
        for (Phase phase : phases) {
            String prefix = "rate-" + (phase.rate() > 0 ? String.valueOf(phase.rate()) : "max") + "-";
            for (Map.Entry<String, Distribution> entry : phase.distributions().entrySet()) {
                Distribution d = entry.getValue();
                String name = prefix + entry.getKey();
                figures.add(new Reports.Figure(BENCHMARK, phase.subject(), name + "-p50-ms", Reports.round(d.millis(0.5), 3), "ms"));
                figures.add(new Reports.Figure(BENCHMARK, phase.subject(), name + "-p90-ms", Reports.round(d.millis(0.9), 3), "ms"));
                figures.add(new Reports.Figure(BENCHMARK, phase.subject(), name + "-p99-ms", Reports.round(d.millis(0.99), 3), "ms"));
                figures.add(new Reports.Figure(BENCHMARK, phase.subject(), name + "-max-ms", Reports.round(d.maxMillis(), 3), "ms"));
            }
            CpuMeter.Usage cpu = phase.cpu();
            figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "answered-per-second",
                    Reports.round((double) phase.answeredInWindow() / settings.seconds(), 1), "writes/s"));
            figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "ends-per-second",
                    Reports.round(phase.endsInWindow() / cpu.seconds(), 1), "1/s"));
            figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "skipped-writes", (long) phase.skipped(), "writes"));
            figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "informer-cpu-ms-per-second",
                    Reports.round(informerCpu(phase), 1), "ms/s"));
            if (phase.subject().equals("capstan")) {
                figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "workers-cpu-ms-per-second",
                        Reports.round(cpu.groupMillisPerSecond("workers"), 1), "ms/s"));
                figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "worker-wakeups-per-reconcile",
                        Reports.round(workerWakeUps(phase), 2), "1"));
            }
            figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "jvm-cpu-ms-per-second",
                    Reports.round(cpu.processMillisPerSecond(), 1), "ms/s"));
            figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "apiserver-cpu-ms-per-second",
                    Reports.round(cpu.pidMillisPerSecond("kube-apiserver"), 1), "ms/s"));
            figures.add(new Reports.Figure(BENCHMARK, phase.subject(), prefix + "load-average",
                    Reports.round(phase.loadEnd(), 2), "load"));
        }
        return figures;
    }

    private static String offeredCell(int rate, Settings settings) {
        return rate > 0 ? Reports.grouped(rate) : "max (" + settings.concurrency() + " in flight)";
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "–" : String.format(Locale.ROOT, "%.2f", millis);
    }

    private static String cpu(double millisPerSecond) {
        return String.format(Locale.ROOT, "%,.0f", millisPerSecond);
    }

    private static String rate(int count, int seconds) {
        return String.format(Locale.ROOT, "%,.0f", (double) count / seconds);
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
                throw new IllegalArgumentException("usage: ReconcileLatency [--rates 100,1000,max] [--prewarm 30] [--warmup 10] [--seconds 30] "
                        + "[--keys 5000] [--workers 4] [--subjects capstan,fabric8] [--objects small|fixture] [--max-in-flight 256] "
                        + "[--concurrency 32] [--docs docs|none]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
