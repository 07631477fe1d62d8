package dev.capstan.controller;

import dev.capstan.api.KubernetesObject;

/**
 * The user's logic: make the world match the desired state of one primary object.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Level-based: read the current state (from listers, which the controller keeps synced),
 *       compare with the desired state, act. The object may be gone ({@code lister.get} empty):
 *       clean up or return {@link Result#done()}.</li>
 *   <li>The same request is never reconciled by two workers at once; different requests are,
 *       on up to {@code workers} threads.</li>
 *   <li>Throwing (any exception, or an {@link Error} other than a VM error) is logged with the
 *       request and retried with rate-limited backoff; it never kills a worker.
 *       {@link TerminalReconcileException} is logged and counted but not retried.</li>
 *   <li>The request's key is in the logging context (SLF4J MDC {@code reconcile.key},
 *       {@code reconcile.controller}) for the whole call.</li>
 * </ul>
 *
 * @param <T> the primary resource type
 */
@FunctionalInterface
public interface Reconciler<T extends KubernetesObject> {

    Result reconcile(Request request) throws Exception;
}
