package dev.capstan.testing.invariant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvariantCheckerTest {

    @Test
    void everyViolationIsListedWithItsKeyAndValues() {
        InvariantChecker checker = InvariantChecker.create();
        checker.delivered("a", Delivery.Type.ADD, "k1", "u1", "10", false);
        checker.delivered("a", Delivery.Type.UPDATE, "k1", "u1", "9", false);
        checker.delivered("a", Delivery.Type.ADD, "k2", "u2", "20", false);
        checker.wrote(Write.Type.UPDATE, "k2", "u2", "25");
        assertThatThrownBy(() -> checker.verify()
                .cacheEqualsFreshList("a", Map.of("k1", "9", "k2", "20"), Map.of("k1", "9", "k2", "25"))
                .finalStatesDelivered("a", Map.of("k1", "9", "k2", "25"))
                .assertNoViolations())
                .hasMessageContaining("resourceVersion monotonic [a k1]: UPDATE@9 after ADD@10")
                .hasMessageContaining("cache equals a fresh list [a k2]: cache has \"20\", a fresh list has \"25\"")
                .hasMessageContaining("final state delivered [a k2]")
                .hasMessageContaining("every write delivered [a k2]: UPDATE@25");
    }

    @Test
    void aDeletionOfASeenObjectMustReachTheObserverPossiblyAsFinalStateUnknown() {
        InvariantChecker checker = InvariantChecker.create();
        checker.delivered("a", Delivery.Type.ADD, "k", "u", "5", false);
        checker.wrote(Write.Type.DELETE, "k", "u", "5");
        assertThat(checker.verify().finalStatesDelivered("a", Map.of()).violations())
                .extracting(Violation::invariant).contains("every deletion delivered");
        checker.delivered("a", Delivery.Type.DELETE, "k", "u", "5", true);
        assertThat(checker.verify().finalStatesDelivered("a", Map.of()).violations()).isEmpty();
    }

    @Test
    void anObjectCreatedAndDeletedUnseenNeedNotBeDeliveredButAnUndeletedOneMust() {
        InvariantChecker checker = InvariantChecker.create();
        checker.wrote(Write.Type.CREATE, "k", "u1", "5");
        checker.wrote(Write.Type.UPDATE, "k", "u1", "6");
        checker.wrote(Write.Type.DELETE, "k", "u1", "6");
        assertThat(checker.verify().finalStatesDelivered("a", Map.of()).violations()).isEmpty();
        checker.wrote(Write.Type.CREATE, "k", "u2", "8"); // never deleted, never delivered: lost
        assertThat(checker.verify().finalStatesDelivered("a", Map.of()).violations())
                .extracting(Violation::detail).containsExactly("CREATE@8 never reached the observer (deliveries: none)");
    }

    @Test
    void overlappingReconcilesAndLeadershipsAreViolations() {
        InvariantChecker checker = InvariantChecker.create();
        InvariantChecker.ReconcileSpan first = checker.reconcileStarted("m1", "k");
        InvariantChecker.ReconcileSpan second = checker.reconcileStarted("m2", "k");
        second.close();
        first.close();
        checker.led("m1", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:10Z"));
        checker.led("m2", Instant.parse("2026-01-01T00:00:05Z"), Instant.parse("2026-01-01T00:00:20Z"));
        assertThat(checker.verify().violations()).extracting(Violation::invariant)
                .containsExactlyInAnyOrder("no concurrent reconcile", "leadership intervals disjoint");
    }

    @Test
    void leadershipsAreReadBackSortedByStart() {
        InvariantChecker checker = InvariantChecker.create();
        checker.led("b", Instant.parse("2026-01-01T00:00:10Z"), Instant.parse("2026-01-01T00:00:20Z"));
        checker.led("a", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:05Z"));
        assertThat(checker.leaderships()).extracting(Leadership::identity).containsExactly("a", "b");
        assertThat(checker.verify().violations()).isEmpty();
    }
}
