package dev.capstan.boot;

import dev.capstan.controller.Manager;
import dev.capstan.informer.InformerStatus;
import dev.capstan.informer.SharedInformerFactory;
import java.time.Duration;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link Manager} with the application context.
 *
 * <h2>Start</h2> (when the context is refreshed, after the web server if any): start every
 * informer of the shared factory — those of the controllers and those created on demand by
 * injected listers —, wait until all have synced ({@code capstan.informers.sync-timeout}; on
 * timeout startup fails, listing each unsynced informer with its last error, for example an RBAC
 * refusal naming verb and resource), then {@link Manager#start()}: handlers, leader election when
 * enabled, workers. Blocks until then, so a broken setup fails the application instead of
 * leaving it running idle.
 *
 * <h2>Stop</h2> {@link Manager#close()} on a separate thread within Spring's shutdown phase
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}): workers stop (running reconciles finish),
 * the Lease is released, informers stop. The phase is above the web server's, so webhooks and
 * probes keep answering until the controllers stopped.
 */
final class ManagerLifecycle implements SmartLifecycle {
    /** Started after, and stopped before, the web server (whose phases are DEFAULT_PHASE − 2048 and − 1024). */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final Manager manager;
    private final Duration syncTimeout;
    private final boolean autoStartup;
    private volatile boolean running;

    ManagerLifecycle(Manager manager, Duration syncTimeout, boolean autoStartup) {
        this.manager = manager;
        this.syncTimeout = syncTimeout;
        this.autoStartup = autoStartup;
    }

    @Override
    public void start() {
        SharedInformerFactory informers = manager.informers();
        try {
            informers.start();
            List<InformerStatus> unsynced = informers.waitForCacheSync(syncTimeout);
            if (!unsynced.isEmpty()) {
                throw new IllegalStateException(unsyncedMessage(unsynced, syncTimeout));
            }
            manager.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Capstan manager", e);
        }
        running = true;
    }

    static String unsyncedMessage(List<InformerStatus> unsynced, Duration timeout) {
        StringBuilder message = new StringBuilder("Capstan: ").append(unsynced.size())
                .append(unsynced.size() == 1 ? " informer" : " informers").append(" did not sync within ").append(timeout.toSeconds())
                .append(" s (capstan.informers.sync-timeout):");
        for (InformerStatus status : unsynced) {
            message.append("\n  - ").append(status.description()).append(": ")
                    .append(status.lastError() == null ? "no error reported yet (the server is slow or unreachable)" : status.lastError());
        }
        return message.append("\nCheck that each resource exists (is its CRD installed?) and that the client may list and watch it (RBAC).")
                .toString();
    }

    @Override
    public void stop() {
        manager.close();
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "capstan-manager-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
