package dev.capstan.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.meta.v1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.750Z");
    private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

    @Test
    void setAppendsANewConditionWithTheTransitionTimeInSeconds() {
        List<Condition> conditions = Conditions.set(null, Conditions.ready(true, "Synced", "all good", 3L), T0);

        assertThat(conditions).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo("Ready");
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo("Synced");
            assertThat(c.message()).isEqualTo("all good");
            assertThat(c.observedGeneration()).isEqualTo(3L);
            assertThat(c.lastTransitionTime()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        });
    }

    @Test
    void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
        List<Condition> first = Conditions.set(null, Conditions.ready(false, "ErrResourceExists", "taken", 1L), T0);
        List<Condition> sameStatus = Conditions.set(first, Conditions.ready(false, "InvalidDeployment", "rejected", 2L), T1);
        List<Condition> flipped = Conditions.set(sameStatus, Conditions.ready(true, "Synced", "ok", 2L), T1);

        assertThat(sameStatus).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo("InvalidDeployment");
            assertThat(c.observedGeneration()).isEqualTo(2L);
            assertThat(c.lastTransitionTime()).isEqualTo(first.get(0).lastTransitionTime());
        });
        assertThat(flipped).singleElement().satisfies(c -> assertThat(c.lastTransitionTime()).isEqualTo(T1));
    }

    @Test
    void otherConditionTypesAreKeptInPlace() {
        Condition degraded = Condition.builder().type("Degraded").status("False").reason("Fine").message("").lastTransitionTime(T0).build();
        List<Condition> conditions = Conditions.set(List.of(degraded), Conditions.ready(true, "Synced", "ok", 1L), T1);
        List<Condition> again = Conditions.set(conditions, Conditions.ready(false, "Broken", "no", 2L), T1);

        assertThat(again).extracting(Condition::type).containsExactly("Degraded", "Ready");
        assertThat(again.get(0)).isEqualTo(degraded);
    }

    @Test
    void holdsTellsWhetherThereIsAnythingNewToWriteOrSay() {
        List<Condition> conditions = Conditions.set(null, Conditions.ready(false, "NamespaceConflict", "taken", 4L), T0);

        assertThat(Conditions.holds(conditions, Conditions.ready(false, "NamespaceConflict", "taken", 4L))).isTrue();
        assertThat(Conditions.holds(conditions, Conditions.ready(false, "NamespaceConflict", "taken", 5L))).isFalse();
        assertThat(Conditions.holds(conditions, Conditions.ready(false, "NamespaceConflict", "other", 4L))).isFalse();
        assertThat(Conditions.holds(conditions, Conditions.ready(true, "Provisioned", "taken", 4L))).isFalse();
        assertThat(Conditions.holds(null, Conditions.ready(true, "Provisioned", "ok", 1L))).isFalse();
    }

    @Test
    void theInputListIsNotModified() {
        List<Condition> original = Conditions.set(null, Conditions.ready(true, "Synced", "ok", 1L), T0);
        Conditions.set(original, Conditions.ready(false, "Broken", "no", 2L), T1);

        assertThat(original).singleElement().satisfies(c -> assertThat(c.status()).isEqualTo("True"));
    }
}
