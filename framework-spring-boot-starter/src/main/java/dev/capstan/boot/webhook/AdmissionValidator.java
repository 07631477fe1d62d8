package dev.capstan.boot.webhook;

/**
 * Decides whether the API server may persist a create, update or delete: the code behind a
 * validating admission webhook.
 *
 * <h2>Threading</h2> Called on a Reactor bounded-elastic thread, never on the server's event
 * loop, so it may block (read a lister, call the API server); it may be called concurrently
 * for different requests. It should answer well within the webhook's {@code timeoutSeconds}
 * (10 s by default), after which the API server applies the {@code failurePolicy}.
 *
 * <h2>Failures</h2> An exception fails closed: the request is denied with code 500 and a
 * message that names the request uid but not the exception's text, which is logged with the
 * request's uid and resource instead (the text may carry object data).
 *
 * <p>Side effects must be skipped when {@link AdmissionRequest#dryRun()} is true (and the
 * webhook configuration declares {@code sideEffects: None} or {@code NoneOnDryRun}).
 *
 * @param <T> what the object is decoded into, the {@code type} of {@link ValidatingWebhook}
 */
@FunctionalInterface
public interface AdmissionValidator<T> {

    /**
     * Returns {@link AdmissionResult#allow()} or {@link AdmissionResult#deny(String)}, with
     * warnings if useful. On {@code DELETE}, {@link AdmissionRequest#object()} is null and the
     * object being deleted is {@link AdmissionRequest#oldObject()}.
     */
    AdmissionResult validate(AdmissionRequest<T> request);
}
