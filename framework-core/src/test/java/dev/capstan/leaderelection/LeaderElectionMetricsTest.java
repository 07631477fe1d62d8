package dev.capstan.leaderelection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class LeaderElectionMetricsTest {

    @Test
    void micrometerBindingExposesClientGosMetricsPerLockName() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LeaderElectionMetrics metrics = LeaderElectionMetrics.micrometer(registry);

        metrics.leaderOff("shop-operator");
        assertThat(registry.get("leader_election_master_status").tag("name", "shop-operator").gauge().value()).isZero();
        metrics.leaderOn("shop-operator");
        metrics.leaderOn("other");
        assertThat(registry.get("leader_election_master_status").tag("name", "shop-operator").gauge().value()).isEqualTo(1);
        metrics.leaderOff("other");
        assertThat(registry.get("leader_election_master_status").tag("name", "other").gauge().value()).isZero();

        metrics.slowpathExercised("shop-operator");
        metrics.slowpathExercised("shop-operator");
        assertThat(registry.get("leader_election_slowpath_total").tag("name", "shop-operator").counter().count()).isEqualTo(2);
    }

    @Test
    void noopIgnoresEverything() {
        LeaderElectionMetrics.NOOP.leaderOn("x");
        LeaderElectionMetrics.NOOP.leaderOff("x");
        LeaderElectionMetrics.NOOP.slowpathExercised("x");
    }
}
