package dev.capstan.api;

import dev.capstan.api.meta.v1.ObjectMeta;

/**
 * A Kubernetes object: something with {@code apiVersion}, {@code kind} and {@code metadata},
 * stored by the API server at a path of its own. Every generated kind ({@code Pod},
 * {@code Deployment}, …), every user custom-resource record and {@link Unstructured}
 * implements it.
 *
 * <p>Implementations are immutable values.
 */
public interface KubernetesObject {

    /** {@code group/version}, or just {@code version} for the core group (for example {@code v1}, {@code apps/v1}). */
    String apiVersion();

    /** The kind, for example {@code Pod}. */
    String kind();

    /** The object's metadata; may be {@code null} on an object built without it. */
    ObjectMeta metadata();
}
