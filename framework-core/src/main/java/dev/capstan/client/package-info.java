/**
 * Capstan's Kubernetes client. The entry point is {@link dev.capstan.client.KubernetesClient}:
 * typed resource clients for generated kinds and custom-resource classes
 * ({@link dev.capstan.client.ResourceClient}), dynamic clients over
 * {@link dev.capstan.api.Unstructured}, and the {@link dev.capstan.client.rest.RestClient} beneath
 * them. Configuration comes from {@link dev.capstan.client.config}.
 */
package dev.capstan.client;
