package dev.capstan.events;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.events.v1.Event;
import dev.capstan.api.events.v1.EventSeries;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.rest.PatchType;
import java.util.Map;
import java.util.Objects;

/** The {@link EventWriter} of a real recorder: {@code events.k8s.io/v1} through a {@link KubernetesClient}. */
final class ClientEventWriter implements EventWriter {
    private final ResourceClient<Event> events;

    ClientEventWriter(KubernetesClient client) {
        this.events = Objects.requireNonNull(client, "client").resources(Event.class);
    }

    @Override
    public Event create(Event event) {
        return events.inNamespace(event.metadata().namespace()).create(event);
    }

    @Override
    public Event patchSeries(String namespace, String name, EventSeries series) {
        return events.inNamespace(namespace).patch(name, PatchType.MERGE, seriesPatch(series));
    }

    /** {@code {"series":{"count":…,"lastObservedTime":…}}}: touches nothing else of the Event. */
    static String seriesPatch(EventSeries series) {
        return KubernetesJson.encode(Map.of("series", series));
    }
}
