package dev.capstan.boot.webhook;

/**
 * Changes an object before the API server persists it (defaults, injected labels or
 * sidecars): the code behind a mutating admission webhook.
 *
 * <p>Return the object to admit, built from {@link AdmissionRequest#object()} with
 * {@code toBuilder()} (or {@code Unstructured.edit}); the API server receives an RFC 6902
 * JSON patch from the object it sent to the returned one. Return the request's object itself
 * to admit it unchanged.
 *
 * <pre>{@code
 * ❌ request.object().metadata().labels().put("team", "a");   // model maps are unmodifiable
 * ✅ ConfigMap in = request.object();
 *    return in.toBuilder().metadata(in.metadata().toBuilder().labels(withTeam(in)).build()).build();
 * }</pre>
 *
 * <p>Called for {@code CREATE} and {@code UPDATE} only, the operations whose object the API
 * server can patch; other operations routed to a mutating webhook are admitted unchanged. To
 * reject an object, write an {@link AdmissionValidator}: validating webhooks run after every
 * mutation, so they see the final object.
 *
 * <h2>Threading and failures</h2> As for {@link AdmissionValidator}: called on a bounded-elastic
 * thread (blocking is fine), possibly concurrently; an exception, or a {@code null} return,
 * denies the request with code 500 (fail closed) and is logged with the request's uid and
 * resource. With {@code reinvocationPolicy: IfNeeded} the API server may call the mutator again
 * with its own output, so mutations should be idempotent.
 *
 * @param <T> what the object is decoded into, the {@code type} of {@link MutatingWebhook}
 */
@FunctionalInterface
public interface AdmissionMutator<T> {

    /** Returns the object to admit: {@code request.object()} itself, or a changed copy; never null. */
    T mutate(AdmissionRequest<T> request);
}
