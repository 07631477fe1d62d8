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
 * Turns the JSON result of a {@link WorkQueueThroughput} JMH run into the workqueue section of
 * {@code docs/benchmarks.md} and figures in {@code docs/benchmarks.json}.
 *
 * <p>Usage: {@code WorkQueueThroughputReport --results target/jmh-workqueue.json [--docs docs]}.
 */
public final class WorkQueueThroughputReport {
    static final String BENCHMARK = "workqueue-throughput";

    private WorkQueueThroughputReport() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path results = Path.of(options.getOrDefault("results", "benchmarks/target/jmh-workqueue.json"));
        Path docs = Path.of(options.getOrDefault("docs", "docs"));
        JsonNode runs = JsonMapper.builder().build().readTree(Files.readString(results, StandardCharsets.UTF_8));
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            String method = run.path("benchmark").asString().replaceFirst(".*\\.", "");
            JsonNode primary = run.path("primaryMetric");
            scores.put(method, new double[] {primary.path("score").asDouble(), primary.path("scoreError").asDouble()});
        }
        List<Reports.Figure> figures = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        String[][] table = {
            {"add + get + done", "capstanAddGetDone", "capstan", "add-get-done-per-second"},
            {"add + get + done", "kubernetesClientJavaAddGetDone", "kubernetes-client-java", "add-get-done-per-second"},
            {"addAfter (1 h ahead)", "capstanAddAfter", "capstan", "add-after-per-second"},
            {"addAfter (1 h ahead)", "kubernetesClientJavaAddAfter", "kubernetes-client-java", "add-after-per-second"},
        };
        for (String[] row : table) {
            double[] score = scores.get(row[1]);
            if (score == null) {
                continue;
            }
            rows.add(List.of(row[0], "`" + row[2] + "`", String.format(Locale.ROOT, "%,.0f ± %,.0f", score[0], score[1])));
            figures.add(new Reports.Figure(BENCHMARK, row[2], row[3], Reports.round(score[0], 1), "operations/s"));
        }
        double[] capstan = scores.get("capstanAddGetDone");
        String goal = capstan == null ? "" : "\n\nGoal: at least 1,000,000 add+get+done per second on one thread for `capstan`: **"
                + (capstan[0] >= 1_000_000 ? "met" : "not met") + String.format(Locale.ROOT, "** (%,.0f/s).", capstan[0]);
        String markdown = "Produced by `" + Reports.COMMAND + "` (JMH, 1 fork, 1 thread, 3 × 1 s warm-up, 5 × 1 s measurement) on "
                + Reports.jdkDescription() + ", " + Reports.today() + ", " + Reports.machine() + ". ± is JMH's 99.9% confidence"
                + " half-width. Keys cycle through " + WorkQueueThroughput.KEYS + " distinct `namespace/name` strings.\n\n"
                + Reports.table(List.of("operation", "subject", "operations/s"), 2, rows) + goal;
        Reports.mergeJson(docs.resolve("benchmarks.json"), figures);
        Reports.replaceSection(docs.resolve("benchmarks.md"), BENCHMARK, markdown);
        System.out.println(markdown);
    }
}
