package dev.capstan.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.discovery.FakeApiServer;
import dev.capstan.client.discovery.FakeApiServer.Exchange;
import dev.capstan.client.discovery.FakeApiServer.Mode;
import dev.capstan.client.discovery.FakeApiServer.Reply;
import dev.capstan.client.rest.RestOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The example of docs/events.md, compiled and run against a fake API server: what goes over the wire. */
class EventsSnippetsTest {
    private static final String EVENTS = "/apis/events.k8s.io/v1/namespaces/shop/events";

    private final FakeApiServer server = FakeApiServer.standard(Mode.AGGREGATED_V2);
    private final KubernetesClient client =
            KubernetesClient.create(server.config(CredentialProvider.none()), RestOptions.defaults().withoutRateLimit());

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void recordingAnEventAndARepeat() {
        server.on("POST", EVENTS, post -> {
            String name = KubernetesJson.mapper().readTree(post.body()).path("metadata").path("name").asString();
            server.on("PATCH", EVENTS + "/" + name, patch -> Reply.json(post.body()));
            return new Reply(201, "application/json", post.body());
        });
        ConfigMap settings = ConfigMap.builder()
                .metadata(ObjectMeta.builder().namespace("shop").name("settings").uid("cm-uid").resourceVersion("42").build())
                .data(Map.of("a", "1", "b", "2")).build();

        // docs/events.md, "Recording events" (with a fixed instance, and a repeat once the Event exists)
        try (EventRecorder recorder = EventRecorder.create(client,
                EventRecorderOptions.forController("capstan.dev/sample-controller").withReportingInstance("sample-7d9f-x2"))) {
            recorder.event(settings, EventType.NORMAL, "Synced", "Sync", "synced %d keys", settings.data().size());

            await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().contains("POST " + EVENTS));
            recorder.event(settings, EventType.NORMAL, "Synced", "Sync", "synced %d keys", settings.data().size());
        } // the repeat is written as series.count = 2 at once, or by close() at the latest

        List<Exchange> writes = server.exchanges().stream().filter(e -> e.path().startsWith(EVENTS)).toList();
        assertThat(writes).extracting(Exchange::method).containsExactly("POST", "PATCH");

        JsonNode created = KubernetesJson.mapper().readTree(writes.get(0).body());
        assertThat(created.path("apiVersion").asString()).isEqualTo("events.k8s.io/v1");
        assertThat(created.path("kind").asString()).isEqualTo("Event");
        assertThat(created.path("metadata").path("name").asString()).startsWith("settings.");
        assertThat(created.path("regarding").path("uid").asString()).isEqualTo("cm-uid");
        assertThat(created.path("regarding").path("resourceVersion").asString()).isEqualTo("42");
        assertThat(created.path("note").asString()).isEqualTo("synced 2 keys");
        assertThat(created.path("reportingController").asString()).isEqualTo("capstan.dev/sample-controller");
        assertThat(created.path("reportingInstance").asString()).isEqualTo("sample-7d9f-x2");
        assertThat(created.path("type").asString()).isEqualTo("Normal");
        assertThat(created.path("eventTime").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(created.has("series")).isFalse();

        Exchange patch = writes.get(1);
        assertThat(patch.path()).isEqualTo(EVENTS + "/" + created.path("metadata").path("name").asString());
        assertThat(patch.contentType()).startsWith("application/merge-patch+json");
        JsonNode body = KubernetesJson.mapper().readTree(patch.body());
        assertThat(body.propertyNames()).containsExactly("series");
        assertThat(body.path("series").path("count").asInt()).isEqualTo(2);
        assertThat(body.path("series").path("lastObservedTime").asString()).matches(".*T.*\\.\\d{6}Z");
    }
}
