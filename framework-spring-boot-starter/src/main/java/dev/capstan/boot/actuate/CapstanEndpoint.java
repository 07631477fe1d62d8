package dev.capstan.boot.actuate;

import dev.capstan.controller.Controller;
import dev.capstan.controller.Manager;
import dev.capstan.informer.InformerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/capstan}: the controllers of the manager (running or not, queue depth, last
 * reconcile, last error, the status of each informer they read), every informer of the shared
 * factory, and the leader status. Read-only. Expose it like any endpoint:
 * {@code management.endpoints.web.exposure.include=health,capstan}.
 */
@Endpoint(id = "capstan")
public final class CapstanEndpoint {
    private final Manager manager;
    private final boolean leaderElection;

    public CapstanEndpoint(Manager manager, boolean leaderElection) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.leaderElection = leaderElection;
    }

    @ReadOperation
    public CapstanDescriptor capstan() {
        List<ControllerDescriptor> controllers = manager.controllers().stream().map(CapstanEndpoint::describe).toList();
        return new CapstanDescriptor(new LeaderDescriptor(leaderElection, manager.isLeader(), manager.leaderIdentity().orElse(null)),
                controllers, manager.informers().status());
    }

    private static ControllerDescriptor describe(Controller<?> controller) {
        return new ControllerDescriptor(controller.name(), controller.isRunning(), controller.queueLength(),
                controller.lastReconcileTime().orElse(null), controller.lastError().orElse(null),
                controller.lastErrorTime().orElse(null), controller.informerStatus());
    }

    /** What {@code /actuator/capstan} answers. */
    public record CapstanDescriptor(LeaderDescriptor leader, List<ControllerDescriptor> controllers, List<InformerStatus> informers) {}

    /**
     * Leader election: whether it is on, whether this replica runs workers (always true without
     * election once started), and the current leader when known.
     */
    public record LeaderDescriptor(boolean electionEnabled, boolean leading, @Nullable String leader) {}

    /** One controller: its workers, queue, last reconcile and failure, and its informers (primary first). */
    public record ControllerDescriptor(String name, boolean running, int queueDepth, @Nullable Instant lastReconcile,
            @Nullable String lastError, @Nullable Instant lastErrorAt, List<InformerStatus> informers) {}
}
