package dev.capstan.testing.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule is drawn whole from the seed: same seed, same faults, whatever the run's timing. */
class FaultScheduleTest {

    private static long planned(FaultSchedule schedule) {
        return schedule.steps().stream()
                .mapToLong(s -> s.pause().toMillis() + (s instanceof FaultSchedule.BlackHole h ? h.length().toMillis() : 0))
                .sum();
    }

    @Test
    void theSameSeedGivesTheSameFaults() {
        List<String> first = FaultSchedule.random(42, Duration.ofSeconds(30)).steps().stream().map(FaultSchedule.Step::describe).toList();
        List<String> again = FaultSchedule.random(42, Duration.ofSeconds(30)).steps().stream().map(FaultSchedule.Step::describe).toList();
        assertThat(again).isEqualTo(first);
        assertThat(FaultSchedule.random(42, Duration.ofSeconds(30)).steps())
                .isEqualTo(FaultSchedule.random(42, Duration.ofSeconds(30)).steps());
        assertThat(FaultSchedule.random(43, Duration.ofSeconds(30)).steps()).isNotEqualTo(FaultSchedule.random(42, Duration.ofSeconds(30)).steps());
    }

    @Test
    void stepsFillTheLengthAndStayInTheirRanges() {
        for (long seed = 0; seed < 200; seed++) {
            FaultSchedule schedule = FaultSchedule.random(seed, Duration.ofSeconds(30));
            long planned = planned(schedule);
            FaultSchedule.Step last = schedule.steps().get(schedule.steps().size() - 1);
            assertThat(planned).as("seed %d", seed).isGreaterThanOrEqualTo(30_000);
            assertThat(planned - last.pause().toMillis()
                    - (last instanceof FaultSchedule.BlackHole h ? h.length().toMillis() : 0)).as("seed %d: no step past the length", seed)
                    .isLessThan(30_000);
            for (FaultSchedule.Step step : schedule.steps()) {
                assertThat(step.pause()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3999));
                if (step instanceof FaultSchedule.BlackHole hole) {
                    assertThat(hole.length()).isBetween(Duration.ofMillis(500), Duration.ofMillis(2999));
                }
                if (step instanceof FaultSchedule.TooManyRequests burst) {
                    assertThat(burst.burst()).isBetween(1, 5);
                }
            }
            assertThat(schedule.steps().stream().filter(FaultSchedule.Restart.class::isInstance).count())
                    .as("seed %d: at most 2 restarts in 30 s", seed).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aSoakAllowsARestartAMinute() {
        FaultSchedule soak = FaultSchedule.random(7, Duration.ofMinutes(30));
        long restarts = soak.steps().stream().filter(FaultSchedule.Restart.class::isInstance).count();
        assertThat(restarts).isBetween(3L, 30L);
    }

    @Test
    void aLengthThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> FaultSchedule.random(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive length");
    }
}
