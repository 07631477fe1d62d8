package dev.capstan.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DelayingQueueTest {

    private static final Duration AWAIT = Duration.ofSeconds(2);

    private final FakeTicker ticker = new FakeTicker();
    private final AtomicInteger retries = new AtomicInteger();
    private final DelayingQueue<String> queue = DelayingQueue.create(WorkQueueOptions.defaults()
            .withName("test").withTicker(ticker).withMetrics(new WorkQueueMetrics() {
                @Override public void retried() { retries.incrementAndGet(); }
            }));

    @AfterEach
    void shutDown() {
        queue.shutDown();
    }

    @Test
    void nonPositiveDelayAddsImmediately() {
        queue.addAfter("zero", Duration.ZERO);
        queue.addAfter("negative", Duration.ofSeconds(-1));
        assertThat(queue.len()).isEqualTo(2);
    }

    @Test
    void itemBecomesAvailableOnlyWhenTheTickerPassesItsReadyTime() throws Exception {
        queue.addAfter("a", Duration.ofSeconds(1));
        assertThat(queue.len()).isZero();

        ticker.advance(Duration.ofMillis(999));
        assertThat(scheduledCount()).isEqualTo(1);
        assertThat(queue.len()).isZero();

        ticker.advance(Duration.ofMillis(1));
        await().atMost(AWAIT).until(() -> queue.len() == 1);
        assertThat(queue.get()).contains("a");
        assertThat(retries).hasValue(1);
    }

    @Test
    void itemsComeOutInReadyTimeOrderNotSchedulingOrder() throws Exception {
        queue.addAfter("c", Duration.ofSeconds(3));
        queue.addAfter("a", Duration.ofSeconds(1));
        queue.addAfter("b", Duration.ofSeconds(2));
        queue.addAfter("a2", Duration.ofSeconds(1));

        ticker.advance(Duration.ofSeconds(1));
        await().atMost(AWAIT).until(() -> queue.len() == 2);
        ticker.advance(Duration.ofSeconds(5));
        await().atMost(AWAIT).until(() -> queue.len() == 4);

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(queue.get().orElseThrow());
        }
        assertThat(order).containsExactly("a", "a2", "b", "c");
    }

    @Test
    void itemScheduledTwiceKeepsTheEarlierReadyTime() {
        queue.addAfter("late-then-early", Duration.ofSeconds(10));
        queue.addAfter("late-then-early", Duration.ofSeconds(1));
        queue.addAfter("early-then-late", Duration.ofSeconds(1));
        queue.addAfter("early-then-late", Duration.ofSeconds(10));
        assertThat(scheduledCount()).isEqualTo(2);

        ticker.advance(Duration.ofSeconds(1));

        await().atMost(AWAIT).until(() -> queue.len() == 2);
        assertThat(scheduledCount()).isZero();
        ticker.advance(Duration.ofSeconds(20));
        assertThat(queue.len()).as("no second copy fires later").isEqualTo(2);
    }

    @Test
    void readyItemFollowsWorkQueueRulesWhileProcessing() throws Exception {
        queue.add("a");
        assertThat(queue.get()).contains("a");
        queue.addAfter("a", Duration.ofSeconds(1));
        ticker.advance(Duration.ofSeconds(1));
        await().atMost(AWAIT).until(() -> scheduledCount() == 0);

        assertThat(queue.len()).as("still processing: dirty, not queued").isZero();
        queue.done("a");
        assertThat(queue.len()).isEqualTo(1);
    }

    @Test
    void shutDownStopsTheTimerThreadAndDropsScheduledItems() throws Exception {
        queue.addAfter("a", Duration.ofSeconds(1));
        queue.shutDown();
        queue.addAfter("b", Duration.ofSeconds(1));

        assertThat(((DefaultDelayingQueue<String>) queue).awaitTimerStopped(AWAIT)).isTrue();
        ticker.advance(Duration.ofSeconds(5));
        assertThat(queue.len()).isZero();
        assertThat(queue.get()).isEmpty();
    }

    @Test
    void systemTickerFiresWithoutAdvancing() throws Exception {
        DelayingQueue<String> real = DelayingQueue.create();
        try {
            real.addAfter("soon", Duration.ofMillis(20));
            await().atMost(AWAIT).until(() -> real.len() == 1);
            assertThat(real.get()).contains("soon");
        } finally {
            real.shutDown();
        }
    }

    private int scheduledCount() {
        return ((DefaultDelayingQueue<String>) queue).scheduledCount();
    }
}
