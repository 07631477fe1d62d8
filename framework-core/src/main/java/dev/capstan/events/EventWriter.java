package dev.capstan.events;

import dev.capstan.api.events.v1.Event;
import dev.capstan.api.events.v1.EventSeries;

/**
 * The two API calls the recorder makes, apart from the aggregation logic so that it can be
 * tested without a server. Called only from the recorder's writer thread; a call may block.
 * Failures are thrown as {@link dev.capstan.client.rest.KubernetesApiException} (or any other
 * runtime exception for transport trouble), as {@link dev.capstan.client.ResourceClient} does.
 */
interface EventWriter {

    /** Creates {@code event} in its {@code metadata.namespace}; returns the server's copy. */
    Event create(Event event);

    /** Merge-patches the {@code series} of the named Event; returns the server's copy. */
    Event patchSeries(String namespace, String name, EventSeries series);
}
