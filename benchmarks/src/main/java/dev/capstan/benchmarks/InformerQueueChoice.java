package dev.capstan.benchmarks;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ListMeta;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ObjectList;
import dev.capstan.client.WatchEvent;
import dev.capstan.client.WatchOptions;
import dev.capstan.informer.DeletedObject;
import dev.capstan.informer.InformerOptions;
import dev.capstan.informer.ListerWatcher;
import dev.capstan.informer.ReflectorOptions;
import dev.capstan.informer.ResourceEventHandler;
import dev.capstan.informer.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Which queue should sit between reflector and cache by default: the in-order FIFO (client-go's
 * RealFIFO with atomic relist) or the DeltaFIFO? Measured in-process, without a server, so only
 * the informer's own costs count: a scripted lister-watcher hands the informer
 * <ol>
 *   <li>an initial list of N ConfigMaps (time to synced, with one handler counting adds);</li>
 *   <li>N watch updates, one per object (time until the cache holds every new version);</li>
 *   <li>a relist of the N objects, half of them changed (time until the cache holds them).</li>
 * </ol>
 * Each phase reports wall time and the bytes allocated by all threads. The reflector's backoff is
 * set to 1 ms so the relist phase measures the relist, not client-go's wait before it. Every configuration runs
 * {@code rounds} times in this JVM after one warm-up round; the median is reported.
 *
 * <p>Usage: {@code InformerQueueChoice --n 100000 --rounds 5 --docs docs}
 */
public final class InformerQueueChoice {
    private static final String BENCHMARK = "informer-queue";

    private InformerQueueChoice() {}

