package dev.capstan.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the JSON result file of a {@link DecodeThroughput} JMH run into figures in
 * {@code docs/benchmarks.json} and the decode-throughput section of {@code docs/benchmarks.md}.
 *
 * <p>Usage: {@code DecodeThroughputReport --results target/jmh-decode.json [--docs docs]}.
 * MB/s is objects/s times the mean UTF-8 size of the decoded Pods' JSON.
 */
public final class DecodeThroughputReport {
    static final String BENCHMARK = "decode-throughput";

    /** JMH method name to report subject, in table order. */
    private static final Map<String, String> SUBJECTS = new LinkedHashMap<>();

    static {
        SUBJECTS.put("capstan", Library.CAPSTAN.subject());
        SUBJECTS.put("capstanCache", Library.CAPSTAN_CACHE.subject());
        SUBJECTS.put("fabric8", Library.FABRIC8.subject());
        SUBJECTS.put("kubernetesClientJava", Library.KUBERNETES_CLIENT_JAVA.subject());
        SUBJECTS.put("rawFloor", "raw-floor");
    }

    private DecodeThroughputReport() {}

    /** {@code allocated} is bytes allocated per operation, or NaN without JMH's gc profiler. */
    private record Score(String subject, double perSecond, double error, double allocated) {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path results = Path.of(options.getOrDefault("results", "benchmarks/target/jmh-decode.json"));
        Path docs = Path.of(options.getOrDefault("docs", "docs"));
        JsonNode runs = JsonMapper.builder().build().readTree(Files.readString(results, StandardCharsets.UTF_8));
        if (!runs.isArray() || runs.isEmpty()) {
            throw new IllegalStateException(results + " holds no JMH results");
        }

        Map<String, Score> scores = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            String method = run.path("benchmark").asString().replaceFirst(".*\\.", "");
            String subject = SUBJECTS.get(method);
            if (subject == null) {
                continue;
            }
            JsonNode primary = run.path("primaryMetric");
            if (!"ops/s".equals(primary.path("scoreUnit").asString())) {
                throw new IllegalStateException("expected ops/s, got " + primary.path("scoreUnit").asString());
            }
            JsonNode allocation = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
            double allocated = allocation.isMissingNode() ? Double.NaN : allocation.path("score").asDouble();
            scores.put(method, new Score(subject, primary.path("score").asDouble(), primary.path("scoreError").asDouble(), allocated));
        }
        Score fabric8 = scores.get("fabric8");
        double meanBytes = Fixtures.meanUtf8Bytes(DecodeThroughput.pods());

        List<Reports.Figure> figures = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (String method : SUBJECTS.keySet()) {
            Score score = scores.get(method);
            if (score == null) {
                continue;
            }
            double megabytes = score.perSecond() * meanBytes / 1_000_000;
            String ratio = fabric8 == null ? "–" : Reports.times(score.perSecond() / fabric8.perSecond());
            rows.add(List.of("`" + score.subject() + "`",
                    String.format(Locale.ROOT, "%,.0f ± %,.0f", score.perSecond(), score.error()),
                    String.format(Locale.ROOT, "%.1f", megabytes), ratio,
                    Double.isNaN(score.allocated()) ? "–" : Reports.grouped(Math.round(score.allocated()))));
            figures.add(new Reports.Figure(BENCHMARK, score.subject(), "pod-objects-per-second", Reports.round(score.perSecond(), 1), "objects/s"));
            figures.add(new Reports.Figure(BENCHMARK, score.subject(), "pod-objects-per-second-error", Reports.round(score.error(), 1), "objects/s"));
            figures.add(new Reports.Figure(BENCHMARK, score.subject(), "pod-megabytes-per-second", Reports.round(megabytes, 2), "MB/s"));
            if (!Double.isNaN(score.allocated())) {
                figures.add(new Reports.Figure(BENCHMARK, score.subject(), "pod-allocated-bytes-per-object",
                        Math.round(score.allocated()), "bytes"));
            }
            if (fabric8 != null) {
                figures.add(new Reports.Figure(BENCHMARK, score.subject(), "pod-ratio-to-fabric8",
                        Reports.round(score.perSecond() / fabric8.perSecond(), 3), "ratio"));
            }
        }

        JsonNode first = runs.get(0);
        String settings = String.format(Locale.ROOT, "JMH %s, %d fork, %d thread, %d × %s warm-up, %d × %s measurement, fork JVM flags `%s`",
                first.path("jmhVersion").asString(), first.path("forks").asInt(), first.path("threads").asInt(),
                first.path("warmupIterations").asInt(), first.path("warmupTime").asString(),
                first.path("measurementIterations").asInt(), first.path("measurementTime").asString(),
                String.join(" ", toStrings(first.path("jvmArgs"))));
        String markdown = "Produced by `" + Reports.COMMAND + "` (" + settings + ") on " + Reports.jdkDescription() + ", "
                + Reports.today() + ", " + Reports.machine() + ". Each operation decodes one of " + DecodeThroughput.DISTINCT
                + " distinct Pods with managedFields, mean " + Reports.grouped(Math.round(meanBytes))
                + " bytes of JSON; ± is JMH's 99.9% confidence half-width; allocated bytes come from JMH's gc profiler"
                + " (`gc.alloc.rate.norm`) and do not depend on machine load.\n\n"
                + Reports.table(List.of("subject", "Pods/s", "MB/s", "ratio to fabric8", "allocated bytes/Pod"), 1, rows);
        Reports.mergeJson(docs.resolve("benchmarks.json"), figures);
        Reports.replaceSection(docs.resolve("benchmarks.md"), BENCHMARK, markdown);
        System.out.println(markdown);
        System.out.println("wrote " + docs.resolve("benchmarks.md") + " and " + docs.resolve("benchmarks.json"));
    }

    private static List<String> toStrings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(node.asString()));
        return strings;
    }
}
