package dev.capstan.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records each candidate's terms on the real clock — from the moment {@code onStartedLeading} is
 * entered until {@code onStoppedLeading} returns, the whole time work may run — and checks that no
 * two overlap.
 */
final class LeadershipTerms {

    /** One term; {@code end} is {@link Long#MAX_VALUE} while it lasts. */
    record Term(String identity, long start, long end) {
        boolean open() {
            return end == Long.MAX_VALUE;
        }
    }

    private final List<Term> closed = new ArrayList<>();
    private final Map<String, Long> open = new HashMap<>();

    /** Callbacks that record into this log under {@code identity}. */
    LeaderCallbacks callbacks(String identity) {
        return new LeaderCallbacks() {
            @Override
            public void onStartedLeading() {
                started(identity);
            }

            @Override
            public void onStoppedLeading() {
                stopped(identity);
            }
        };
    }

    synchronized void started(String identity) {
        if (open.putIfAbsent(identity, System.nanoTime()) != null) {
            throw new AssertionError(identity + " started leading twice without stopping");
        }
    }

    synchronized void stopped(String identity) {
        Long start = open.remove(identity);
        if (start == null) {
            throw new AssertionError(identity + " stopped leading without having started");
        }
        closed.add(new Term(identity, start, System.nanoTime()));
    }

    synchronized List<Term> all() {
        List<Term> terms = new ArrayList<>(closed);
        open.forEach((identity, start) -> terms.add(new Term(identity, start, Long.MAX_VALUE)));
        terms.sort(Comparator.comparingLong(Term::start));
        return terms;
    }

    /** The identities leading now. */
    synchronized List<String> leading() {
        return List.copyOf(open.keySet());
    }

    synchronized long count(String identity) {
        return all().stream().filter(term -> term.identity().equals(identity)).count();
    }

    /** The last closed term of {@code identity}. */
    synchronized Term lastClosed(String identity) {
        return closed.stream().filter(term -> term.identity().equals(identity)).reduce((a, b) -> b).orElseThrow();
    }

    /** The last term (open or closed) of {@code identity}. */
    synchronized Term last(String identity) {
        return all().stream().filter(term -> term.identity().equals(identity)).reduce((a, b) -> b).orElseThrow();
    }

    /** Asserts that each term starts after the previous one ended. */
    void assertNoOverlap() {
        List<Term> terms = all();
        for (int i = 1; i < terms.size(); i++) {
            Term previous = terms.get(i - 1);
            Term next = terms.get(i);
            assertThat(next.start())
                    .as("%s started leading %s ms before %s stopped (terms %s)", next.identity(),
                            previous.open() ? "∞" : (previous.end() - next.start()) / 1_000_000, previous.identity(), terms)
                    .isGreaterThan(previous.end());
        }
    }
}
