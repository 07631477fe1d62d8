package dev.capstan.boot.actuate;

import dev.capstan.controller.Manager;
import dev.capstan.informer.InformerStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code capstan} health indicator: UP when every informer of the manager's shared factory is
 * started, synced, and has had an open watch within the bound
 * ({@code capstan.informers.watch-down-bound}, default 1 min: a watch that reconnects quickly does
 * not flap the status); DOWN otherwise, and while the manager has not started.
 *
 * <p>The bound counts from when the last <em>established</em> watch ended: the reflector resets
 * {@link InformerStatus#watchDownSince()} only once a watch is accepted by the server, never on a
 * retry, so an informer retrying against a server that refuses it (down, 403, 429) reports DOWN
 * once the bound has passed, and UP again as soon as a watch is established. Probes call it
 * periodically, so the DOWN comes at most one probe period after the bound.
 *
 * <p>Details: each informer's status (synced, watching, since when the watch is down, the last
 * error and when, cache size, relists) and the leader status (elected or not, this replica leading,
 * the current leader). Leadership never changes the status: a standby replica is as ready as the
 * leader.
 *
 * <p>Meant for the readiness group, never for liveness (a restart does not bring the API server
 * back): {@code management.endpoint.health.group.readiness.include=readinessState,capstan}. The
 * liveness group stays {@code livenessState}.
 */
public final class CapstanHealthIndicator implements HealthIndicator {
    private final Manager manager;
    private final Duration watchDownBound;
    private final boolean leaderElection;
    private final Clock clock;
    public CapstanHealthIndicator(Manager manager, Duration watchDownBound, boolean leaderElection, Clock clock) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.watchDownBound = Objects.requireNonNull(watchDownBound, "watchDownBound");
        this.leaderElection = leaderElection;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        List<InformerStatus> statuses = manager.informers().status();
        boolean healthy = true;
        Map<String, Object> informers = new LinkedHashMap<>();
        for (InformerStatus status : statuses) {
            boolean informerHealthy = status.isHealthy(now, watchDownBound);
            healthy &= informerHealthy;
            informers.put(status.description(), informerDetails(status, informerHealthy));
        }
        Map<String, Object> leader = new LinkedHashMap<>();
        leader.put("electionEnabled", leaderElection);
        leader.put("leading", manager.isLeader());
        manager.leaderIdentity().ifPresent(identity -> leader.put("leader", identity));
        Health.Builder builder = healthy ? Health.up() : Health.down();
        return builder.withDetail("informers", informers).withDetail("leader", leader).build();
    }

    static Map<String, Object> informerDetails(InformerStatus status, boolean healthy) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("healthy", healthy);
        details.put("started", status.started());
        details.put("synced", status.synced());
        details.put("watching", status.watching());
        if (status.watchDownSince() != null) {
            details.put("watchDownSince", status.watchDownSince().toString());
        }
        if (status.lastError() != null) {
            details.put("lastError", status.lastError());
            details.put("lastErrorAt", String.valueOf(status.lastErrorAt()));
        }
        details.put("cacheSize", status.cacheSize());
        details.put("relists", status.relists());
        return details;
    }
}
