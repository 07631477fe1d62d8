package dev.capstan.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.api.events.v1.Event;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.TestClients;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The recorder against the real API server: what it writes is accepted, and reads back as written. */
@KubernetesTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventRecorderIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CONTROLLER = "capstan.dev/events-it";

    private KubernetesClient client;
    private ResourceClient<ConfigMap> configMaps;
    private ResourceClient<Event> events;

    @BeforeAll
    void connect(TestCluster cluster, TestNamespace namespace) {
        client = TestClients.client(cluster, namespace.name());
        configMaps = client.resources(ConfigMap.class);
        events = client.resources(Event.class).inNamespace(namespace.name());
    }

    @AfterAll
    void close() {
        client.close();
    }

    private EventRecorder recorder() {
        return EventRecorder.create(client, EventRecorderOptions.forController(CONTROLLER).withReportingInstance("events-it-0"));
    }

    private ConfigMap configMap(String name) {
        return configMaps.create(ConfigMap.builder().metadata(ObjectMeta.builder().name(name).build()).data(Map.of("a", "1")).build());
    }

    private List<Event> eventsAbout(ResourceClient<Event> client, String uid) {
        return client.list().items().stream().filter(e -> uid.equals(e.regarding().uid())).toList();
    }

    @Test
    void eventsAndARepeatedEventAsASeries(TestNamespace namespace) {
        ConfigMap settings = configMap("settings");
        String uid = settings.metadata().uid();
        EventRecorder recorder = recorder();
        try {
            recorder.event(settings, EventType.NORMAL, "Created", "Create", "created %s", "settings");
            for (int i = 0; i < 3; i++) {
                recorder.event(settings, EventType.WARNING, "SyncFailed", "Sync", "quota exceeded");
            }

            await().atMost(TIMEOUT).untilAsserted(() -> {
                List<Event> found = eventsAbout(events, uid);
                assertThat(found).hasSize(2);
                Event created = found.stream().filter(e -> e.reason().equals("Created")).findFirst().orElseThrow();
                assertThat(created.metadata().namespace()).isEqualTo(namespace.name());
                assertThat(created.metadata().name()).startsWith("settings.");
                assertThat(created.note()).isEqualTo("created settings");
                assertThat(created.type()).isEqualTo("Normal");
                assertThat(created.action()).isEqualTo("Create");
                assertThat(created.reportingController()).isEqualTo(CONTROLLER);
                assertThat(created.reportingInstance()).isEqualTo("events-it-0");
                assertThat(created.regarding().kind()).isEqualTo("ConfigMap");
                assertThat(created.regarding().name()).isEqualTo("settings");
                assertThat(created.regarding().resourceVersion()).isEqualTo(settings.metadata().resourceVersion());
                assertThat(created.eventTime()).isNotNull();
                assertThat(created.series()).isNull();

                Event failed = found.stream().filter(e -> e.reason().equals("SyncFailed")).findFirst().orElseThrow();
                assertThat(failed.type()).isEqualTo("Warning");
                assertThat(failed.note()).isEqualTo("quota exceeded");
                assertThat(failed.series()).isNotNull();
                assertThat(failed.series().count()).isGreaterThanOrEqualTo(2);
                assertThat(failed.series().lastObservedTime()).isAfterOrEqualTo(failed.eventTime());
            });
        } finally {
            assertThat(recorder.close(TIMEOUT)).isTrue();
        }
        // close() writes what the series owes
        Event failed = eventsAbout(events, uid).stream().filter(e -> e.reason().equals("SyncFailed")).findFirst().orElseThrow();
        assertThat(failed.series().count()).isEqualTo(3);
    }

    @Test
    void seriesWhoseEventWasDeletedStartsANewEvent() {
        ConfigMap cm = configMap("deleted-event");
        String uid = cm.metadata().uid();
        try (EventRecorder recorder = recorder()) {
            recorder.event(cm, EventType.WARNING, "SyncFailed", "Sync", "still failing");
            await().atMost(TIMEOUT).until(() -> eventsAbout(events, uid).size() == 1);
            String first = eventsAbout(events, uid).get(0).metadata().name();
            events.delete(first);

            recorder.event(cm, EventType.WARNING, "SyncFailed", "Sync", "still failing"); // the merge patch finds nothing

            await().atMost(TIMEOUT).untilAsserted(() -> {
                List<Event> found = eventsAbout(events, uid);
                assertThat(found).hasSize(1);
                assertThat(found.get(0).metadata().name()).isNotEqualTo(first);
                assertThat(found.get(0).series()).isNotNull();
                assertThat(found.get(0).series().count()).isEqualTo(2);
            });
        }
    }

    @Test
    void eventAboutAClusterScopedObjectIsWrittenToTheDefaultNamespace(TestNamespace namespace) {
        Namespace ns = client.resources(Namespace.class).get(namespace.name());
        ResourceClient<Event> defaultEvents = client.resources(Event.class).inNamespace("default");
        try (EventRecorder recorder = recorder()) {
            recorder.event(ns, EventType.NORMAL, "Observed", "Observe", "observed namespace %s", namespace.name());
            await().atMost(TIMEOUT).untilAsserted(() -> {
                List<Event> found = eventsAbout(defaultEvents, ns.metadata().uid());
                assertThat(found).singleElement().satisfies(e -> {
                    assertThat(e.regarding().kind()).isEqualTo("Namespace");
                    assertThat(e.regarding().namespace()).isNullOrEmpty();
                    assertThat(e.note()).isEqualTo("observed namespace " + namespace.name());
                });
            });
        } finally {
            eventsAbout(defaultEvents, ns.metadata().uid()).forEach(e -> defaultEvents.delete(e.metadata().name()));
        }
    }
}
