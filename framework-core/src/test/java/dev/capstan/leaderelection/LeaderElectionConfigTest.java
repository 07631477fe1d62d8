package dev.capstan.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaderElectionConfigTest {
    private static final LeaderElectionConfig DEFAULTS = LeaderElectionConfig.defaults("shop", "shop-operator");
    private static final UUID ID = UUID.fromString("0f8e1c2a-0000-4000-8000-000000000001");

    @Test
    void defaultsAreClientGosTimingsAndReleaseOnCancel() {
        assertThat(DEFAULTS.lockNamespace()).isEqualTo("shop");
        assertThat(DEFAULTS.lockName()).isEqualTo("shop-operator");
        assertThat(DEFAULTS.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(DEFAULTS.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(DEFAULTS.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
        assertThat(DEFAULTS.releaseOnCancel()).isTrue();
        assertThat(DEFAULTS.identity()).isNotBlank();
    }

    @Test
    void leaseDurationMustExceedTheRenewDeadline() {
        assertThatThrownBy(() -> DEFAULTS.withLeaseDuration(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseDuration (10 s) must be greater than renewDeadline (10 s)");
    }

    @Test
    void renewDeadlineMustExceedTheJitteredRetryPeriod() {
        assertThatThrownBy(() -> DEFAULTS.withRetryPeriod(Duration.ofMillis(8334)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("renewDeadline (10 s) must be greater than 1.2 × retryPeriod (1.2 × 8.334 s = 10.0008 s)");
        assertThatThrownBy(() -> DEFAULTS.withTimings(Duration.ofSeconds(3), Duration.ofMillis(600), Duration.ofMillis(500)))
                .hasMessageContaining("renewDeadline (0.6 s) must be greater than 1.2 × retryPeriod");
        assertThat(DEFAULTS.withRetryPeriod(Duration.ofMillis(8333)).retryPeriod()).isEqualTo(Duration.ofMillis(8333));
    }

    @Test
    void everyDurationMustBePositive() {
        assertThatThrownBy(() -> DEFAULTS.withRetryPeriod(Duration.ZERO)).hasMessage("retryPeriod must be greater than zero, got 0 s");
        assertThatThrownBy(() -> DEFAULTS.withRenewDeadline(Duration.ofMillis(-500)))
                .hasMessage("renewDeadline must be greater than zero, got -0.5 s");
        assertThatThrownBy(() -> DEFAULTS.withTimings(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .hasMessage("leaseDuration must be greater than zero, got 0 s");
        assertThatThrownBy(() -> DEFAULTS.withLeaseDuration(null)).isInstanceOf(NullPointerException.class).hasMessage("leaseDuration");
    }

    @Test
    void namesAndIdentityMustNotBeBlank() {
        assertThatThrownBy(() -> DEFAULTS.withIdentity(" ")).hasMessage("identity must not be blank");
        assertThatThrownBy(() -> LeaderElectionConfig.defaults("", "x")).hasMessage("lockNamespace must not be blank");
        assertThatThrownBy(() -> LeaderElectionConfig.defaults("ns", "")).hasMessage("lockName must not be blank");
    }

    @Test
    void withTimingsChangesAllThreeAtOnce() {
        // ❌ one at a time from the defaults: 3 s is not above the default 10 s renew deadline
        assertThatThrownBy(() -> DEFAULTS.withLeaseDuration(Duration.ofSeconds(3))).hasMessageContaining("leaseDuration (3 s)");
        // ✅
        LeaderElectionConfig fast = DEFAULTS.withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
        assertThat(fast.leaseDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fast.renewDeadline()).isEqualTo(Duration.ofSeconds(2));
        assertThat(fast.retryPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(fast.identity()).isEqualTo(DEFAULTS.identity());
        assertThat(fast.withReleaseOnCancel(false).releaseOnCancel()).isFalse();
    }

    @Test
    void leaseDurationIsWrittenInWholeSecondsRoundedUp() {
        assertThat(DEFAULTS.leaseDurationSeconds()).isEqualTo(15);
        assertThat(DEFAULTS.withTimings(Duration.ofMillis(2500), Duration.ofSeconds(2), Duration.ofMillis(500))
                .leaseDurationSeconds()).isEqualTo(3);
    }

    @Test
    void identityInAPodIsThePodName() {
        assertThat(identity(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "POD_NAME", "shop-7d9f-x2x", "HOSTNAME", "h")))
                .isEqualTo("shop-7d9f-x2x");
        assertThat(identity(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "HOSTNAME", "shop-7d9f-x2x")))
                .isEqualTo("shop-7d9f-x2x");
    }

    @Test
    void identityOutsideAPodIsHostNameAndARandomUuid() {
        assertThat(identity(Map.of("POD_NAME", "ignored-outside-a-pod"))).isEqualTo("laptop_" + ID);
        assertThat(identity(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"))).isEqualTo("laptop_" + ID);
        assertThat(LeaderElectionConfig.defaultIdentity()).isNotEqualTo(LeaderElectionConfig.defaultIdentity());
    }

    private static String identity(Map<String, String> environment) {
        return LeaderElectionConfig.defaultIdentity(environment::get, () -> "laptop", () -> ID);
    }
}
