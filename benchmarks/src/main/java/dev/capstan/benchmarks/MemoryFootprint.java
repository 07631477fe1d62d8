package dev.capstan.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Retained heap per decoded object, for every {@link Library}, measured in one JVM on the same
 * JSON: N distinct Pods (with managedFields) and N distinct ~1 KiB ConfigMaps from
 * {@link Fixtures}.
 *
 * <p>For each library and kind it decodes all N objects into one list, has JOL walk the graph
 * reachable from the list ({@code GraphLayout.parseInstance(list).totalSize()}), subtracts the
 * list's own ArrayList and backing array, and divides by N. Objects shared between the N
 * (deduplicated strings, empty-collection singletons) count once, which is what a cache of N
 * objects holds. The {@code raw-floor} subject is the UTF-8 size of the JSON text itself,
 * {@code raw-floor-stripped} the same without {@code metadata.managedFields}.
 *
 * <p>Usage: {@code MemoryFootprint [--n 2000] [--docs docs] [--top 12]}. It prints the tables
 * and each library's largest classes, merges its figures into {@code <docs>/benchmarks.json}
 * and rewrites its section of {@code <docs>/benchmarks.md}. Run it through
 * {@code benchmarks/run.sh}, which passes the JVM flags the documented figures use.
 */
public final class MemoryFootprint {
    static final String BENCHMARK = "memory-footprint";
    /** The product goal: Capstan's default decode holds at most this fraction of fabric8's bytes per Pod. */
    static final double GOAL = 0.60;

    private MemoryFootprint() {}

    /** What one library costs for one kind. */
    private record Measurement(Library library, long bytesPerObject, Map<String, Long> topClasses) {
        String subject() {
            return library.subject();
        }
    }

    /** One kind of object and its results. */
    private record KindResult(String kind, String label, double jsonBytes, double strippedJsonBytes, double dataBytes,
                              List<Measurement> measurements) {
        Measurement of(Library library) {
            return measurements.stream().filter(m -> m.library() == library).findFirst().orElseThrow();
        }
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        int n = Integer.parseInt(options.getOrDefault("n", "2000"));
        Path docs = Path.of(options.getOrDefault("docs", "docs"));
        int top = Integer.parseInt(options.getOrDefault("top", "12"));

        System.out.println(VM.current().details());
        List<KindResult> results = List.of(
                measure("pod", "Pod (with managedFields)", Fixtures.pods(n), Library::decodePod, n, top),
                measure("configmap", "ConfigMap", Fixtures.configMaps(n), Library::decodeConfigMap, n, top));

        List<Reports.Figure> figures = new ArrayList<>();
        StringBuilder markdown = new StringBuilder();
        markdown.append("Produced by `").append(Reports.COMMAND).append("` (`MemoryFootprint --n ").append(n)
                .append("`, JVM flags `").append(String.join(" ", jvmFlags())).append("`) on ")
                .append(Reports.jdkDescription()).append(", ").append(Reports.today()).append(". N = ")
                .append(n).append(" distinct objects per kind; JOL ").append(layoutSummary()).append(".\n");
        for (KindResult result : results) {
            markdown.append("\n").append(table(result, figures));
            markdown.append("\n").append(histogram(result, Library.CAPSTAN));
        }
        Reports.mergeJson(docs.resolve("benchmarks.json"), figures);
        Reports.replaceSection(docs.resolve("benchmarks.md"), BENCHMARK, markdown.toString());
        System.out.println();
        System.out.println(markdown);
        System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmarks.json"));
    }

    private static KindResult measure(String kind, String label, List<String> jsons,
                                      BiFunction<Library, String, Object> decode, int n, int top) {
        double jsonBytes = Fixtures.meanUtf8Bytes(jsons);
        List<String> stripped = new ArrayList<>(n);
        for (String json : jsons) {
            stripped.add(Fixtures.withoutManagedFields(json));
        }
        double strippedJsonBytes = Fixtures.meanUtf8Bytes(stripped);
        List<Measurement> measurements = new ArrayList<>();
        for (Library library : Library.values()) {
            List<Object> decoded = new ArrayList<>(n);
            for (String json : jsons) {
                decoded.add(decode.apply(library, json));
            }
            measurements.add(retained(library, decoded, n, top));
            System.out.printf(Locale.ROOT, "%-10s %-24s %,8d bytes/object%n", kind, library.subject(),
                    measurements.get(measurements.size() - 1).bytesPerObject());
        }
        printTopClasses(kind, measurements);
        return new KindResult(kind, label, jsonBytes, strippedJsonBytes, Fixtures.meanDataBytes(jsons), measurements);
    }