    public static void main(String[] args) throws Exception {
        int n = 100_000;
        int rounds = 5;
        Path docs = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--docs" -> docs = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use --n, --rounds, --docs");
            }
        }
        ThreadMeter.enable();
        List<ConfigMap> initial = objects(n, 1);
        List<ConfigMap> updates = objects(n, 2);
        List<ConfigMap> relist = new ArrayList<>(updates);
        for (int i = 0; i < n; i += 2) {
            relist.set(i, objects(1, 3, i).get(0));
        }
        List<List<String>> rows = new ArrayList<>();
        List<Reports.Figure> figures = new ArrayList<>();
        for (InformerOptions.QueueKind kind : InformerOptions.QueueKind.values()) {
            run(kind, initial, updates, relist); // warm-up
            long[][] samples = new long[6][rounds];
            for (int r = 0; r < rounds; r++) {
                long[] result = run(kind, initial, updates, relist);
                for (int m = 0; m < 6; m++) {
                    samples[m][r] = result[m];
                }
            }
            long[] median = new long[6];
            for (int m = 0; m < 6; m++) {
                Arrays.sort(samples[m]);
                median[m] = samples[m][rounds / 2];
            }
            String subject = kind.name().toLowerCase().replace('_', '-');
            String[] phases = {"initial list", "watch updates", "relist (half changed)"};
            for (int p = 0; p < 3; p++) {
                double ms = median[2 * p] / 1e6;
                double bytesPerObject = (double) median[2 * p + 1] / n;
                rows.add(List.of(phases[p], subject, String.format("%.0f", ms), String.format("%.0f", n / (ms / 1000)),
                        String.format("%.0f", bytesPerObject)));
                figures.add(new Reports.Figure(BENCHMARK, subject + " " + phases[p], "wall time", Reports.round(ms, 1), "ms"));
                figures.add(new Reports.Figure(BENCHMARK, subject + " " + phases[p], "allocated per object",
                        Reports.round(bytesPerObject, 0), "bytes"));
            }
            System.out.printf("%s: list %.0f ms, updates %.0f ms, relist %.0f ms%n", subject, median[0] / 1e6, median[2] / 1e6,
                    median[4] / 1e6);
        }
        String table = Reports.table(List.of("phase", "queue", "ms", "objects/s", "bytes allocated per object"), 2, rows);
        System.out.println(table);
        if (docs != null) {
            String markdown = "Produced by `" + Reports.COMMAND + "` (" + n + " ConfigMaps, in-process scripted list/watch, median of "
                    + rounds + " rounds after a warm-up) on " + Reports.jdkDescription() + ", " + Reports.today() + ", "
                    + Reports.machine() + ".\n\n" + table;
            Reports.mergeJson(docs.resolve("benchmarks.json"), figures);
            Reports.replaceSection(docs.resolve("benchmarks.md"), BENCHMARK, markdown);
        }
    }

    /** One informer through the three phases: {wall, allocated} per phase. */
    private static long[] run(InformerOptions.QueueKind kind, List<ConfigMap> initial, List<ConfigMap> updates,
            List<ConfigMap> relist) throws Exception {
        Scripted source = new Scripted();
        source.nextList = ObjectListOf(initial, "1");
        long[] result = new long[6];
        AtomicLong notifications = new AtomicLong();
        try (SharedIndexInformer<ConfigMap> informer = SharedIndexInformer.create(source, InformerOptions.defaults().withQueue(kind)
                .withReflector(ReflectorOptions.defaults().withStreamingList(false)
                        // the relist after the 410 would otherwise wait client-go's 800 ms backoff first
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(1))))) {
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap object, boolean initialList) {
                    notifications.incrementAndGet();
                }

                @Override
                public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
                    notifications.incrementAndGet();
                }

                @Override
                public void onDelete(DeletedObject<ConfigMap> deleted) {
                    notifications.incrementAndGet();
                }
            });
            ThreadMeter.Snapshot before = ThreadMeter.snapshot();
            long start = System.nanoTime();
            informer.start();
            if (!informer.waitForSync(Duration.ofMinutes(5))) {
                throw new IllegalStateException(kind + ": no sync");
            }
            awaitCount(notifications, initial.size());
            result[0] = System.nanoTime() - start;
            result[1] = ThreadMeter.since(before).allocatedBytes();

            Sinks.Many<WatchEvent<ConfigMap>> watch = source.watches.poll(1, TimeUnit.MINUTES);
            before = ThreadMeter.snapshot();
            start = System.nanoTime();
            for (ConfigMap update : updates) {
                watch.emitNext(new WatchEvent.Modified<>(update), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
            }
            awaitVersion(informer, updates.get(updates.size() - 1), "2");
            awaitAll(informer, updates);
            result[2] = System.nanoTime() - start;
            result[3] = ThreadMeter.since(before).allocatedBytes();

            source.nextList = ObjectListOf(relist, "3");
            before = ThreadMeter.snapshot();
            start = System.nanoTime();
            watch.emitNext(new WatchEvent.Error<>(dev.capstan.api.meta.v1.Status.builder().code(410).reason("Expired").build()),
                    Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
            awaitAll(informer, relist);
            result[4] = System.nanoTime() - start;
            result[5] = ThreadMeter.since(before).allocatedBytes();
        }
        return result;
    }

    private static void awaitCount(AtomicLong counter, long expected) throws InterruptedException {
        while (counter.get() < expected) {
            TimeUnit.MICROSECONDS.sleep(200);
        }
    }

    private static void awaitVersion(SharedIndexInformer<ConfigMap> informer, ConfigMap last, String generation)
            throws InterruptedException {
        String key = last.metadata().namespace() + "/" + last.metadata().name();
        while (true) {
            ConfigMap cached = informer.indexer().getByKey(key);
            if (cached != null && cached.metadata().resourceVersion().equals(last.metadata().resourceVersion())) {
                return;
            }
            TimeUnit.MICROSECONDS.sleep(200);
        }
    }

    private static void awaitAll(SharedIndexInformer<ConfigMap> informer, List<ConfigMap> expected) throws InterruptedException {
        for (ConfigMap object : expected) {
            String key = object.metadata().namespace() + "/" + object.metadata().name();
            while (true) {
                ConfigMap cached = informer.indexer().getByKey(key);
                if (cached != null && cached.metadata().resourceVersion().equals(object.metadata().resourceVersion())) {
                    break;
                }
                TimeUnit.MICROSECONDS.sleep(200);
            }
        }
    }

    private static ObjectList<ConfigMap> ObjectListOf(List<ConfigMap> items, String resourceVersion) {
        return new ObjectList<>("v1", "ConfigMapList", ListMeta.builder().resourceVersion(resourceVersion).build(), items, null);
    }

    private static List<ConfigMap> objects(int n, int generation) {
        List<ConfigMap> objects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            objects.add(objects(1, generation, i).get(0));
        }
        return objects;
    }

    private static List<ConfigMap> objects(int count, int generation, int index) {
        return List.of(ConfigMap.builder()
                .metadata(ObjectMeta.builder().namespace("bench").name("cm-" + index)
                        .resourceVersion(Long.toString(generation * 10_000_000L + index))
                        .labels(Map.of("app", "bench", "shard", Integer.toString(index % 16))).build())
                .data(Map.of("key", "value-" + generation + "-" + index))
                .build());
    }

    /** Answers lists from {@link #nextList} and hands each watch's sink to the benchmark. */
    private static final class Scripted implements ListerWatcher<ConfigMap> {
        volatile ObjectList<ConfigMap> nextList;
        final java.util.concurrent.BlockingQueue<Sinks.Many<WatchEvent<ConfigMap>>> watches =
                new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public ObjectList<ConfigMap> list(ListOptions options) {
            return nextList;
        }

        @Override
        public Flux<WatchEvent<ConfigMap>> watch(WatchOptions options) {
            Sinks.Many<WatchEvent<ConfigMap>> sink = Sinks.many().unicast().onBackpressureBuffer();
            watches.add(sink);
            return sink.asFlux();
        }

        @Override
        public String description() {
            return "configmaps (scripted, in-process)";
        }
    }
}
