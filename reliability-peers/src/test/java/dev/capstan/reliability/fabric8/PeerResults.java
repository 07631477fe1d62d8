package dev.capstan.reliability.fabric8;

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
 * One row of the fabric8 column: the columns of Capstan's reliability table plus the outcome
 * (what fabric8 did, in words). Printed as {@code capstan reliability fabric8: | … |} and, when
 * the system property {@code capstan.reliability.peers.report} names a file, appended to it as a
 * Markdown row (header written when the file is new). {@code reliability-peers/run.sh} merges it
 * with Capstan's table. Times are text: a duration, {@code n/a}, or a bound that was not met.
 */
record PeerResults(String scenario, String faults, long written, long delivered, long lost, String detect, String recover,
        long relists, long duplicates, long uidChanges, String outcome) {

    static final String HEADER = "| scenario | faults injected | events written | events delivered | objects lost | time to detect | time to recover | relists | duplicate deliveries | deletions seen only as a uid change | outcome |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|\n";
    /** The invariants whose violations mean an object's state never reached the informer (as in Capstan's Results). */
    private static final Set<String> LOSS = Set.of("cache equals a fresh list", "final state delivered", "every deletion delivered",
            "every write delivered");

    /** Objects lost: distinct keys whose final state, a write or a deletion never arrived. */
    static long lost(List<Violation> violations) {
        return violations.stream().filter(v -> LOSS.contains(v.invariant())).map(Violation::subject).distinct().count();
    }

    /** A row for the scenario's informers together (deliveries and duplicates summed over them). */
    static PeerResults of(String scenario, String faults, PeerScenario s, List<InvariantChecker.Verification> verifications,
            String detect, String recover, String outcome) {
        long delivered = 0;
        long duplicates = 0;
        for (PeerInformer informer : s.informers()) {
            InvariantChecker.Stats stats = s.checker.stats(informer.observer());
            delivered += stats.deliveries();
            duplicates += stats.duplicates();
        }
        long lost = verifications.stream().mapToLong(v -> lost(v.violations())).sum();
        long tolerated = verifications.stream().mapToLong(InvariantChecker.Verification::tolerated).sum();
        return new PeerResults(scenario, faults, s.checker.writes().size(), delivered, lost, detect, recover, s.relists(), duplicates,
                tolerated, outcome);
    }

    static String seconds(Duration d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static String since(long startNanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    String row() {
        return "| " + scenario + " | " + faults + " | " + written + " | " + delivered + " | " + lost + " | " + detect + " | " + recover
                + " | " + relists + " | " + duplicates + " | " + uidChanges + " | " + outcome + " |";
    }

    /** Prints the row and appends it to the report file, if one is configured. */
    PeerResults publish() {
        System.out.println("capstan reliability fabric8: " + row());
        String file = System.getProperty("capstan.reliability.peers.report", "");
        if (!file.isBlank()) {
            Path path = Path.of(file);
            try {
                synchronized (PeerResults.class) {
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
}
