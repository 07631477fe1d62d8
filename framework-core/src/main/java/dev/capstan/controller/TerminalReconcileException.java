package dev.capstan.controller;

/**
 * Thrown by a reconcile that cannot succeed by retrying (invalid spec, a precondition only a
 * person can fix): logged and counted as an error, but not requeued (controller-runtime's
 * {@code TerminalError}). The next change to the object triggers a new reconcile as usual.
 */
public class TerminalReconcileException extends RuntimeException {

    public TerminalReconcileException(String message) {
        super(message);
    }

    public TerminalReconcileException(String message, Throwable cause) {
        super(message, cause);
    }
}
