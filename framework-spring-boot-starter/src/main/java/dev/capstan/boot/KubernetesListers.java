package dev.capstan.boot;

import dev.capstan.api.KubernetesObject;
import dev.capstan.controller.Manager;
import dev.capstan.informer.InformerStatus;
import dev.capstan.informer.Lister;
import dev.capstan.informer.SharedIndexInformer;
import java.time.Duration;

/**
 * Creates the {@code Lister<T>} beans: the lister of the shared informer that
 * {@link ControllerPlans#listerSelection} picks.
 *
 * <p>Informers a lister creates on demand (for a type no controller holds) start with the others
 * and are synced before any worker runs. A lister created after the manager started (a lazy bean)
 * starts its informer at once and blocks until it synced, up to {@code capstan.informers.sync-timeout}.
 */
final class KubernetesListers {
    private final Manager manager;
    private final ControllerPlans plans;
    private final Duration syncTimeout;

    KubernetesListers(Manager manager, ControllerPlans plans, Duration syncTimeout) {
        this.manager = manager;
        this.plans = plans;
        this.syncTimeout = syncTimeout;
    }

    <T extends KubernetesObject> Lister<T> lister(Class<T> type) {
        SharedIndexInformer<T> informer = manager.informers().informerFor(type, plans.listerSelection(type));
        if (informer.status().started() && !informer.hasSynced()) {
            try {
                if (!informer.waitForSync(syncTimeout)) {
                    InformerStatus status = informer.status();
                    throw new IllegalStateException("the informer behind Lister<" + type.getSimpleName() + "> (" + status.description()
                            + ") did not sync within " + syncTimeout.toSeconds() + " s: "
                            + (status.lastError() == null ? "no error reported yet" : status.lastError()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the informer behind Lister<" + type.getSimpleName() + ">", e);
            }
        }
        return informer.lister();
    }
}
