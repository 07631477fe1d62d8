package dev.capstan.reliability;

import dev.capstan.testing.invariant.InvariantChecker;
import dev.capstan.testing.invariant.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One row of the reliability results table, printed by every scenario and, when the system
 * property {@code capstan.reliability.report} names a file, appended to it as a Markdown table
 * row (the header is written when the file is new). See docs/reliability.md.
 */
public record Results(String scenario, String faults, long written, long delivered, long lost, Duration detect, Duration recover,
        long relists, long duplicates, long uidChanges) {

    static final String HEADER = "| scenario | faults injected | events written | events delivered | objects lost | time to detect | time to recover | relists | duplicate deliveries | deletions seen only as a uid change |\n"
            + "|---|---|---|---|---|---|---|---|---|---|\n";
    private static final Set<String> LOSS = Set.of("cache equals a fresh list", "final state delivered", "every deletion delivered",
            "every write delivered");

    /** Objects lost according to the checker's violations: keys whose final state, a write or a deletion never arrived. */
    static long lost(List<Violation> violations) {
        return violations.stream().filter(v -> LOSS.contains(v.invariant())).map(Violation::subject).distinct().count();
    }

    static Results of(String scenario, String faults, Scenario s, InvariantChecker.Verification verification, Duration detect,
            Duration recover) {
        InvariantChecker.Stats stats = s.checker.stats(Scenario.OBSERVER);
        return new Results(scenario, faults, stats.writes(), stats.deliveries(), lost(verification.violations()), detect, recover,
                s.informer.status().relists(), stats.duplicates(), verification.tolerated());
    }

    String row() {
        return "| " + scenario + " | " + faults + " | " + written + " | " + delivered + " | " + lost + " | " + seconds(detect) + " | "
                + seconds(recover) + " | " + relists + " | " + duplicates + " | " + uidChanges + " |";
    }

    /** Prints the row and appends it to the report file, if one is configured. */
    public Results publish() {
        System.out.println("capstan reliability: " + row());
        String file = System.getProperty("capstan.reliability.report", "");
        if (!file.isBlank()) {
            Path path = Path.of(file);
            try {
                synchronized (Results.class) {
                    if (path.getParent() != null) {
                        Files.createDirectories(path.getParent());
                    }
                    if (!Files.exists(path)) {
                        Files.writeString(path, HEADER, StandardCharsets.UTF_8);
                    }
                    Files.writeString(path, row() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    private static String seconds(Duration d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
