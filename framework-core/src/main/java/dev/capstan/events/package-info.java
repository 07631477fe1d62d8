/**
 * Kubernetes Events ({@code events.k8s.io/v1}) about the objects a controller manages, recorded
 * asynchronously with client-go's aggregation of repeats into series and a per-object spam filter.
 *
 * <p>The entry point is {@link dev.capstan.events.EventRecorder}, built with
 * {@link dev.capstan.events.EventRecorder#create(dev.capstan.client.KubernetesClient, EventRecorderOptions)}
 * from {@link dev.capstan.events.EventRecorderOptions#forController(String)}. Recording never blocks
 * a reconcile: one background thread per recorder writes. Implementations are package-private.
 * See docs/events.md.
 */
@NullMarked
package dev.capstan.events;

import org.jspecify.annotations.NullMarked;
