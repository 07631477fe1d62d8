package dev.capstan.boot;

import dev.capstan.api.KubernetesObject;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a watched resource on a {@link KubernetesController} class: an instance method taking
 * one object of {@link #value()} and returning the requests to reconcile for it as a
 * {@code Collection<Request>} (empty: none).
 *
 * <pre>{@code
 * @Watches(Secret.class)
 * Collection<Request> onSecret(Secret secret) {
 *     return foos.byIndex("by-secret", secret.metadata().name()).stream().map(Request::of).toList();
 * }
 * }</pre>
 *
 * <p>Expands to {@code builder.watches(Secret.class, selection, secret -> onSecret(secret))}: the
 * informer covers the controller's namespaces (no label selector) and every event counts,
 * deletions included (the method gets the last known object). It runs on the informer's delivery
 * thread for this controller: keep it cheap, read listers, never call the API server.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Watches {

    /** The watched resource; the method's parameter must accept it. */
    Class<? extends KubernetesObject> value();
}
