package dev.capstan.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final WorkQueue<String> queue = WorkQueue.create();

    @Test
    void itemAddedTwiceBeforeGetIsHandedOutOnce() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");

        assertThat(queue.len()).isEqualTo(2);
        assertThat(queue.get()).contains("a");
        assertThat(queue.get()).contains("b");
        assertThat(queue.len()).isZero();
    }

    @Test
    void itemReAddedWhileProcessingIsNotHandedOutUntilDone() throws Exception {
        queue.add("a");
        assertThat(queue.get()).contains("a");

        queue.add("a");
        queue.add("a");
        assertThat(queue.len()).as("held by a worker: dirty but not queued").isZero();

        CompletableFuture<Optional<String>> second = CompletableFuture.supplyAsync(this::getUnchecked);
        queue.add("b");
        assertThat(second.get()).as("another worker gets the other item, never 'a'").contains("b");

        queue.done("a");
        assertThat(queue.len()).as("done re-queues the dirty item once").isEqualTo(1);
        assertThat(queue.get()).contains("a");
        queue.done("a");
        assertThat(queue.len()).isZero();
    }

    @Test
    void doneWithoutReAddDoesNotRequeue() throws Exception {
        queue.add("a");
        assertThat(queue.get()).contains("a");
        queue.done("a");
        queue.done("a"); // a second done is a no-op
        assertThat(queue.len()).isZero();
    }

    @Test
    void getBlocksUntilAnItemIsAdded() {
        CompletableFuture<Optional<String>> waiting = CompletableFuture.supplyAsync(this::getUnchecked);
        assertThat(waiting).isNotDone();

        queue.add("x");

        await().atMost(Duration.ofSeconds(2)).until(waiting::isDone);
        assertThat(waiting.join()).contains("x");
    }

    @Test
    void afterShutDownAddIsIgnoredAndGetDrainsWaitingItemsThenReturnsEmpty() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.shutDown();
        queue.add("c");

        assertThat(queue.isShuttingDown()).isTrue();
        assertThat(queue.len()).isEqualTo(2);
        assertThat(queue.get()).contains("a");
        assertThat(queue.get()).contains("b");
        assertThat(queue.get()).isEmpty();
        assertThat(queue.get()).isEmpty();
    }

    @Test
    void shutDownWakesBlockedWorkers() {
        List<CompletableFuture<Optional<String>>> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(CompletableFuture.supplyAsync(this::getUnchecked));
        }
        queue.shutDown();
        for (CompletableFuture<Optional<String>> worker : workers) {
            await().atMost(Duration.ofSeconds(2)).until(worker::isDone);
            assertThat(worker.join()).isEmpty();
        }
    }

    @Test
    void itemReAddedBeforeShutDownIsStillQueuedByDone() throws Exception {
        queue.add("a");
        assertThat(queue.get()).contains("a");
        queue.add("a");
        queue.shutDown();

        queue.done("a");

        assertThat(queue.get()).contains("a");
        queue.done("a");
        assertThat(queue.get()).isEmpty();
    }

    @Test
    void shutDownWithDrainWaitsUntilProcessingItemsAreDone() throws Exception {
        queue.add("a");
        queue.add("b");
        assertThat(queue.get()).contains("a");

        CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> {
            try {
                queue.shutDownWithDrain();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(2)).until(queue::isShuttingDown);
        assertThat(drain).isNotDone();

        assertThat(queue.get()).as("waiting items are still handed out while draining").contains("b");
        queue.done("a");
        assertThat(drain).isNotDone();
        queue.done("b");

        await().atMost(Duration.ofSeconds(2)).until(drain::isDone);
        assertThat(queue.get()).isEmpty();
    }

    @Test
    void shutDownWithDrainReturnsAtOnceWhenNothingIsProcessing() throws Exception {
        queue.shutDownWithDrain();
        assertThat(queue.isShuttingDown()).isTrue();
    }

    @Test
    void concurrentShutDownEndsADrainEarly() throws Exception {
        queue.add("a");
        assertThat(queue.get()).contains("a");
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> {
            try {
                queue.shutDownWithDrain();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(2)).until(queue::isShuttingDown);

        queue.shutDown();

        await().atMost(Duration.ofSeconds(2)).until(drain::isDone);
    }

    @Test
    void metricsReportAddsDepthLatencyAndWorkDuration() throws Exception {
        FakeTicker ticker = new FakeTicker();
        List<String> events = new CopyOnWriteArrayList<>();
        WorkQueueMetrics metrics = new WorkQueueMetrics() {
            @Override public void depth(int depth) { events.add("depth=" + depth); }
            @Override public void added() { events.add("added"); }
            @Override public void queueLatency(Duration latency) { events.add("latency=" + latency.toMillis()); }
            @Override public void workDuration(Duration duration) { events.add("work=" + duration.toMillis()); }
        };
        WorkQueue<String> measured = WorkQueue.create(WorkQueueOptions.defaults().withTicker(ticker).withMetrics(metrics));

        measured.add("a");
        ticker.advance(Duration.ofMillis(30));
        measured.get();
        ticker.advance(Duration.ofMillis(70));
        measured.done("a");

        assertThat(events).containsExactly("added", "depth=1", "latency=30", "depth=0", "work=70");
    }

    private Optional<String> getUnchecked() {
        try {
            return queue.get();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
