package dev.capstan.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.informer.FifoRecorder.Item;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.jspecify.annotations.Nullable;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeltaFifoTest {

    private final FifoRecorder recorder = new FifoRecorder();
    private final DeltaQueue<Item> queue = DeltaQueue.deltaFifo(FifoRecorder.KEY, recorder.cache);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        queue.close();
        threads.shutdownNow();
    }

    // ---- coalescing and order ----------------------------------------------------------------------

    @Test
    void allChangesOfOneKeyArePoppedTogetherOldestFirst() throws Exception {
        queue.add(item("a", 1));
        queue.update(item("a", 2));
        queue.delete(item("a", 2));

        assertThat(queue.size()).as("one key queued").isEqualTo(1);
        assertThat(popOne()).containsExactly(added("a", 1), updated("a", 2), deleted("a", 2));
        assertThat(queue.size()).isZero();
    }

    @Test
    void keysArePoppedInTheOrderTheyWereFirstQueued() throws Exception {
        queue.add(item("a", 1));
        queue.add(item("b", 1));
        queue.update(item("a", 2));

        assertThat(popOne()).containsExactly(added("a", 1), updated("a", 2));
        assertThat(popOne()).containsExactly(added("b", 1));
    }

    @Test
    void aChangeArrivingAfterItsKeyWasPoppedStartsAFreshEntryAtTheTail() throws Exception {
        queue.add(item("a", 1));
        queue.add(item("b", 1));
        assertThat(popOne()).containsExactly(added("a", 1));

        queue.update(item("a", 2));

        assertThat(popOne()).containsExactly(added("b", 1));
        assertThat(popOne()).containsExactly(updated("a", 2));
    }

    @Test
    void consecutiveDeletionsCollapseKeepingTheObservedOne() throws Exception {
        recorder.cache.put(item("a", 1));
        queue.replace(List.of(), "10"); // a is missing: deletion with final state unknown
        queue.delete(item("a", 2)); // then the watch reports the deletion it saw

        assertThat(popOne()).as("the observed deletion replaces the inferred one")
                .containsExactly(deleted("a", 2));
    }

    @Test
    void twoObservedDeletionsCollapseIntoTheFirst() throws Exception {
        recorder.cache.put(item("a", 1));
        queue.delete(item("a", 2));
        queue.delete(item("a", 3));

        assertThat(popOne()).containsExactly(deleted("a", 2));
    }

    @Test
    void onlyConsecutiveDeletionsCollapse() throws Exception {
        recorder.cache.put(item("a", 1));
        queue.delete(item("a", 1));
        queue.add(item("a", 2));
        queue.delete(item("a", 2));

        assertThat(popOne()).containsExactly(deleted("a", 1), added("a", 2), deleted("a", 2));
    }

    // ---- delete ---------------------------------------------------------------------------------------

    @Test
    void deleteOfAKeyNeitherQueuedNorKnownIsIgnored() {
        queue.delete(item("ghost", 1));

        assertThat(queue.size()).isZero();
    }

    @Test
    void deleteOfAKeyThatIsOnlyKnownOrOnlyQueuedIsQueued() throws Exception {
        recorder.cache.put(item("cached", 1));
        queue.add(item("queued", 1));

        queue.delete(item("cached", 1));
        queue.delete(item("queued", 1));

        assertThat(popOne()).containsExactly(added("queued", 1), deleted("queued", 1));
        assertThat(popOne()).containsExactly(deleted("cached", 1));
    }

    // ---- replace ----------------------------------------------------------------------------------------

    @Test
    void replaceQueuesReplacedForEveryListedObjectInListOrder() throws Exception {
        queue.replace(List.of(item("b", 1), item("a", 1)), "10");

        assertThat(queue.size()).isEqualTo(2);
        assertThat(popOne()).containsExactly(replaced("b", 1));
        assertThat(popOne()).containsExactly(replaced("a", 1));
    }

    @Test
    void replaceQueuesFinalStateUnknownDeletionForKeysMissingFromTheList() throws Exception {
        recorder.cache.put(item("a", 1));
        recorder.cache.put(item("b", 1));

        queue.replace(List.of(item("b", 2)), "10");

        assertThat(popOne()).containsExactly(replaced("b", 2));
        assertThat(popOne()).containsExactly(Delta.deletedFinalStateUnknown(item("a", 1)));
        assertThat(recorder.cache.snapshot()).containsOnlyKeys("b");
    }

    @Test
    void replaceUsesTheNewestQueuedObjectAsTheLastKnownState() throws Exception {
        recorder.cache.put(item("a", 1));
        queue.update(item("a", 2));
        queue.update(item("a", 3));
        queue.add(item("c", 1)); // queued only, never cached

        queue.replace(List.of(), "10");

        assertThat(popOne()).containsExactly(updated("a", 2), updated("a", 3),
                Delta.deletedFinalStateUnknown(item("a", 3)));
        assertThat(popOne()).containsExactly(added("c", 1), Delta.deletedFinalStateUnknown(item("c", 1)));
        assertThat(queue.size()).isZero();
    }

    @Test
    void replaceKeepsTheQueuedObservedDeletionOfAKeyMissingFromTheList() throws Exception {
        recorder.cache.put(item("a", 1));
        queue.delete(item("a", 2));

        queue.replace(List.of(), "10");

        assertThat(popOne()).containsExactly(deleted("a", 2));
    }

    @Test
    void replaceAppendsToTheDeltasAlreadyQueuedForAListedKey() throws Exception {
        queue.add(item("a", 1));

        queue.replace(List.of(item("a", 2)), "10");

        assertThat(queue.size()).isEqualTo(1);
        assertThat(popOne()).containsExactly(added("a", 1), replaced("a", 2));
    }

    @Test
    void replaceWithAnObjectThatHasNoKeyFailsAndLeavesTheQueueUnchanged() {
        recorder.cache.put(item("a", 1));

        assertThatThrownBy(() -> queue.replace(List.of(item("b", 1), item("", 1)), "10"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(queue.size()).isZero();
        assertThat(queue.hasSynced()).as("the failed replace did not count").isFalse();
    }

    // ---- resync -------------------------------------------------------------------------------------------

    @Test
    void resyncQueuesSyncWithTheCachedObjectForEveryKnownKey() throws Exception {
        recorder.cache.put(item("a", 1));
        recorder.cache.put(item("b", 1));

        queue.resync();

        assertThat(popOne()).containsExactly(sync("a", 1));
        assertThat(popOne()).containsExactly(sync("b", 1));
    }

    @Test
    void resyncSkipsKeysThatHaveDeltasQueued() throws Exception {
        recorder.cache.put(item("a", 1));
        recorder.cache.put(item("b", 1));
        queue.update(item("a", 2));

        queue.resync();

        assertThat(queue.size()).isEqualTo(2);
        assertThat(popOne()).as("no stale SYNC of a=1 after the newer update")
                .containsExactly(updated("a", 2));
        assertThat(popOne()).containsExactly(sync("b", 1));
    }

    // ---- hasSynced and initialList ------------------------------------------------------------------------------

    @Test
    void hasSyncedTurnsTrueOnceAChangeArrivesBeforeAnyReplace() {
        assertThat(queue.hasSynced()).isFalse();

        queue.add(item("a", 1));

        assertThat(queue.hasSynced()).isTrue();
    }

    @Test
    void hasSyncedTurnsTrueOnceADeletionArrivesBeforeAnyReplaceEvenIfItIsIgnored() {
        queue.delete(item("ghost", 1));

        assertThat(queue.size()).isZero();
        assertThat(queue.hasSynced()).isTrue();
    }

    @Test
    void hasSyncedTurnsTrueOnlyAfterTheLastItemOfTheFirstReplaceIsProcessed() throws Exception {
        recorder.cache.put(item("gone", 1));
        List<Boolean> seenInside = new ArrayList<>();
        recorder.during = () -> seenInside.add(queue.hasSynced());

        queue.replace(List.of(item("a", 1), item("b", 1)), "10");
        assertThat(queue.size()).as("two listed keys and one deletion").isEqualTo(3);

        popOne();
        popOne();
        assertThat(queue.hasSynced()).as("the deletion of 'gone' is still queued").isFalse();
        popOne();

        assertThat(seenInside).as("false inside the processor, even for the last item").containsExactly(false, false, false);
        assertThat(queue.hasSynced()).isTrue();
    }

    @Test
    void hasSyncedIsTrueAtOnceAfterAnEmptyFirstReplace() {
        queue.replace(List.of(), "10");

        assertThat(queue.hasSynced()).isTrue();
    }

    @Test
    void aChangeAfterTheFirstReplaceDoesNotMakeTheQueueSynced() {
        queue.replace(List.of(item("a", 1)), "10");
        queue.add(item("b", 1));

        assertThat(queue.hasSynced()).isFalse();
    }

    @Test
    void initialListIsTrueOnlyForDeltasOfTheFirstReplace() throws Exception {
        queue.replace(List.of(item("a", 1)), "10");
        queue.add(item("b", 1));
        queue.update(item("a", 2)); // joins a's entry, which belongs to the first list

        assertThat(queue.pop(recorder)).isTrue();
        assertThat(queue.pop(recorder)).isTrue();
        queue.replace(List.of(item("a", 3), item("b", 1)), "11");
        assertThat(queue.pop(recorder)).isTrue();
        assertThat(queue.pop(recorder)).isTrue();

        assertThat(recorder.calls).containsExactly(
                new FifoRecorder.Process(List.of(replaced("a", 1), updated("a", 2)), true),
                new FifoRecorder.Process(List.of(added("b", 1)), false),
                new FifoRecorder.Process(List.of(replaced("a", 3)), false),
                new FifoRecorder.Process(List.of(replaced("b", 1)), false));
    }

    // ---- pop, close, errors, locking -------------------------------------------------------------------------

    @Test
    void popBlocksUntilAnAddThenReturnsIt() throws Exception {
        Future<Boolean> popped = threads.submit(() -> queue.pop(recorder));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !popped.isDone());

        queue.add(item("a", 1));

        assertThat(popped.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.processed()).containsExactly(List.of(added("a", 1)));
    }

    @Test
    void closeWakesABlockedPop() throws Exception {
        Future<Boolean> popped = threads.submit(() -> queue.pop(recorder));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !popped.isDone());

        queue.close();

        assertThat(popped.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(recorder.calls).isEmpty();
    }

    @Test
    void afterCloseQueuedWorkIsDiscardedProducersAreIgnoredAndPopReturnsFalse() throws Exception {
        recorder.cache.put(item("a", 1));
        queue.add(item("b", 1));

        queue.close();
        queue.add(item("c", 1));
        queue.delete(item("a", 1));
        queue.replace(List.of(item("d", 1)), "10");
        queue.resync();
        queue.close(); // idempotent

        assertThat(queue.size()).isZero();
        assertThat(queue.pop(recorder)).isFalse();
        assertThat(recorder.calls).isEmpty();
    }

    @Test
    void aProcessorThatThrowsLosesItsItemAndLeavesTheQueueConsistent() throws Exception {
        queue.replace(List.of(item("a", 1), item("b", 1)), "10");
        recorder.during = () -> {
            throw new IllegalStateException("index function failed");
        };

        assertThatThrownBy(() -> queue.pop(recorder)).isInstanceOf(IllegalStateException.class)
                .hasMessage("index function failed");

        assertThat(queue.size()).as("the failed item is not re-queued").isEqualTo(1);
        assertThat(queue.hasSynced()).isFalse();
        recorder.during = () -> {};
        Future<?> producer = threads.submit(() -> queue.add(item("c", 1)));
        producer.get(5, TimeUnit.SECONDS); // the lock was released
        assertThat(popOne()).containsExactly(replaced("b", 1));
        assertThat(queue.hasSynced()).as("the failed item counts as processed").isTrue();
        assertThat(popOne()).containsExactly(added("c", 1));
    }

    @Test
    void theProcessorRunsUnderTheQueueLockSoProducersWaitButHasSyncedAndSizeDoNot() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue.add(item("a", 1));
        recorder.during = () -> {
            inside.countDown();
            awaitUninterruptibly(release);
        };
        Future<Boolean> popped = threads.submit(() -> queue.pop(recorder));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        Future<?> producer = threads.submit(() -> queue.add(item("b", 1)));
        assertThat(queue.hasSynced()).isTrue();
        assertThat(queue.size()).isZero();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !producer.isDone());

        release.countDown();
        assertThat(popped.get(5, TimeUnit.SECONDS)).isTrue();
        producer.get(5, TimeUnit.SECONDS);
        assertThat(queue.size()).isEqualTo(1);
    }

    @Test
    void worksWithKubernetesObjectsKeyedByNamespaceAndName() throws Exception {
        Map<String, ConfigMap> cache = new java.util.HashMap<>();
        KnownObjects<ConfigMap> known = new KnownObjects<>() {
            @Override
            public List<String> listKeys() {
                return List.copyOf(cache.keySet());
            }

            @Override
            public @Nullable ConfigMap getByKey(String key) {
                return cache.get(key);
            }
        };
        DeltaQueue<ConfigMap> configMaps = DeltaQueue.deltaFifo(KeyFunction.namespaceName(), known);
        ConfigMap v1 = configMap("team-a", "settings", "1");
        ConfigMap v2 = configMap("team-a", "settings", "2");
        ConfigMap other = configMap("team-b", "settings", "3");
        cache.put("team-b/settings", other);

        configMaps.add(v1);
        configMaps.update(v2);
        configMaps.replace(List.of(v2), "5");
        List<List<Delta<ConfigMap>>> popped = new ArrayList<>();
        DeltaProcessor<ConfigMap> collect = new DeltaProcessor<>() {
            @Override
            public void process(List<Delta<ConfigMap>> deltas, boolean initialList) {
                popped.add(deltas);
            }

            @Override
            public void replaceAll(List<ConfigMap> objects, boolean initialList) {
                throw new AssertionError("a DeltaFifo never calls replaceAll");
            }

            @Override
            public void resyncAll() {
                throw new AssertionError("a DeltaFifo never calls resyncAll");
            }
        };
        assertThat(configMaps.pop(collect)).isTrue();
        assertThat(configMaps.pop(collect)).isTrue();

        assertThat(popped).containsExactly(
                List.of(Delta.of(Delta.Type.ADDED, v1), Delta.of(Delta.Type.UPDATED, v2), Delta.of(Delta.Type.REPLACED, v2)),
                List.of(Delta.deletedFinalStateUnknown(other)));
        configMaps.close();
    }

    // ---- concurrency ---------------------------------------------------------------------------------------------

    @Test
    void aProducerAndAPopperOnTwoThreadsLoseNothingAndKeepPerKeyOrder() throws Exception {
        int changes = 50_000;
        FifoRecorder.OrderChecker checker = new FifoRecorder.OrderChecker();
        DeltaQueue<Item> fifo = DeltaQueue.deltaFifo(FifoRecorder.KEY, checker.cache);
        AtomicInteger pops = new AtomicInteger();
        try {
            Future<?> popper = threads.submit(() -> {
                while (checker.received < changes) {
                    if (!fifo.pop(checker)) {
                        throw new AssertionError("closed early");
                    }
                    pops.incrementAndGet();
                }
                return null;
            });
            Future<Map<String, Item>> producer = threads.submit(() -> FifoRecorder.produce(fifo, changes, 64));

            Map<String, Item> expected = producer.get(20, TimeUnit.SECONDS);
            popper.get(20, TimeUnit.SECONDS);

            assertThat(checker.violations).isEmpty();
            assertThat(checker.received).isEqualTo(changes);
            assertThat(checker.versions).hasSize(changes);
            assertThat(checker.cache.snapshot()).isEqualTo(expected);
            assertThat(pops.get()).as("changes were coalesced per key").isLessThanOrEqualTo(changes);
            assertThat(fifo.size()).isZero();
        } finally {
            fifo.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Pops one key and returns the deltas the processor got. */
    private List<Delta<Item>> popOne() throws InterruptedException {
        int before = recorder.calls.size();
        assertThat(queue.pop(recorder)).isTrue();
        return ((FifoRecorder.Process) recorder.calls.get(before)).deltas();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static ConfigMap configMap(String namespace, String name, String resourceVersion) {
        return ConfigMap.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name(name).resourceVersion(resourceVersion).build())
                .build();
    }

    private static Item item(String name, int version) {
        return Item.of(name, version);
    }

    private static Delta<Item> added(String name, int version) {
        return Delta.of(Delta.Type.ADDED, item(name, version));
    }

    private static Delta<Item> updated(String name, int version) {
        return Delta.of(Delta.Type.UPDATED, item(name, version));
    }

    private static Delta<Item> deleted(String name, int version) {
        return Delta.of(Delta.Type.DELETED, item(name, version));
    }

    private static Delta<Item> replaced(String name, int version) {
        return Delta.of(Delta.Type.REPLACED, item(name, version));
    }

    private static Delta<Item> sync(String name, int version) {
        return Delta.of(Delta.Type.SYNC, item(name, version));
    }
}
