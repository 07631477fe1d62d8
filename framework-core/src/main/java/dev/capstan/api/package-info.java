/**
 * The Kubernetes API model: the contracts every object satisfies ({@link dev.capstan.api.KubernetesObject},
 * {@link dev.capstan.api.KubernetesList}), resource identity ({@link dev.capstan.api.ResourceType},
 * {@link dev.capstan.api.GroupVersionKind}), special values ({@link dev.capstan.api.Quantity},
 * {@link dev.capstan.api.IntOrString}), {@link dev.capstan.api.Unstructured} objects, and the JSON codec
 * ({@link dev.capstan.api.KubernetesJson}).
 *
 * <p>The built-in types live in generated packages named after their API group and version,
 * {@code dev.capstan.api.<group>.<version>} (for example {@code dev.capstan.api.core.v1.Pod},
 * {@code dev.capstan.api.apps.v1.Deployment}); they are generated at build time from the
 * OpenAPI v3 documents of the pinned Kubernetes release (see docs/api-model.md).
 *
 * <h2>Values</h2> Every model object is immutable: a record whose lists and maps are
 * unmodifiable, built with a builder and changed with {@code toBuilder()}. Objects held by an
 * informer cache can therefore be shared between threads and never change under a reader.
 */
package dev.capstan.api;
