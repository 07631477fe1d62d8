package dev.capstan.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes benchmark figures to {@code docs/benchmarks.json} and result tables into
 * {@code docs/benchmarks.md}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@code benchmarks.json} is a JSON array of records {@code {"benchmark", "subject",
 *       "metric", "value", "unit", "jdk", "date"}}, one per line. {@link #mergeJson} replaces
 *       the records with the same benchmark, subject and metric in place, appends new ones, and
 *       keeps all others, so each benchmark updates only its own figures.</li>
 *   <li>In {@code benchmarks.md} each benchmark owns the text between
 *       {@code <!-- BEGIN GENERATED id -->} and {@code <!-- END GENERATED id -->};
 *       {@link #replaceSection} rewrites only that, and appends the markers at the end of the
 *       file when they are missing. Everything outside the markers is hand-written.</li>
 * </ul>
 */
final class Reports {
    /** The command documented as the way to produce every figure. */
    static final String COMMAND = "benchmarks/run.sh";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Reports() {}

    /** One figure: {@code value} is a {@link Long} for counts and bytes, a {@link Double} otherwise. */
    record Figure(String benchmark, String subject, String metric, Number value, String unit) {}

    /** The running JDK, as recorded with each figure ({@code 17.0.15+6-Debian-1deb12u1}). */
    static String jdk() {
        return System.getProperty("java.runtime.version");
    }

    /** A longer JDK description for the markdown ({@code OpenJDK 64-Bit Server VM 17.0.15+6…}). */
    static String jdkDescription() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vm.vendor") + ")";
    }

    /**
     * Cores and the 1-minute load average when this report was written, so a reader can tell a
     * run on a busy machine: {@code 2 cores, load 0.35}.
     */
    static String machine() {
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return Runtime.getRuntime().availableProcessors() + " cores, load average "
                + (load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load)) + " at the end of the run";
    }

    /** Today in UTC, ISO format. */
    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    /** Merges {@code figures} into the JSON file (created when missing), stamping each with JDK and date. */
    static void mergeJson(Path file, List<Figure> figures) {
        String jdk = jdk();
        String date = today();
        Map<String, String> records = new LinkedHashMap<>();
        try {
            if (Files.exists(file)) {
                JsonNode existing = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
                if (!existing.isArray()) {
                    throw new IllegalStateException(file + " is not a JSON array");
                }
                for (JsonNode record : existing) {
                    records.put(key(record.path("benchmark").asString(), record.path("subject").asString(),
                            record.path("metric").asString()), JSON.writeValueAsString(record));
                }
            }
            for (Figure figure : figures) {
                ObjectNode record = JSON.createObjectNode();
                record.put("benchmark", figure.benchmark());
                record.put("subject", figure.subject());
                record.put("metric", figure.metric());
                if (figure.value() instanceof Long whole) {
                    record.put("value", whole);
                } else {
                    record.put("value", figure.value().doubleValue());
                }
                record.put("unit", figure.unit());
                record.put("jdk", jdk);
                record.put("date", date);
                records.put(key(figure.benchmark(), figure.subject(), figure.metric()), JSON.writeValueAsString(record));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "[\n  " + String.join(",\n  ", records.values()) + "\n]\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the generated section {@code id} of the markdown file with {@code body}. */
    static void replaceSection(Path markdown, String id, String body) {
        String begin = "<!-- BEGIN GENERATED " + id + " -->";
        String end = "<!-- END GENERATED " + id + " -->";
        String section = begin + "\n" + (body.endsWith("\n") ? body : body + "\n") + end;
        try {
            String text = Files.exists(markdown) ? Files.readString(markdown, StandardCharsets.UTF_8) : "";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            String updated;
            if (from >= 0 && to > from) {
                updated = text.substring(0, from) + section + text.substring(to + end.length());
            } else {
                updated = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + section + "\n";
            }
            Files.createDirectories(markdown.toAbsolutePath().getParent());
            Files.writeString(markdown, updated, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A markdown table; {@code rows} hold already formatted cells. The first {@code textColumns}
     * columns are left-aligned, the rest (figures) right-aligned.
     */
    static String table(List<String> header, int textColumns, List<List<String>> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("| " + String.join(" | ", header) + " |");
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < header.size(); i++) {
            rule.append(i < textColumns ? "---|" : "---:|");
        }
        lines.add(rule.toString());
        for (List<String> row : rows) {
            lines.add("| " + String.join(" | ", row) + " |");
        }
        return String.join("\n", lines) + "\n";
    }

    /** {@code 12345} as {@code 12,345}. */
    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A ratio with two decimals and a trailing ×. */
    static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /** A value rounded to {@code decimals}. */
    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static String key(String benchmark, String subject, String metric) {
        return benchmark + '\u0000' + subject + '\u0000' + metric;
    }
}
