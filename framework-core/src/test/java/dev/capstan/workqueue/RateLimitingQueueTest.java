package dev.capstan.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitingQueueTest {

    private final FakeTicker ticker = new FakeTicker();
    private final RateLimitingQueue<String> queue = RateLimitingQueue.create(
            RateLimiter.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)),
            WorkQueueOptions.defaults().withTicker(ticker));

    @AfterEach
    void shutDown() {
        queue.shutDown();
    }

    @Test
    void addRateLimitedDelaysByTheLimiterAndCountsRequeues() throws Exception {
        queue.addRateLimited("a");
        assertThat(queue.numRequeues("a")).isEqualTo(1);
        assertThat(queue.len()).isZero();

        ticker.advance(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(2)).until(() -> queue.len() == 1);
        assertThat(queue.get()).contains("a");

        queue.addRateLimited("a"); // failed again: 200 ms
        queue.done("a");
        ticker.advance(Duration.ofMillis(199));
        assertThat(queue.len()).isZero();
        ticker.advance(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(2)).until(() -> queue.len() == 1);
        assertThat(queue.numRequeues("a")).isEqualTo(2);
    }

    @Test
    void forgetResetsBackoffButLeavesTheQueueAlone() {
        queue.addRateLimited("a");
        queue.addRateLimited("a");
        queue.add("a");

        queue.forget("a");

        assertThat(queue.numRequeues("a")).isZero();
        assertThat(queue.len()).isEqualTo(1);
    }

    @Test
    void addRateLimitedAfterShutDownIsIgnored() {
        queue.shutDown();
        queue.addRateLimited("a");
        ticker.advance(Duration.ofSeconds(5));
        assertThat(queue.len()).isZero();
    }
}
