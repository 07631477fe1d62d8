package dev.capstan.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Node;
import dev.capstan.api.core.v1.Pod;
import dev.capstan.api.events.v1.Event;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.events.FakeEventWriter.Failure;
import dev.capstan.workqueue.FakeTicker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
    private static final Duration AWAIT = Duration.ofSeconds(5);
    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

    private final FakeTicker ticker = new FakeTicker();
    private final FakeEventWriter writer = new FakeEventWriter();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DefaultEventRecorder recorder = recorder(options());

    private EventRecorderOptions options() {
        return EventRecorderOptions.forController("capstan.dev/test-controller").withReportingInstance("test-pod-0")
                .withTicker(ticker).withClock(new TickerClock(ticker, START)).withMeterRegistry(registry)
                .withRetry(new EventRecorderOptions.Retry(3, Duration.ofMillis(1)));
    }

    private DefaultEventRecorder recorder(EventRecorderOptions options) {
        return new DefaultEventRecorder(writer, options);
    }

    private DefaultEventRecorder replaceRecorder(EventRecorderOptions options) {
        recorder.close(Duration.ZERO);
        recorder = recorder(options);
        return recorder;
    }

    @AfterEach
    void close() {
        writer.release();
        recorder.close(Duration.ofSeconds(1));
    }

    private static ConfigMap configMap(String name) {
        return configMap(name, "7");
    }

    private static ConfigMap configMap(String name, String resourceVersion) {
        return ConfigMap.builder().metadata(ObjectMeta.builder().namespace("shop").name(name).uid("uid-" + name)
                .resourceVersion(resourceVersion).build()).build();
    }

    /** Waits for {@code count} Events and for the writer to have finished with them. */
    private void awaitEvents(int count) {
        await().atMost(AWAIT).untilAsserted(() -> {
            assertThat(writer.events()).hasSize(count);
            assertThat(recorder.idle()).isTrue();
        });
    }

    private Event awaitSingleEventWithCount(int count) {
        await().atMost(AWAIT).untilAsserted(() -> {
            assertThat(writer.events()).hasSize(1);
            assertThat(writer.events().get(0).series()).isNotNull();
            assertThat(writer.events().get(0).series().count()).isEqualTo(count);
            assertThat(recorder.idle()).isTrue();
        });
        return writer.events().get(0);
    }

    // ---- the Event written ----

    @Test
    void eventCarriesTheRegardingReferenceReportingFieldsAndANameWithAHexSuffix() {
        Pod pod = Pod.builder().metadata(ObjectMeta.builder().namespace("shop").name("web-0").uid("pod-uid").build()).build();
        recorder.event(configMap("web"), pod, EventType.WARNING, "SyncFailed", "Sync", "key %s is %d bytes too long", "a", 3);

        awaitEvents(1);
        Event event = writer.events().get(0);
        assertThat(event.metadata().namespace()).isEqualTo("shop");
        assertThat(event.metadata().name()).matches("web\\.[0-9a-f]+");
        assertThat(Long.parseLong(event.metadata().name().substring(4), 16))
                .isEqualTo(START.getEpochSecond() * 1_000_000_000L);
        assertThat(event.regarding().apiVersion()).isEqualTo("v1");
        assertThat(event.regarding().kind()).isEqualTo("ConfigMap");
        assertThat(event.regarding().namespace()).isEqualTo("shop");
        assertThat(event.regarding().name()).isEqualTo("web");
        assertThat(event.regarding().uid()).isEqualTo("uid-web");
        assertThat(event.regarding().resourceVersion()).isEqualTo("7");
        assertThat(event.related().kind()).isEqualTo("Pod");
        assertThat(event.related().uid()).isEqualTo("pod-uid");
        assertThat(event.reportingController()).isEqualTo("capstan.dev/test-controller");
        assertThat(event.reportingInstance()).isEqualTo("test-pod-0");
        assertThat(event.type()).isEqualTo("Warning");
        assertThat(event.reason()).isEqualTo("SyncFailed");
        assertThat(event.action()).isEqualTo("Sync");
        assertThat(event.note()).isEqualTo("key a is 3 bytes too long");
        assertThat(event.eventTime()).isEqualTo(START);
        assertThat(event.series()).isNull();
    }

    @Test
    void eventAboutAClusterScopedObjectGoesToTheDefaultNamespace() {
        Node node = Node.builder().metadata(ObjectMeta.builder().name("node-1").uid("node-uid").build()).build();
        recorder.event(node, EventType.NORMAL, "Cordoned", "Cordon", "cordoned");

        awaitEvents(1);
        Event event = writer.events().get(0);
        assertThat(event.metadata().namespace()).isEqualTo("default");
        assertThat(event.regarding().namespace()).isNull();
        assertThat(event.regarding().name()).isEqualTo("node-1");
    }

    @Test
    void noteWithoutArgumentsIsTakenLiterally() {
        recorder.event(configMap("web"), EventType.NORMAL, "Progress", "Sync", "100% done, 0%d left");

        awaitEvents(1);
        assertThat(writer.events().get(0).note()).isEqualTo("100% done, 0%d left");
    }

    @Test
    void longNoteIsCutTo1024BytesBetweenCharacters() {
        recorder.event(configMap("ascii"), EventType.NORMAL, "Long", "Sync", "x".repeat(2000));
        recorder.event(configMap("accents"), EventType.NORMAL, "Long", "Sync", "é".repeat(1000));

        awaitEvents(2);
        for (Event event : writer.events()) {
            byte[] bytes = event.note().getBytes(StandardCharsets.UTF_8);
            assertThat(bytes.length).isLessThanOrEqualTo(1024);
            assertThat(event.note()).endsWith("...").doesNotContain("\uFFFD");
        }
        assertThat(writer.events()).extracting(e -> e.note().getBytes(StandardCharsets.UTF_8).length).containsExactlyInAnyOrder(1024, 1023);
    }

    // ---- aggregation ----

    @Test
    void identicalEventsWithinTheWindowBecomeOneEventWithASeriesCount() {
        ConfigMap web = configMap("web");
        for (int i = 0; i < 3; i++) {
            recorder.event(web, EventType.WARNING, "SyncFailed", "Sync", "quota exceeded");
            ticker.advance(Duration.ofSeconds(10));
        }

        ticker.advance(Duration.ofMinutes(6)); // the series ends: its final count is written
        Event event = awaitSingleEventWithCount(3);
        assertThat(event.eventTime()).isEqualTo(START);
        assertThat(event.series().lastObservedTime()).isEqualTo(START.plusSeconds(20));
        assertThat(writer.calls("create")).isEqualTo(1);
    }

    @Test
    void firstRepeatIsWrittenAtOnceLaterOnesWhenTheSeriesEnds() {
        ConfigMap web = configMap("web");
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        awaitEvents(1);
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        awaitSingleEventWithCount(2);

        ticker.advance(Duration.ofMinutes(1));
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        ticker.advance(Duration.ofMinutes(1));
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        assertThat(writer.events().get(0).series().count()).isEqualTo(2); // later counts wait

        ticker.advance(Duration.ofMinutes(6)); // quiet for the window: the series ends with its final count
        Event event = awaitSingleEventWithCount(4);
        assertThat(event.series().lastObservedTime()).isEqualTo(START.plus(Duration.ofMinutes(2)));
        await().atMost(AWAIT).until(() -> recorder.seriesCount() == 0);
    }

    @Test
    void aLongSeriesIsWrittenEveryRefreshInterval() {
        ConfigMap web = configMap("web");
        recorder.event(web, EventType.WARNING, "Unhealthy", "Probe", "probe failed");
        awaitEvents(1);
        ticker.advance(Duration.ofMinutes(5));
        recorder.event(web, EventType.WARNING, "Unhealthy", "Probe", "probe failed");
        awaitSingleEventWithCount(2); // written at minute 5
        for (int minute = 10; minute <= 30; minute += 5) {
            ticker.advance(Duration.ofMinutes(5));
            recorder.event(web, EventType.WARNING, "Unhealthy", "Probe", "probe failed");
        }
        assertThat(writer.events().get(0).series().count()).isEqualTo(2);

        ticker.advance(Duration.ofMinutes(5)); // minute 35: 30 minutes since the last write
        Event event = awaitSingleEventWithCount(7);
        assertThat(event.series().lastObservedTime()).isEqualTo(START.plus(Duration.ofMinutes(30)));
    }

    @Test
    void differentNotesAreSeparateEvents() {
        ConfigMap web = configMap("web");
        recorder.event(web, EventType.WARNING, "SyncFailed", "Sync", "quota exceeded");
        recorder.event(web, EventType.WARNING, "SyncFailed", "Sync", "forbidden");
        recorder.event(web, EventType.NORMAL, "SyncFailed", "Sync", "forbidden");
        recorder.event(web, EventType.NORMAL, "SyncFailed", "Retry", "forbidden");

        awaitEvents(4);
        assertThat(writer.events()).allSatisfy(e -> assertThat(e.series()).isNull());
        assertThat(writer.events()).extracting(Event::note).containsExactlyInAnyOrder("quota exceeded", "forbidden", "forbidden", "forbidden");
    }

    @Test
    void newResourceVersionOfTheSameObjectJoinsTheSeries() {
        recorder.event(configMap("web", "1"), EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(configMap("web", "2"), EventType.NORMAL, "Synced", "Sync", "synced");

        Event event = awaitSingleEventWithCount(2);
        assertThat(event.regarding().resourceVersion()).isEqualTo("1");
    }

    @Test
    void afterTheWindowANewEventIsCreated() {
        ConfigMap web = configMap("web");
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        awaitEvents(1);

        ticker.advance(Duration.ofMinutes(6));
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");

        awaitEvents(2);
        assertThat(writer.events()).allSatisfy(e -> assertThat(e.series()).isNull());
        assertThat(writer.events()).extracting(Event::eventTime).containsExactly(START, START.plus(Duration.ofMinutes(6)));
    }

    @Test
    void justInsideTheWindowStillJoinsTheSeries() {
        ConfigMap web = configMap("web");
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        ticker.advance(Duration.ofMinutes(6).minusNanos(1));
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");

        awaitSingleEventWithCount(2);
    }

    @Test
    void seriesWhoseEventIsGoneStartsANewEvent() {
        ConfigMap web = configMap("web");
        recorder.event(web, EventType.WARNING, "SyncFailed", "Sync", "quota exceeded");
        awaitEvents(1);
        String first = writer.events().get(0).metadata().name();
        writer.expire("shop", first);

        recorder.event(web, EventType.WARNING, "SyncFailed", "Sync", "quota exceeded");

        Event event = awaitSingleEventWithCount(2);
        assertThat(event.metadata().name()).isNotEqualTo(first).startsWith("web.");
        assertThat(event.eventTime()).isEqualTo(START);
        assertThat(writer.calls()).extracting(FakeEventWriter.Call::verb).containsExactly("create", "patch", "create");
    }

    @Test
    void leastRecentlyUsedSeriesIsForgottenBeyondTheCacheSize() {
        replaceRecorder(options().withCorrelation(EventRecorderOptions.Correlation.defaults().withCacheSize(2)));
        recorder.event(configMap("a"), EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(configMap("b"), EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(configMap("a"), EventType.NORMAL, "Synced", "Sync", "synced"); // a is now the most recent
        recorder.event(configMap("c"), EventType.NORMAL, "Synced", "Sync", "synced"); // evicts b
        assertThat(recorder.seriesCount()).isEqualTo(2);
        recorder.event(configMap("b"), EventType.NORMAL, "Synced", "Sync", "synced");

        await().atMost(AWAIT).untilAsserted(() -> {
            assertThat(writer.events()).extracting(e -> e.regarding().name()).containsExactlyInAnyOrder("a", "b", "b", "c");
            assertThat(writer.events()).filteredOn(e -> e.regarding().name().equals("a")).singleElement()
                    .satisfies(e -> assertThat(e.series().count()).isEqualTo(2));
        });
    }

    // ---- spam filter ----

    @Test
    void spamFilterDropsThe26thEventForOneObjectAndAllowsAgainAfterRefill() {
        ConfigMap web = configMap("web");
        for (int i = 0; i < 26; i++) {
            recorder.event(web, EventType.NORMAL, "Step" + i, "Sync", "step");
        }
        assertThat(recorder.dropped(Drops.Reason.SPAM_FILTER)).isEqualTo(1);
        assertThat(registry.counter("capstan.events.dropped", "controller", "capstan.dev/test-controller", "reason", "spam_filter").count())
                .isEqualTo(1.0);

        recorder.event(configMap("other"), EventType.NORMAL, "Step0", "Sync", "step"); // another object has its own bucket
        recorder.event(web, EventType.NORMAL, "Step0", "Sync", "step"); // a repeat joins its series: no token needed
        assertThat(recorder.dropped(Drops.Reason.SPAM_FILTER)).isEqualTo(1);

        ticker.advance(Duration.ofMinutes(5).minusNanos(1));
        recorder.event(web, EventType.NORMAL, "Late", "Sync", "step");
        assertThat(recorder.dropped(Drops.Reason.SPAM_FILTER)).isEqualTo(2);

        ticker.advance(Duration.ofNanos(1)); // one token earned
        recorder.event(web, EventType.NORMAL, "Later", "Sync", "step");
        recorder.event(web, EventType.NORMAL, "Latest", "Sync", "step");
        assertThat(recorder.dropped(Drops.Reason.SPAM_FILTER)).isEqualTo(3);

        awaitEvents(27);
        assertThat(writer.events()).filteredOn(e -> e.regarding().name().equals("web")).hasSize(26)
                .extracting(Event::reason).contains("Later").doesNotContain("Step25", "Late", "Latest");
    }

    // ---- queue, blocking, retries ----

    @Test
    void queueOverflowDropsAndCountsNewEventsButRepeatsStillJoin() throws Exception {
        replaceRecorder(options().withQueueCapacity(3));
        writer.hold();
        recorder.event(configMap("a"), EventType.NORMAL, "Synced", "Sync", "synced");
        writer.awaitFirstCall(); // "a" is being written: the queue is empty again
        recorder.event(configMap("b"), EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(configMap("c"), EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(configMap("d"), EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(configMap("e"), EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(configMap("f"), EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(configMap("b"), EventType.NORMAL, "Synced", "Sync", "synced");

        assertThat(recorder.dropped(Drops.Reason.QUEUE_FULL)).isEqualTo(2);
        assertThat(registry.counter("capstan.events.dropped", "controller", "capstan.dev/test-controller", "reason", "queue_full").count())
                .isEqualTo(2.0);

        writer.release();
        await().atMost(AWAIT).untilAsserted(() -> assertThat(writer.events())
                .extracting(e -> e.regarding().name()).containsExactlyInAnyOrder("a", "b", "c", "d"));
        assertThat(writer.events()).filteredOn(e -> e.regarding().name().equals("b")).singleElement()
                .satisfies(e -> assertThat(e.series().count()).isEqualTo(2)); // created with its series: one write
        assertThat(writer.calls("patch")).isZero();
    }

    @Test
    void eventDoesNotBlockWhenTheWriterIsStuck() throws Exception {
        writer.hold();
        recorder.event(configMap("first"), EventType.NORMAL, "Synced", "Sync", "synced");
        writer.awaitFirstCall();

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 5_000; i++) {
                recorder.event(configMap("cm-" + i), EventType.WARNING, "SyncFailed", "Sync", "attempt %d", i);
            }
        });
        assertThat(recorder.dropped(Drops.Reason.QUEUE_FULL)).isEqualTo(5_000 - EventRecorderOptions.DEFAULT_QUEUE_CAPACITY);

        assertThat(recorder.close(Duration.ofMillis(50))).isFalse();
        assertThat(recorder.dropped(Drops.Reason.SHUT_DOWN)).isEqualTo(EventRecorderOptions.DEFAULT_QUEUE_CAPACITY);
    }

    @Test
    void transientFailuresAreRetried() {
        writer.failNext(Failure.SERVER_ERROR, Failure.NO_RESPONSE);
        recorder.event(configMap("web"), EventType.NORMAL, "Synced", "Sync", "synced");

        awaitEvents(1);
        assertThat(writer.calls("create")).isEqualTo(3);
        assertThat(writer.calls()).extracting(FakeEventWriter.Call::name).containsOnly(writer.events().get(0).metadata().name());
        assertThat(recorder.dropped(Drops.Reason.WRITE_FAILED)).isZero();
    }

    @Test
    void createWhoseResponseWasLostIsNotDuplicated() {
        writer.failNext(Failure.LOST_RESPONSE);
        recorder.event(configMap("web"), EventType.NORMAL, "Synced", "Sync", "synced");
        await().atMost(AWAIT).until(() -> writer.calls("create") == 2); // the retry finds its own Event
        recorder.event(configMap("web"), EventType.NORMAL, "Synced", "Sync", "synced");

        awaitSingleEventWithCount(2);
        assertThat(recorder.dropped(Drops.Reason.WRITE_FAILED)).isZero();
    }

    @Test
    void writeIsDroppedAfterMaxTries() {
        writer.failAlways(Failure.NO_RESPONSE);
        recorder.event(configMap("web"), EventType.NORMAL, "Synced", "Sync", "synced");

        await().atMost(AWAIT).until(() -> recorder.dropped(Drops.Reason.WRITE_FAILED) == 1);
        assertThat(writer.calls("create")).isEqualTo(3);
        assertThat(recorder.seriesCount()).isZero(); // the next occurrence starts afresh

        writer.failAlways(null);
        recorder.event(configMap("web"), EventType.NORMAL, "Synced", "Sync", "synced");
        awaitEvents(1);
    }

    @Test
    void rejectedEventIsNotRetried() {
        writer.failNext(Failure.INVALID);
        recorder.event(configMap("web"), EventType.NORMAL, "Synced", "Sync", "synced");

        await().atMost(AWAIT).until(() -> recorder.dropped(Drops.Reason.WRITE_FAILED) == 1);
        assertThat(writer.calls("create")).isEqualTo(1);
        assertThat(writer.events()).isEmpty();
    }

    // ---- close ----

    @Test
    void closeWritesTheCountsOfOpenSeries() {
        ConfigMap web = configMap("web");
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        awaitEvents(1);
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        awaitSingleEventWithCount(2);
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");
        recorder.event(web, EventType.NORMAL, "Synced", "Sync", "synced");

        assertThat(recorder.close(Duration.ofSeconds(5))).isTrue();

        assertThat(writer.events().get(0).series().count()).isEqualTo(4);
    }

    @Test
    void eventAfterCloseIsDroppedNotThrown() {
        recorder.close();
        recorder.event(configMap("web"), EventType.NORMAL, "Synced", "Sync", "synced");

        assertThat(recorder.dropped(Drops.Reason.SHUT_DOWN)).isEqualTo(1);
        assertThat(recorder.close(Duration.ZERO)).isTrue(); // idempotent
    }

    @Test
    void closeGivesUpOnAStuckWriterAfterItsTimeout() throws Exception {
        writer.hold();
        recorder.event(configMap("a"), EventType.NORMAL, "Synced", "Sync", "synced");
        writer.awaitFirstCall();
        recorder.event(configMap("b"), EventType.NORMAL, "Synced", "Sync", "synced");

        assertThat(recorder.close(Duration.ofMillis(20))).isFalse();
        assertThat(recorder.dropped(Drops.Reason.SHUT_DOWN)).isEqualTo(1);
    }

    // ---- arguments ----

    @Test
    void invalidArgumentsAreRefusedAtOnceNamingTheProblem() {
        ConfigMap web = configMap("web");
        assertThatThrownBy(() -> recorder.event(null, EventType.NORMAL, "Synced", "Sync", "synced"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regarding object must not be null");
        assertThatThrownBy(() -> recorder.event(ConfigMap.builder().build(), EventType.NORMAL, "Synced", "Sync", "synced"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("regarding ConfigMap has no metadata.name");
        assertThatThrownBy(() -> recorder.event(web, configMap(" ", "1"), EventType.NORMAL, "Synced", "Sync", "synced"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("related ConfigMap has no metadata.name");
        assertThatThrownBy(() -> recorder.event(web, null, "Synced", "Sync", "synced"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type must not be null");
        assertThatThrownBy(() -> recorder.event(web, EventType.NORMAL, " ", "Sync", "synced"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason must not be blank");
        assertThatThrownBy(() -> recorder.event(web, EventType.NORMAL, "R".repeat(129), "Sync", "synced"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason must be at most 128 bytes");
        assertThatThrownBy(() -> recorder.event(web, EventType.NORMAL, "Synced", "", "synced"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action must not be blank");
        assertThatThrownBy(() -> recorder.event(web, EventType.NORMAL, "Synced", "Sync", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("note must not be null");
        assertThatThrownBy(() -> recorder.event(web, EventType.NORMAL, "Synced", "Sync", "%d keys", "many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("note pattern '%d keys' does not fit");

        assertThat(recorder.seriesCount()).isZero();
        assertThatThrownBy(() -> EventRecorder.noop().event(web, EventType.NORMAL, "", "Sync", "synced"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason must not be blank");
        EventRecorder.noop().event(web, EventType.NORMAL, "Synced", "Sync", "synced");
    }

    @Test
    void optionsRefuseWhatTheApiServerWouldRefuse() {
        assertThatThrownBy(() -> EventRecorderOptions.forController("My Controller"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reportingController must be a qualified name");
        assertThatThrownBy(() -> EventRecorderOptions.forController("Capstan.dev/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a DNS subdomain");
        assertThatThrownBy(() -> EventRecorderOptions.forController("capstan.dev/" + "x".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options().withReportingInstance("i".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reportingInstance");
        assertThatThrownBy(() -> options().withQueueCapacity(0)).isInstanceOf(IllegalArgumentException.class);

        EventRecorderOptions defaults = EventRecorderOptions.forController("capstan.dev/sample-controller");
        assertThat(defaults.reportingInstance()).isNotBlank();
        assertThat(defaults.queueCapacity()).isEqualTo(1000);
        assertThat(defaults.correlation()).isEqualTo(new EventRecorderOptions.Correlation(
                Duration.ofMinutes(6), Duration.ofMinutes(30), 25, Duration.ofMinutes(5), 4096));
        assertThat(defaults.retry()).isEqualTo(new EventRecorderOptions.Retry(12, Duration.ofSeconds(10)));
        assertThat(EventRecorderOptions.forController("sample-controller").reportingController()).isEqualTo("sample-controller");
    }

    @Test
    void eventNamesStayValidForLongRegardingNames() {
        assertThat(EventFields.eventName("web", 255)).isEqualTo("web.ff");
        String name = EventFields.eventName("a".repeat(235) + "-bbbb", 0x1234_5678_9abc_def0L);
        assertThat(name).isEqualTo("a".repeat(235) + ".123456789abcdef0"); // cut, and no '-' left before the '.'
    }
}
