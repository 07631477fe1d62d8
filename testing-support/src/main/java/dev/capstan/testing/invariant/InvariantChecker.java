package dev.capstan.testing.invariant;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records every handler delivery, every reconcile and every write of a reliability test, and
 * checks the invariants an informer and a controller must keep under faults.
 *
 * <pre>{@code
 * InvariantChecker checker = InvariantChecker.create();
 * informer.addEventHandler(...onAdd(o)  -> checker.delivered("informer", Delivery.Type.ADD, key(o), uid(o), rv(o), false)...);
 * ConfigMap created = client.create(...);
 * checker.wrote(Write.Type.CREATE, key(created), uid(created), rv(created));
 * ...
 * checker.verify()
 *        .cacheEqualsFreshList("informer", cacheKeyToRv, freshListKeyToRv)
 *        .finalStatesDelivered("informer", freshListKeyToRv)
 *        .bounded("relists", informer.status().relists(), 0, 1)
 *        .assertNoViolations();   // AssertionError listing every violation
 * }</pre>
 *
 * <h2>Invariants</h2> Always checked by {@link #verify()}:
 * <ul>
 *   <li><b>resourceVersion never goes backwards</b>, per observer and key: each delivery's
 *       resourceVersion is at least the previous one's. ResourceVersions are compared as
 *       numbers. Kubernetes calls them opaque; that they are etcd revisions, increasing across
 *       the whole cluster, is an implementation detail of etcd-backed API servers, which this
 *       checker relies on.</li>
 *   <li><b>no key reconciled concurrently</b>, across all managers.</li>
 *   <li><b>leadership intervals never overlap</b> between different identities.</li>
 * </ul>
 * Checked when asked, through the {@link Verification}: the cache equals a fresh list; every
 * final state (and every write) was delivered; every deletion of an object an observer had
 * seen reached it (possibly as final-state-unknown); counts (relists, reconnects) within bounds.
 *
 * <h2>Thread safety</h2> Recording methods are safe for concurrent use from any thread
 * (handlers, workers, writers) and never block for long. Checks read a snapshot.
 */
public final class InvariantChecker {
    /**
     * The invariant name of a deletion that reached an observer only as an update to an object of
     * the same key with a new uid: the object was deleted and re-created while the watch was
     * down, and the relist applied the new object as an update (client-go's informers behave the
     * same way). Reported as a violation; a test that accepts it calls
     * {@link Verification#tolerating(String)} with this name.
     */
    public static final String DELETION_AS_UID_CHANGE = "deletion delivered only as a uid change";

    private final Clock clock;
    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Reconcile> reconciles = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Leadership> leaderships = new ConcurrentLinkedQueue<>();

    private InvariantChecker(Clock clock) {
        this.clock = clock;
    }

    /** A checker stamping records with the system clock. */
    public static InvariantChecker create() {
        return new InvariantChecker(Clock.systemUTC());
    }

    /** A checker stamping records with {@code clock}. */
    public static InvariantChecker create(Clock clock) {
        return new InvariantChecker(Objects.requireNonNull(clock, "clock"));
    }

    // ---- recording ---------------------------------------------------------------------------

    /** Records a notification {@code observer} received. Deliveries of one observer and key must be recorded in the order received. */
    public void delivered(String observer, Delivery.Type type, String key, String uid, String resourceVersion,
            boolean finalStateUnknown) {
        deliveries.add(new Delivery(observer, type, key, uid, resourceVersion, finalStateUnknown, clock.instant()));
    }

    /** Records a write the server acknowledged. */
    public void wrote(Write.Type type, String key, String uid, String resourceVersion) {
        writes.add(new Write(type, key, uid, resourceVersion == null ? "" : resourceVersion, clock.instant()));
    }

    /** Starts recording a reconcile of {@code key} by {@code manager}; close the span when it ends (also on failure). */
    public ReconcileSpan reconcileStarted(String manager, String key) {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        return () -> reconciles.add(new Reconcile(manager, key, start, clock.instant(), startNanos, System.nanoTime()));
    }

    /** Records an interval during which {@code identity} led. */
    public void led(String identity, Instant start, Instant end) {
        leaderships.add(new Leadership(identity, start, end));
    }

    /** An open reconcile; {@link #close()} records it. */
    @FunctionalInterface
    public interface ReconcileSpan extends AutoCloseable {
        @Override
        void close();
    }

    // ---- reading -----------------------------------------------------------------------------

    /** Every delivery so far, in recording order. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Every write so far, in recording order. */
    public List<Write> writes() {
        return List.copyOf(writes);
    }

    /** Every finished reconcile so far. */
    public List<Reconcile> reconciles() {
        return List.copyOf(reconciles);
    }

    /** Every leadership interval recorded so far, sorted by start. */
    public List<Leadership> leaderships() {
        List<Leadership> list = new ArrayList<>(leaderships);
        list.sort(Comparator.comparing(Leadership::start));
        return List.copyOf(list);
    }

    /** Figures for a report about one observer. */
    public Stats stats(String observer) {
        List<Delivery> mine = deliveries.stream().filter(d -> d.observer().equals(observer)).toList();
        Set<String> seen = new HashSet<>();
        long duplicates = 0;
        for (Delivery d : mine) {
            if (!seen.add(d.type() + " " + d.key() + "@" + d.resourceVersion())) {
                duplicates++;
            }
        }
        return new Stats(writes.size(), mine.size(), duplicates);
    }

    /**
     * Figures for a results table.
     *
     * @param writes acknowledged writes
     * @param deliveries notifications the observer received
     * @param duplicates notifications identical (type, key, resourceVersion) to an earlier one
     */
    public record Stats(long writes, long deliveries, long duplicates) {}

    // ---- checking ----------------------------------------------------------------------------

    /** Starts a verification: the always-on invariants are checked now; chain the others. */
    public Verification verify() {
        Verification v = new Verification();
        v.checkMonotonic();
        v.checkNoConcurrentReconciles();
        v.checkLeadership();
        return v;
    }

    /** The violations found so far by one {@link #verify()} call; each method adds a check. Not thread-safe. */
    public final class Verification {
        private final List<Violation> violations = new ArrayList<>();
        private final List<Delivery> snapshot = List.copyOf(deliveries);
        private final List<Write> writesSnapshot = List.copyOf(writes);
        private int tolerated;

        private Verification() {}

        /** The cache ({@code key → resourceVersion}) equals a fresh list from the server. */
        public Verification cacheEqualsFreshList(String observer, Map<String, String> cache, Map<String, String> freshList) {
            for (String key : union(cache.keySet(), freshList.keySet())) {
                String cached = cache.get(key);
                String listed = freshList.get(key);
                if (!Objects.equals(cached, listed)) {
                    add("cache equals a fresh list", observer + " " + key, "cache has " + show(cached) + ", a fresh list has " + show(listed));
                }
            }
            return this;
        }

        /**
         * Every final state reached {@code observer}: for each key of {@code freshList} its last
         * delivery is an add/update at exactly that resourceVersion; for each key the test wrote
         * that is no longer listed and that the observer had seen, its last delivery is a delete.
         * Also: every acknowledged create/update was delivered or superseded (a later
         * resourceVersion or a delete of that key reached the observer, or the object was deleted
         * without the observer ever seeing it: a lifetime between two lists), and every deletion of
         * an object (uid) the observer had seen reached it.
         */
        public Verification finalStatesDelivered(String observer, Map<String, String> freshList) {
            Map<String, List<Delivery>> byKey = byKey(observer);
            for (Map.Entry<String, String> e : new TreeMap<>(freshList).entrySet()) {
                List<Delivery> seen = byKey.getOrDefault(e.getKey(), List.of());
                Delivery last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
                if (last == null || last.type() == Delivery.Type.DELETE || !last.resourceVersion().equals(e.getValue())) {
                    add("final state delivered", observer + " " + e.getKey(), "the server has resourceVersion " + e.getValue()
                            + ", the last delivery was " + (last == null ? "none" : last.type() + "@" + last.resourceVersion()));
                }
            }
            Set<String> written = new TreeSet<>();
            for (Write w : writesSnapshot) {
                written.add(w.key());
            }
            for (String key : written) {
                List<Delivery> seen = byKey.getOrDefault(key, List.of());
                if (!freshList.containsKey(key) && !seen.isEmpty() && seen.get(seen.size() - 1).type() != Delivery.Type.DELETE) {
                    Delivery last = seen.get(seen.size() - 1);
                    add("final state delivered", observer + " " + key, "deleted on the server, the last delivery was "
                            + last.type() + "@" + last.resourceVersion());
                }
            }
            for (Write w : writesSnapshot) {
                List<Delivery> seen = byKey.getOrDefault(w.key(), List.of());
                if (w.type() != Write.Type.DELETE) {
                    long rv = number(w.resourceVersion());
                    boolean covered = seen.stream().anyMatch(d -> number(d.resourceVersion()) >= rv
                            || (d.type() == Delivery.Type.DELETE && !d.at().isBefore(w.at())))
                            || lifetimeNeverSeen(w, seen);
                    if (!covered) {
                        add("every write delivered", observer + " " + w.key(), w.type() + "@" + w.resourceVersion()
                                + " never reached the observer (deliveries: " + summary(seen) + ")");
                    }
                } else {
                    boolean everSeen = seen.stream().anyMatch(d -> d.uid().equals(w.uid()) && d.type() != Delivery.Type.DELETE);
                    boolean deleted = seen.stream().anyMatch(d -> d.type() == Delivery.Type.DELETE && d.uid().equals(w.uid()));
                    if (everSeen && !deleted) {
                        boolean replaced = seen.stream().anyMatch(d -> !d.uid().equals(w.uid()) && d.type() != Delivery.Type.DELETE
                                && !d.at().isBefore(w.at()));
                        add(replaced ? DELETION_AS_UID_CHANGE : "every deletion delivered", observer + " " + w.key(), "uid " + w.uid()
                                + " was deleted and had been delivered, but no delete reached the observer"
                                + (replaced ? "; a later add/update carried a new uid (deleted and re-created while the watch was down, "
                                        + "a relist applied the new object as an update)" : "")
                                + " (deliveries: " + summary(seen) + ")");
                    }
                }
            }
            return this;
        }

        /**
         * Whether {@code w}'s object (its uid) was deleted later by the test and never reached the
         * observer at all: an object created and deleted between two lists (a relist after a
         * refused or expired watch reports only the state at that moment, as in client-go) need
         * never be seen, so its writes are superseded by its deletion. An object the observer did
         * see is still held to "every deletion delivered".
         */
        private boolean lifetimeNeverSeen(Write w, List<Delivery> seen) {
            long rv = number(w.resourceVersion());
            return seen.stream().noneMatch(d -> d.uid().equals(w.uid()))
                    && writesSnapshot.stream().anyMatch(later -> later.type() == Write.Type.DELETE && later.key().equals(w.key())
                            && later.uid().equals(w.uid()) && number(later.resourceVersion()) >= rv);
        }

        /** {@code observed} (e.g. relists, reconnects) lies within [{@code min}, {@code max}]. */
        public Verification bounded(String what, long observed, long min, long max) {
            if (observed < min || observed > max) {
                add("count within bounds", what, "expected " + min + ".." + max + ", got " + observed);
            }
            return this;
        }

        /**
         * Removes the violations of {@code invariant} found so far (call it after the check that
         * finds them) and counts them in {@link #tolerated()}: for behaviour the test documents
         * as accepted, e.g. {@link InvariantChecker#DELETION_AS_UID_CHANGE}.
         */
        public Verification tolerating(String invariant) {
            int before = violations.size();
            violations.removeIf(v -> v.invariant().equals(invariant));
            tolerated += before - violations.size();
            return this;
        }

        /** How many violations {@link #tolerating(String)} removed. */
        public int tolerated() {
            return tolerated;
        }

        /** Adds a violation found by the test itself. */
        public Verification violation(String invariant, String subject, String detail) {
            add(invariant, subject, detail);
            return this;
        }

        /** Every violation found, in the order found. */
        public List<Violation> violations() {
            return List.copyOf(violations);
        }

        /** Throws an {@link AssertionError} listing every violation (not just the first), if any. */
        public void assertNoViolations() {
            if (!violations.isEmpty()) {
                StringBuilder message = new StringBuilder(violations.size() + " invariant violation(s):");
                for (Violation v : violations) {
                    message.append("\n  - ").append(v);
                }
                throw new AssertionError(message.toString());
            }
        }

        private void checkMonotonic() {
            Map<String, Delivery> last = new HashMap<>();
            for (Delivery d : snapshot) {
                String id = d.observer() + " " + d.key();
                Delivery previous = last.put(id, d);
                if (!numeric(d.resourceVersion())) {
                    add("resourceVersion numeric", id, "not a number: " + show(d.resourceVersion()));
                    continue;
                }
                if (previous != null && numeric(previous.resourceVersion())
                        && number(d.resourceVersion()) < number(previous.resourceVersion())) {
                    add("resourceVersion monotonic", id, d.type() + "@" + d.resourceVersion() + (d.finalStateUnknown() ? " (final state unknown)" : "")
                            + " after " + previous.type() + "@" + previous.resourceVersion());
                }
            }
        }

        private void checkNoConcurrentReconciles() {
            Map<String, List<Reconcile>> byKey = new TreeMap<>();
            for (Reconcile r : reconciles) {
                byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<String, List<Reconcile>> e : byKey.entrySet()) {
                List<Reconcile> list = new ArrayList<>(e.getValue());
                list.sort(Comparator.comparingLong(Reconcile::startNanos));
                for (int i = 1; i < list.size(); i++) {
                    Reconcile a = list.get(i - 1);
                    Reconcile b = list.get(i);
                    if (b.startNanos() < a.endNanos()) {
                        add("no concurrent reconcile", e.getKey(), a.manager() + " " + a.start() + ".." + a.end()
                                + " overlaps " + b.manager() + " " + b.start() + ".." + b.end());
                    }
                }
            }
        }

        private void checkLeadership() {
            List<Leadership> list = new ArrayList<>(leaderships);
            list.sort(Comparator.comparing(Leadership::start));
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    Leadership a = list.get(i);
                    Leadership b = list.get(j);
                    if (!a.identity().equals(b.identity()) && b.start().isBefore(a.end())) {
                        add("leadership intervals disjoint", a.identity() + " / " + b.identity(),
                                a.start() + ".." + a.end() + " overlaps " + b.start() + ".." + b.end());
                    }
                }
            }
        }

        private Map<String, List<Delivery>> byKey(String observer) {
            Map<String, List<Delivery>> byKey = new LinkedHashMap<>();
            for (Delivery d : snapshot) {
                if (d.observer().equals(observer)) {
                    byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
                }
            }
            return byKey;
        }

        private void add(String invariant, String subject, String detail) {
            violations.add(new Violation(invariant, subject, detail));
        }
    }

    private static String summary(List<Delivery> seen) {
        StringBuilder s = new StringBuilder();
        int from = Math.max(0, seen.size() - 6);
        if (from > 0) {
            s.append("…, ");
        }
        for (int i = from; i < seen.size(); i++) {
            Delivery d = seen.get(i);
            s.append(d.type()).append('@').append(d.resourceVersion()).append(d.finalStateUnknown() ? "?" : "");
            if (i < seen.size() - 1) {
                s.append(", ");
            }
        }
        return seen.isEmpty() ? "none" : s.toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String show(String value) {
        return value == null ? "nothing" : "\"" + value + "\"";
    }

    private static boolean numeric(String rv) {
        if (rv == null || rv.isEmpty() || rv.length() > 18) {
            return false;
        }
        for (int i = 0; i < rv.length(); i++) {
            if (!Character.isDigit(rv.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static long number(String rv) {
        return numeric(rv) ? Long.parseLong(rv) : -1;
    }
}
