package dev.capstan.informer;

import static dev.capstan.informer.ScriptedListerWatcher.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.DecodeException;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.Status;
import dev.capstan.client.ListOptions;
import dev.capstan.client.WatchEvent;
import dev.capstan.client.rest.KubernetesApiException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The informer and its reflector against a scripted list/watch source: client-go's rules one by one. */
class SharedIndexInformerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScriptedListerWatcher source = new ScriptedListerWatcher();
    private SharedIndexInformer<ConfigMap> informer;

    private SharedIndexInformer<ConfigMap> informer(InformerOptions.QueueKind queue) {
        informer = SharedIndexInformer.create(source, InformerOptions.defaults().withQueue(queue)
                .withReflector(ReflectorOptions.defaults().withStreamingList(false)
                        .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5))));
        return informer;
    }

    @AfterEach
    void close() {
        if (informer != null) {
            informer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(InformerOptions.QueueKind.class)
    void firstListAsksTheWatchCacheThenWatchesFromTheListVersionWithBookmarks(InformerOptions.QueueKind queue) throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(queue);
        RecordingHandler handler = new RecordingHandler();
        HandlerRegistration registration = informer.addEventHandler(handler);
        source.answerList("10", configMap("a", "5"), configMap("b", "7"));
        informer.start();

        ScriptedListerWatcher.Watch watch = source.nextWatch();
        assertThat(informer.waitForSync(WAIT)).isTrue();
        assertThat(source.lists.get(0)).isEqualTo(ListOptions.all().withLimit(500).withResourceVersion("0", null));
        assertThat(watch.options().resourceVersion()).isEqualTo("10");
        assertThat(watch.options().allowBookmarks()).isTrue();
        assertThat(watch.options().timeoutSeconds()).isBetween(300L, 600L);
        await().atMost(WAIT).until(registration::hasSynced);
        assertThat(handler.events).containsExactlyInAnyOrder("add a@5 initial", "add b@7 initial");
        assertThat(informer.lister().get("ns", "a")).map(c -> c.metadata().resourceVersion()).contains("5");
    }

    @ParameterizedTest
    @EnumSource(InformerOptions.QueueKind.class)
    void theCacheIsUpdatedBeforeHandlersAreTold(InformerOptions.QueueKind queue) throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(queue);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
                seen.add(cached(informer));
            }

            @Override
            public void onDelete(DeletedObject<ConfigMap> deleted) {
                seen.add(cached(informer));
            }
        });
        source.answerList("10", configMap("a", "5"));
        informer.start();
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        watch.modified(configMap("a", "11"));
        watch.deleted(configMap("a", "12"));
        await().atMost(WAIT).until(() -> seen.size() == 2);
        // when told of the update, the cache holds it (or already the later deletion); never the older state
        assertThat(seen.get(0)).isIn("11", "gone");
        assertThat(seen.get(1)).isEqualTo("gone");
    }

    private static String cached(SharedIndexInformer<ConfigMap> informer) {
        ConfigMap cached = informer.indexer().getByKey("ns/a");
        return cached == null ? "gone" : cached.metadata().resourceVersion();
    }

    @Test
    void aWatchThatEndsIsResumedFromTheLastVersionWithoutARelist() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        RecordingHandler handler = new RecordingHandler();
        informer.addEventHandler(handler);
        source.answerList("10", configMap("a", "5"));
        informer.start();
        ScriptedListerWatcher.Watch first = source.nextWatch();
        first.modified(configMap("a", "11"));
        first.added(configMap("b", "12"));
        await().atMost(WAIT).until(() -> handler.events.size() == 3);
        first.end();

        ScriptedListerWatcher.Watch second = source.nextWatch();
        assertThat(second.options().resourceVersion()).isEqualTo("12");
        assertThat(source.lists).hasSize(1);
        second.deleted(configMap("a", "13"));
        await().atMost(WAIT).until(() -> handler.events.size() == 4);
        assertThat(handler.events).containsExactly("add a@5 initial", "update a@5->11", "add b@12", "delete a@13");
        assertThat(informer.status().relists()).isZero();
    }

    @Test
    void aBookmarkAdvancesTheResourceVersionAndNothingElse() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        RecordingHandler handler = new RecordingHandler();
        informer.addEventHandler(handler);
        source.answerList("10", configMap("a", "5"));
        informer.start();
        ScriptedListerWatcher.Watch first = source.nextWatch();
        first.bookmark("20", false);
        await().atMost(WAIT).until(() -> informer.lastSyncResourceVersion().equals("20"));
        first.end();

        assertThat(source.nextWatch().options().resourceVersion()).isEqualTo("20");
        assertThat(handler.events).containsExactly("add a@5 initial");
    }

    @ParameterizedTest
    @EnumSource(InformerOptions.QueueKind.class)
    void goneRelistsAndDeliversObjectsDeletedMeanwhileAsFinalStateUnknown(InformerOptions.QueueKind queue) throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(queue);
        RecordingHandler handler = new RecordingHandler();
        informer.addEventHandler(handler);
        source.answerList("10", configMap("a", "5"), configMap("b", "6"));
        informer.start();
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        await().atMost(WAIT).until(() -> handler.events.size() == 2);

        source.answerList("30", configMap("b", "25"), configMap("c", "26"));
        watch.emit(new WatchEvent.Error<>(Status.builder().code(410).reason("Expired").message("too old resource version: 10 (20)").build()));

        ScriptedListerWatcher.Watch after = source.nextWatch();
        assertThat(source.lists).hasSize(2);
        assertThat(source.lists.get(1).resourceVersion()).as("relist from the last synced version, not a quorum read").isEqualTo("10");
        assertThat(after.options().resourceVersion()).isEqualTo("30");
        await().atMost(WAIT).until(() -> handler.events.size() == 5);
        assertThat(handler.events.subList(2, 5)).containsExactlyInAnyOrder("delete a@5 unknown", "update b@6->25", "add c@26");
        assertThat(ScriptedListerWatcher.names(informer.indexer().list())).containsExactly("b", "c");
        assertThat(informer.status().relists()).isEqualTo(1);
    }

    @Test
    void aListThatFailsWithGoneIsRetriedAtOnceAsAConsistentRead() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        source.answerList(options -> {
            throw new KubernetesApiException("list configmaps: too old", 410, null, null);
        });
        source.answerList("40", configMap("a", "5"));
        informer.start();
        source.nextWatch();
        assertThat(source.lists).extracting(ListOptions::resourceVersion).containsExactly("0", null);
        assertThat(informer.waitForSync(WAIT)).isTrue();
    }

    @Test
    void listsArePagedWithTheContinueTokenAndNoResourceVersionOnLaterPages() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        source.answerList(options -> ScriptedListerWatcher.list("10", "page2", configMap("a", "5")));
        source.answerList(options -> ScriptedListerWatcher.list("10", null, configMap("b", "6")));
        informer.start();
        source.nextWatch();
        assertThat(source.lists.get(1)).isEqualTo(ListOptions.all().withLimit(500).withContinue("page2"));
        await().atMost(WAIT).until(informer::hasSynced);
        assertThat(ScriptedListerWatcher.names(informer.indexer().list())).containsExactly("a", "b");
    }

    @Test
    void connectionRefusedOnAWatchBacksOffAndWatchesAgainWithoutRelisting() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        source.answerList("10", configMap("a", "5"));
        informer.start();
        ScriptedListerWatcher.Watch first = source.nextWatch();
        await().atMost(WAIT).until(() -> informer.status().watching()); // open for a second without failing: accepted
        java.time.Instant beforeRefusal = java.time.Instant.now();
        first.fail(new KubernetesApiException("watch configmaps: connection refused", 0, null, new ConnectException("refused")));
        ScriptedListerWatcher.Watch again = source.nextWatch();
        // a watch the server has not answered yet does not count: the outage is visible, not reset by retries
        assertThat(informer.status().watching()).isFalse();
        assertThat(informer.status().watchDownSince()).isNotNull().isAfterOrEqualTo(beforeRefusal.minusMillis(50));
        await().atMost(WAIT).until(() -> informer.status().watching());
        assertThat(informer.status().watchDownSince()).isNull();
        assertThat(again.options().resourceVersion()).isEqualTo("10");
        assertThat(source.lists).hasSize(1);
        assertThat(informer.status().lastError()).contains("connection refused");
    }

    @Test
    void aMalformedEventIsReportedOnceAndTheInformerRecoversByRelisting() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        informer.setWatchErrorHandler((description, error) -> errors.add(error));
        source.answerList("10", configMap("a", "5"));
        informer.start();
        source.answerList("20", configMap("a", "15"));
        source.nextWatch().fail(new DecodeException("watch configmaps: malformed event: unexpected end", "", null));

        ScriptedListerWatcher.Watch after = source.nextWatch();
        assertThat(after.options().resourceVersion()).isEqualTo("20");
        assertThat(errors).singleElement().isInstanceOf(DecodeException.class);
        assertThat(informer.status().lastError()).contains("malformed event");
        await().atMost(WAIT).until(() -> "15".equals(informer.indexer().getByKey("ns/a").metadata().resourceVersion()));
    }

    @Test
    void anEventOfTheWrongKindMakesTheInformerRelist() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        informer.setWatchErrorHandler((description, error) -> errors.add(error));
        source.answerList("10");
        informer.start();
        source.answerList("20");
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        source.expectedKind = "Secret"; // as if the server sent another kind on this watch
        watch.added(configMap("a", "11"));
        source.nextWatch();
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("received a ConfigMap where Secret was expected"));
        assertThat(informer.indexer().list()).isEmpty();
    }

    @Test
    void anObjectWithoutANameIsReportedAndTheInformerRelists() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        informer.setWatchErrorHandler((description, error) -> errors.add(error));
        source.answerList("10", configMap("a", "5"));
        informer.start();
        source.answerList("20", configMap("a", "5"));
        source.nextWatch().added(ConfigMap.builder().metadata(dev.capstan.api.meta.v1.ObjectMeta.builder().namespace("ns")
                .resourceVersion("11").build()).build());
        ScriptedListerWatcher.Watch after = source.nextWatch();
        assertThat(after.options().resourceVersion()).isEqualTo("20");
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("has no metadata.name"));
        assertThat(informer.indexer().listKeys()).containsExactly("ns/a");
    }

    @Test
    void aWatchTheServerFailsToEndAfterItsTimeoutIsReplacedWithoutARelist() throws Exception {
        informer = SharedIndexInformer.create(source, InformerOptions.defaults().withReflector(ReflectorOptions.defaults()
                .withStreamingList(false).withMinWatchTimeout(Duration.ofSeconds(1)).withWatchIdleGrace(Duration.ofMillis(200))));
        source.answerList("10", configMap("a", "5"));
        informer.start();
        ScriptedListerWatcher.Watch halfOpen = source.nextWatch(); // never ends, never delivers: a black hole
        ScriptedListerWatcher.Watch replacement = source.nextWatch();
        assertThat(halfOpen.options().timeoutSeconds()).isBetween(1L, 2L);
        assertThat(replacement.options().resourceVersion()).isEqualTo("10");
        assertThat(source.lists).hasSize(1);
    }

    @Test
    void failuresBackOffExponentiallyWithJitter() throws Exception {
        informer = SharedIndexInformer.create(source, InformerOptions.defaults().withReflector(ReflectorOptions.defaults()
                .withStreamingList(false).withBackoff(Duration.ofMillis(40), Duration.ofSeconds(10))));
        List<Long> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            source.answerList(options -> {
                attempts.add(System.nanoTime());
                throw new KubernetesApiException("list configmaps: HTTP 500 InternalError", 500, null, null);
            });
        }
        source.answerList("10");
        informer.start();
        source.nextWatch();
        assertThat(attempts).hasSize(5);
        for (int i = 1; i < attempts.size(); i++) {
            // the i-th wait is drawn from [40 ms × 2^(i-1), 2 × that]: never shorter than its lower bound
            Duration gap = Duration.ofNanos(attempts.get(i) - attempts.get(i - 1));
            assertThat(gap).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(40L << (i - 1)));
        }
        assertThat(informer.status().errors()).isEqualTo(5);
    }

    @Test
    void aHandlerAddedAfterStartGetsTheWholeCacheAsInitialAddsAndItsOwnSync() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        source.answerList("10", configMap("a", "5"), configMap("b", "6"));
        informer.start();
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        assertThat(informer.waitForSync(WAIT)).isTrue();

        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler late = new RecordingHandler() {
            @Override
            public void onAdd(ConfigMap object, boolean initialList) {
                awaitLatch(release);
                super.onAdd(object, initialList);
            }
        };
        HandlerRegistration registration = informer.addEventHandler(late);
        watch.added(configMap("c", "11"));
        assertThat(registration.hasSynced()).as("the replay is not processed yet").isFalse();
        release.countDown();
        await().atMost(WAIT).until(registration::hasSynced);
        await().atMost(WAIT).until(() -> late.events.size() == 3);
        assertThat(late.events.subList(0, 2)).containsExactlyInAnyOrder("add a@5 initial", "add b@6 initial");
        assertThat(late.events.get(2)).isEqualTo("add c@11");
    }

    @Test
    void aRemovedHandlerGetsNothingMoreWhileOthersGoOn() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        RecordingHandler removed = new RecordingHandler();
        RecordingHandler kept = new RecordingHandler();
        HandlerRegistration registration = informer.addEventHandler(removed);
        informer.addEventHandler(kept);
        source.answerList("10");
        informer.start();
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        watch.added(configMap("a", "11"));
        await().atMost(WAIT).until(() -> removed.events.size() == 1 && kept.events.size() == 1);
        registration.remove();
        assertThat(registration.isRemoved()).isTrue();
        watch.added(configMap("b", "12"));
        await().atMost(WAIT).until(() -> kept.events.size() == 2);
        assertThat(removed.events).containsExactly("add a@11");
    }

    @Test
    void aSlowHandlerDoesNotHoldUpOtherHandlersOrTheCache() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        CountDownLatch release = new CountDownLatch(1);
        RecordingHandler slow = new RecordingHandler() {
            @Override
            public void onAdd(ConfigMap object, boolean initialList) {
                awaitLatch(release);
                super.onAdd(object, initialList);
            }
        };
        RecordingHandler fast = new RecordingHandler();
        informer.addEventHandler(slow);
        informer.addEventHandler(fast);
        source.answerList("10");
        informer.start();
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        for (int i = 0; i < 100; i++) {
            watch.added(configMap("o" + i, String.valueOf(11 + i)));
        }
        await().atMost(WAIT).until(() -> fast.events.size() == 100);
        assertThat(informer.indexer().size()).isEqualTo(100);
        assertThat(slow.events).isEmpty();
        release.countDown();
        await().atMost(WAIT).until(() -> slow.events.size() == 100);
        assertThat(slow.events).isEqualTo(fast.events);
    }

    @Test
    void aHandlerThatThrowsIsSkippedAndDeliveryGoesOn() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        RecordingHandler throwing = new RecordingHandler() {
            @Override
            public void onAdd(ConfigMap object, boolean initialList) {
                super.onAdd(object, initialList);
                throw new IllegalStateException("boom on " + object.metadata().name());
            }
        };
        RecordingHandler other = new RecordingHandler();
        informer.addEventHandler(throwing);
        informer.addEventHandler(other);
        source.answerList("10");
        informer.start();
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        watch.added(configMap("a", "11"));
        watch.added(configMap("b", "12"));
        await().atMost(WAIT).until(() -> throwing.events.size() == 2 && other.events.size() == 2);
        assertThat(informer.status().watching()).isTrue();
    }

    @Test
    void theTransformRunsBeforeObjectsAreCached() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        informer.setTransform(c -> c.toBuilder().data(Map.of()).build());
        source.answerList("10", configMap("a", "5", Map.of("big", "x".repeat(1000))));
        informer.start();
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        watch.added(configMap("b", "11", Map.of("big", "y")));
        await().atMost(WAIT).until(() -> informer.indexer().size() == 2);
        assertThat(informer.indexer().list()).allSatisfy(c -> assertThat(c.data()).isNullOrEmpty());
        assertThatThrownBy(() -> informer.setTransform(c -> c)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before start()");
    }

    @Test
    void resyncRedeliversUnchangedObjectsOnlyToHandlersThatAskedForIt() throws Exception {
        informer = SharedIndexInformer.create(source, InformerOptions.defaults().withResyncPeriod(Duration.ofHours(1))
                .withReflector(ReflectorOptions.defaults().withStreamingList(false)));
        RecordingHandler resyncing = new RecordingHandler();
        RecordingHandler never = new RecordingHandler();
        informer.addEventHandler(resyncing, Duration.ofSeconds(1));
        informer.addEventHandler(never, Duration.ZERO);
        source.answerList("10", configMap("a", "5"));
        informer.start();
        source.nextWatch();
        await().atMost(WAIT).until(() -> resyncing.events.contains("update a@5->5"));
        assertThat(never.events).containsExactly("add a@5 initial");
    }

    @Test
    void streamingListCollectsInitialEventsUntilTheEndBookmarkThenKeepsWatchingOnTheSameStream() throws Exception {
        informer = SharedIndexInformer.create(source, InformerOptions.defaults());
        RecordingHandler handler = new RecordingHandler();
        informer.addEventHandler(handler);
        informer.start();
        ScriptedListerWatcher.Watch stream = source.nextWatch();
        assertThat(stream.options().sendInitialEvents()).isTrue();
        stream.added(configMap("a", "5"));
        stream.added(configMap("b", "6"));
        assertThat(informer.hasSynced()).isFalse();
        stream.bookmark("10", true);
        assertThat(informer.waitForSync(WAIT)).isTrue();
        stream.modified(configMap("a", "11"));
        await().atMost(WAIT).until(() -> handler.events.size() == 3);
        assertThat(handler.events).containsExactlyInAnyOrder("add a@5 initial", "add b@6 initial", "update a@5->11");
        assertThat(source.lists).isEmpty();
        assertThat(informer.status().streamingList()).isTrue();
    }

    @Test
    void aServerThatRefusesStreamingListsGetsAListAndIsNotAskedAgain() throws Exception {
        informer = SharedIndexInformer.create(source, InformerOptions.defaults()
                .withReflector(ReflectorOptions.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5))));
        source.answerList("10", configMap("a", "5"));
        informer.start();
        source.nextWatch().fail(new KubernetesApiException("watch configmaps: sendInitialEvents is forbidden", 422, null, null));
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        assertThat(watch.options().sendInitialEvents()).isFalse();
        assertThat(watch.options().resourceVersion()).isEqualTo("10");
        assertThat(informer.waitForSync(WAIT)).isTrue();

        source.answerList("20", configMap("a", "5"));
        watch.fail(new KubernetesApiException("watch configmaps: forbidden", 403, null, null));
        ScriptedListerWatcher.Watch later = source.nextWatch();
        assertThat(later.options().sendInitialEvents()).isFalse();
        assertThat(source.lists).hasSize(2);
    }

    @Test
    void closeStopsTheInformerAndLaterHandlersAreRefused() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        source.answerList("10");
        informer.start();
        source.nextWatch();
        informer.close();
        assertThat(informer.isStopped()).isTrue();
        await().atMost(WAIT).until(() -> !informer.status().watching());
        assertThatThrownBy(() -> informer.addEventHandler(new RecordingHandler())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void metricsShowSyncCacheSizeListsAndErrors() throws Exception {
        SharedIndexInformer<ConfigMap> informer = informer(InformerOptions.QueueKind.IN_ORDER);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        InformerMetrics.bind(informer, registry);
        assertThat(registry.get("capstan.informer.synced").gauge().value()).isZero();
        source.answerList("10", configMap("a", "5"), configMap("b", "6"));
        informer.start();
        ScriptedListerWatcher.Watch watch = source.nextWatch();
        assertThat(informer.waitForSync(WAIT)).isTrue();
        source.answerList("20", configMap("a", "5"));
        watch.fail(new KubernetesApiException("watch configmaps: forbidden", 403, null, null));
        source.nextWatch();
        await().atMost(WAIT).until(() -> informer.indexer().size() == 1);
        assertThat(registry.get("capstan.informer.synced").tag("informer", "configmaps (scripted)").gauge().value()).isEqualTo(1);
        assertThat(registry.get("capstan.informer.cache.objects").gauge().value()).isEqualTo(1);
        assertThat(registry.get("capstan.informer.lists").functionCounter().count()).isEqualTo(2);
        assertThat(registry.get("capstan.informer.errors").functionCounter().count()).isEqualTo(1);
        await().atMost(WAIT).until(() -> registry.get("capstan.informer.watching").gauge().value() == 1);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
