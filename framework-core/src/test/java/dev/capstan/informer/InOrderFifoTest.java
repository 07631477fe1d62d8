package dev.capstan.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.informer.FifoRecorder.Item;
import dev.capstan.informer.FifoRecorder.Process;
import dev.capstan.informer.FifoRecorder.ReplaceAll;
import dev.capstan.informer.FifoRecorder.ResyncAll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InOrderFifoTest {

    private final FifoRecorder recorder = new FifoRecorder();
    private final DeltaQueue<Item> queue = DeltaQueue.inOrder(FifoRecorder.KEY);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        queue.close();
        threads.shutdownNow();
    }

    // ---- the log ----------------------------------------------------------------------------------------

    @Test
    void changesToOneKeyAreDeliveredInOrderEachAsItsOwnCall() throws Exception {
        queue.add(item("a", 1));
        queue.update(item("a", 2));
        queue.update(item("a", 3));
        queue.delete(item("a", 3));

        assertThat(queue.size()).as("never coalesced").isEqualTo(4);
        popAll(4);
        assertThat(recorder.calls).containsExactly(
                new Process(List.of(added("a", 1)), false),
                new Process(List.of(updated("a", 2)), false),
                new Process(List.of(updated("a", 3)), false),
                new Process(List.of(deleted("a", 3)), false));
        assertThat(queue.size()).isZero();
    }

    @Test
    void entriesArePoppedInArrivalOrderAcrossKeys() throws Exception {
        queue.add(item("a", 1));
        queue.add(item("b", 1));
        queue.update(item("a", 2));

        popAll(3);

        assertThat(recorder.processed()).containsExactly(
                List.of(added("a", 1)), List.of(added("b", 1)), List.of(updated("a", 2)));
    }

    @Test
    void deleteOfAnUnknownKeyIsQueued() throws Exception {
        queue.delete(item("ghost", 1));

        assertThat(queue.size()).isEqualTo(1);
        popAll(1);
        assertThat(recorder.processed()).containsExactly(List.of(deleted("ghost", 1)));
    }

    // ---- replace -------------------------------------------------------------------------------------------

    @Test
    void replaceIsOneEntryHandedToReplaceAllWithTheListInOrder() throws Exception {
        queue.replace(List.of(item("b", 1), item("a", 1)), "10");

        assertThat(queue.size()).isEqualTo(1);
        popAll(1);
        assertThat(recorder.calls).containsExactly(new ReplaceAll(List.of(item("b", 1), item("a", 1)), true));
    }

    @Test
    void aHundredThousandObjectRelistIsOneEntryAndIsNotCopied() throws Exception {
        List<Item> list = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            list.add(item("k" + i, i));
        }

        queue.replace(list, "10");

        assertThat(queue.size()).isEqualTo(1);
        popAll(1);
        List<Item> received = recorder.lastReplaceAllArgument;
        assertThat(received).hasSize(100_000).isEqualTo(list);
        list.set(0, item("changed", 0));
        assertThat(received.get(0)).as("a view of the caller's list, not a copy").isEqualTo(item("changed", 0));
    }

    @Test
    void theListHandedToReplaceAllIsUnmodifiable() throws Exception {
        queue.replace(new ArrayList<>(List.of(item("a", 1))), "10");

        popAll(1);

        List<Item> received = recorder.lastReplaceAllArgument;
        assertThatThrownBy(() -> received.add(item("b", 1))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void replaceIsDeliveredInLogOrderBetweenChanges() throws Exception {
        queue.add(item("a", 1));
        queue.replace(List.of(item("b", 1)), "10");
        queue.update(item("b", 2));

        assertThat(queue.size()).isEqualTo(3);
        popAll(3);

        assertThat(recorder.calls).containsExactly(
                new Process(List.of(added("a", 1)), false),
                new ReplaceAll(List.of(item("b", 1)), false),
                new Process(List.of(updated("b", 2)), false));
        assertThat(recorder.cache.snapshot()).as("the consumer's diff deleted a").isEqualTo(Map.of("b", item("b", 2)));
    }

    // ---- resync ------------------------------------------------------------------------------------------------

    @Test
    void resyncIsOneEntryHandedToResyncAll() throws Exception {
        queue.replace(List.of(item("a", 1), item("b", 1)), "10");
        queue.resync();

        assertThat(queue.size()).isEqualTo(2);
        popAll(2);
        assertThat(recorder.calls).last().isEqualTo(new ResyncAll());
    }

    @Test
    void resyncIsNotQueuedAgainWhileOneIsWaiting() throws Exception {
        queue.resync();
        queue.resync();
        queue.add(item("a", 1));
        queue.resync();

        assertThat(queue.size()).isEqualTo(2);
        popAll(2);
        assertThat(recorder.calls).containsExactly(new ResyncAll(), new Process(List.of(added("a", 1)), false));
    }

    @Test
    void resyncIsQueuedAgainOnceTheWaitingOneWasPopped() throws Exception {
        queue.resync();
        popAll(1);

        queue.resync();

        assertThat(queue.size()).isEqualTo(1);
        popAll(1);
        assertThat(recorder.calls).containsExactly(new ResyncAll(), new ResyncAll());
    }

    // ---- hasSynced and initialList ------------------------------------------------------------------------------

    @Test
    void hasSyncedTurnsTrueOnlyAfterTheFirstReplaceIsProcessed() throws Exception {
        List<Boolean> seenInside = new ArrayList<>();
        recorder.during = () -> seenInside.add(queue.hasSynced());

        queue.replace(List.of(item("a", 1), item("b", 1)), "10");
        queue.add(item("c", 1)); // a change after the first replace does not count
        assertThat(queue.hasSynced()).isFalse();

        popAll(1);

        assertThat(seenInside).as("still false inside replaceAll").containsExactly(false);
        assertThat(queue.hasSynced()).isTrue();
    }

    @Test
    void hasSyncedTurnsTrueOnceAChangeArrivesBeforeAnyReplace() throws Exception {
        assertThat(queue.hasSynced()).isFalse();

        queue.delete(item("a", 1));

        assertThat(queue.hasSynced()).isTrue();
        queue.replace(List.of(item("a", 2)), "10");
        popAll(2);
        assertThat(recorder.calls).last().as("the replace is then not the initial list")
                .isEqualTo(new ReplaceAll(List.of(item("a", 2)), false));
    }

    @Test
    void hasSyncedIsTrueOnceAnEmptyFirstReplaceIsProcessed() throws Exception {
        queue.replace(List.of(), "10");
        assertThat(queue.hasSynced()).isFalse();

        popAll(1);

        assertThat(queue.hasSynced()).isTrue();
    }

    @Test
    void onlyTheFirstReplaceIsTheInitialList() throws Exception {
        queue.replace(List.of(item("a", 1)), "10");
        queue.update(item("a", 2));
        queue.replace(List.of(item("a", 3)), "11");

        popAll(3);

        assertThat(recorder.calls).containsExactly(
                new ReplaceAll(List.of(item("a", 1)), true),
                new Process(List.of(updated("a", 2)), false),
                new ReplaceAll(List.of(item("a", 3)), false));
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
    void closeWakesEveryBlockedPopper() throws Exception {
        Future<Boolean> first = threads.submit(() -> queue.pop(recorder));
        Future<Boolean> second = threads.submit(() -> queue.pop(recorder));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !first.isDone() && !second.isDone());

        queue.close();

        assertThat(first.get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(second.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void afterCloseQueuedWorkIsDiscardedProducersAreIgnoredAndPopReturnsFalse() throws Exception {
        queue.add(item("a", 1));

        queue.close();
        queue.add(item("b", 1));
        queue.update(item("a", 2));
        queue.delete(item("a", 2));
        queue.replace(List.of(item("c", 1)), "10");
        queue.resync();
        queue.close(); // idempotent

        assertThat(queue.size()).isZero();
        assertThat(queue.pop(recorder)).isFalse();
        assertThat(recorder.calls).isEmpty();
    }

    @Test
    void aProcessorThatThrowsLosesItsEntryAndLeavesTheQueueConsistent() throws Exception {
        queue.replace(List.of(item("a", 1)), "10");
        queue.resync();
        queue.add(item("b", 1));
        recorder.during = () -> {
            throw new IllegalStateException("index function failed");
        };

        assertThatThrownBy(() -> queue.pop(recorder)).hasMessage("index function failed");
        assertThat(queue.hasSynced()).as("the failed first relist counts as processed").isTrue();
        assertThatThrownBy(() -> queue.pop(recorder)).hasMessage("index function failed");
        assertThat(queue.size()).as("neither entry was re-queued").isEqualTo(1);

        recorder.during = () -> {};
        queue.resync(); // the failed resync no longer blocks a new one
        Future<?> producer = threads.submit(() -> queue.add(item("c", 1)));
        producer.get(5, TimeUnit.SECONDS); // the lock was released
        assertThat(queue.size()).isEqualTo(3);
        popAll(3);
        assertThat(recorder.calls.subList(2, 5)).containsExactly(
                new Process(List.of(added("b", 1)), false), new ResyncAll(), new Process(List.of(added("c", 1)), false));
    }

    @Test
    void theProcessorRunsUnderTheQueueLockSoProducersWaitButHasSyncedAndSizeDoNot() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue.replace(List.of(item("a", 1)), "10");
        recorder.during = () -> {
            inside.countDown();
            awaitUninterruptibly(release);
        };
        Future<Boolean> popped = threads.submit(() -> queue.pop(recorder));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        Future<?> producer = threads.submit(() -> queue.add(item("b", 1)));
        assertThat(queue.hasSynced()).isFalse();
        assertThat(queue.size()).isZero();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !producer.isDone());

        release.countDown();
        assertThat(popped.get(5, TimeUnit.SECONDS)).isTrue();
        producer.get(5, TimeUnit.SECONDS);
        assertThat(queue.hasSynced()).isTrue();
        assertThat(queue.size()).isEqualTo(1);
    }

    // ---- concurrency ---------------------------------------------------------------------------------------------

    @Test
    void aProducerAndAPopperOnTwoThreadsLoseNothingAndKeepPerKeyOrder() throws Exception {
        int changes = 50_000;
        FifoRecorder.OrderChecker checker = new FifoRecorder.OrderChecker();
        DeltaQueue<Item> fifo = DeltaQueue.inOrder(FifoRecorder.KEY);
        CountDownLatch producerDone = new CountDownLatch(1);
        try {
            Future<Integer> popper = threads.submit(() -> {
                int pops = 0;
                while (checker.received < changes) {
                    if (!fifo.pop(checker)) {
                        throw new AssertionError("closed early");
                    }
                    pops++;
                }
                return pops;
            });
            Future<Map<String, Item>> producer = threads.submit(() -> {
                try {
                    return FifoRecorder.produce(fifo, changes, 64);
                } finally {
                    producerDone.countDown();
                }
            });
            Future<Integer> resyncer = threads.submit(() -> {
                int calls = 0;
                while (producerDone.getCount() > 0) {
                    fifo.resync();
                    calls++;
                }
                return calls;
            });

            Map<String, Item> expected = producer.get(20, TimeUnit.SECONDS);
            int pops = popper.get(20, TimeUnit.SECONDS);
            int resyncCalls = resyncer.get(20, TimeUnit.SECONDS);

            assertThat(checker.violations).isEmpty();
            assertThat(checker.received).isEqualTo(changes);
            assertThat(checker.versions).hasSize(changes);
            assertThat(checker.cache.snapshot()).isEqualTo(expected);
            assertThat(pops).as("one pop per change, plus the resyncs popped before the last change")
                    .isEqualTo(changes + checker.resyncs);
            assertThat(checker.resyncs).as("resyncs waiting are not queued twice").isLessThanOrEqualTo(resyncCalls);
            assertThat(fifo.size()).as("at most one resync left").isLessThanOrEqualTo(1);
        } finally {
            fifo.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private void popAll(int entries) throws InterruptedException {
        for (int i = 0; i < entries; i++) {
            assertThat(queue.pop(recorder)).isTrue();
        }
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
}