    /** JOL's retained size of the list's contents, per object, with the largest classes per object. */
    private static Measurement retained(Library library, List<Object> decoded, int n, int top) {
        GraphLayout layout = GraphLayout.parseInstance(decoded);
        long listItself = VM.current().sizeOf(decoded);
        long backingArray = VM.current().sizeOf(new Object[n]);
        long total = layout.totalSize() - listItself - backingArray;

        Map<String, Long> classes = new LinkedHashMap<>();
        for (Class<?> type : layout.getClasses()) {
            long size = layout.getClassSizes().count(type);
            if (type == ArrayList.class) {
                size -= listItself;
            } else if (type == Object[].class) {
                size -= backingArray;
            }
            if (size > 0) {
                classes.put(type.getName(), size);
            }
        }
        Map<String, Long> largest = new LinkedHashMap<>();
        classes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top)
                .filter(e -> Math.round((double) e.getValue() / n) > 0)
                .forEach(e -> largest.put(e.getKey(), Math.round((double) e.getValue() / n)));
        return new Measurement(library, Math.round((double) total / n), largest);
    }

    private static String table(KindResult result, List<Reports.Figure> figures) {
        String kind = result.kind();
        long json = Math.round(result.jsonBytes());
        long strippedJson = Math.round(result.strippedJsonBytes());
        double fabric8 = result.of(Library.FABRIC8).bytesPerObject();
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : result.measurements()) {
            double toFabric8 = m.bytesPerObject() / fabric8;
            double toJson = (double) m.bytesPerObject() / json;
            rows.add(List.of("`" + m.subject() + "`", m.library().managedFields(), Reports.grouped(m.bytesPerObject()),
                    Reports.times(toFabric8), Reports.times(toJson)));
            figures.add(new Reports.Figure(BENCHMARK, m.subject(), kind + "-bytes-per-object", m.bytesPerObject(), "bytes"));
            figures.add(new Reports.Figure(BENCHMARK, m.subject(), kind + "-ratio-to-fabric8", Reports.round(toFabric8, 3), "ratio"));
            figures.add(new Reports.Figure(BENCHMARK, m.subject(), kind + "-ratio-to-json", Reports.round(toJson, 3), "ratio"));
        }
        rows.add(List.of("`raw-floor` (UTF-8 JSON text)", "kept", Reports.grouped(json), Reports.times(json / fabric8),
                Reports.times(1.0)));
        rows.add(List.of("`raw-floor-stripped` (UTF-8 JSON text)", "removed", Reports.grouped(strippedJson),
                Reports.times(strippedJson / fabric8), Reports.times((double) strippedJson / json)));
        figures.add(new Reports.Figure(BENCHMARK, "raw-floor", kind + "-bytes-per-object", json, "bytes"));
        figures.add(new Reports.Figure(BENCHMARK, "raw-floor-stripped", kind + "-bytes-per-object", strippedJson, "bytes"));
        String label = kind.equals("configmap")
                ? result.label() + " (" + Reports.grouped(Math.round(result.dataBytes())) + " bytes of data on average)"
                : result.label();
        return "**" + label + "**, retained bytes per object\n\n"
                + Reports.table(List.of("subject", "managedFields", "bytes/object", "ratio to fabric8", "ratio to JSON"), 2, rows)
                + (kind.equals("pod") ? goal(result) : "");
    }

    /** The product goal for the Pod, judged: {@code capstan} at most {@value #GOAL}× {@code fabric8}. */
    private static String goal(KindResult pod) {
        double ratio = (double) pod.of(Library.CAPSTAN).bytesPerObject() / pod.of(Library.FABRIC8).bytesPerObject();
        return "\nGoal `capstan` ≤ " + String.format(java.util.Locale.ROOT, "%.2f", GOAL) + "× `fabric8` per Pod: " + (ratio <= GOAL ? "**met**" : "**not met**")
                + " (" + Reports.times(ratio) + ").\n";
    }

    private static String histogram(KindResult result, Library library) {
        String subject = library.subject();
        List<List<String>> rows = new ArrayList<>();
        result.of(library).topClasses().forEach((type, bytes) -> rows.add(List.of("`" + type + "`", Reports.grouped(bytes))));
        return "Largest classes in `" + subject + "`'s " + result.kind() + " graph (JOL, bytes per object):\n\n"
                + Reports.table(List.of("class", "bytes/object"), 1, rows);
    }

    private static void printTopClasses(String kind, List<Measurement> measurements) {
        for (Measurement m : measurements) {
            System.out.println();
            System.out.println("Largest classes, " + kind + ", " + m.subject() + " (bytes per object):");
            m.topClasses().forEach((type, bytes) -> System.out.printf(Locale.ROOT, "  %,8d  %s%n", bytes, type));
        }
        System.out.println();
    }

    private static String layoutSummary() {
        int header = VM.current().objectHeaderSize();
        long reference = (VM.current().sizeOf(new Object[4]) - VM.current().sizeOf(new Object[0])) / 4;
        return "layout: " + header + "-byte object headers, " + reference + "-byte references, "
                + VM.current().objectAlignment() + "-byte alignment";
    }

    private static List<String> jvmFlags() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("-X") || flag.startsWith("-XX"))
                .toList();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: MemoryFootprint [--n 2000] [--docs docs] [--top 12]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
