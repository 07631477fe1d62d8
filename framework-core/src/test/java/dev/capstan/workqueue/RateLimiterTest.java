package dev.capstan.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void exponentialDoublesPerItemUntilTheCap() {
        RateLimiter<String> limiter = RateLimiter.exponential(ms(1), ms(1000));

        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            delays.add(limiter.when("a"));
        }

        assertThat(delays).containsExactly(ms(1), ms(2), ms(4), ms(8), ms(16), ms(32), ms(64), ms(128),
                ms(256), ms(512), ms(1000), ms(1000));
        assertThat(limiter.numRequeues("a")).isEqualTo(12);
        assertThat(limiter.when("b")).as("per item").isEqualTo(ms(1));
    }

    @Test
    void exponentialForgetResetsTheItem() {
        RateLimiter<String> limiter = RateLimiter.exponential(ms(5), Duration.ofSeconds(1000));
        limiter.when("a");
        limiter.when("a");
        limiter.when("b");

        limiter.forget("a");

        assertThat(limiter.numRequeues("a")).isZero();
        assertThat(limiter.when("a")).isEqualTo(ms(5));
        assertThat(limiter.numRequeues("b")).isEqualTo(1);
    }

    @Test
    void exponentialDefaultsAreFiveMillisecondsToThousandSecondsAndNeverOverflow() {
        RateLimiter<String> limiter = RateLimiter.exponential();
        assertThat(limiter.when("a")).isEqualTo(ms(5));
        assertThat(limiter.when("a")).isEqualTo(ms(10));
        for (int i = 0; i < 200; i++) {
            limiter.when("a");
        }
        assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1000));
    }

    @Test
    void tokenBucketAllowsTheBurstThenSpacesRetriesAtQps() {
        FakeTicker ticker = new FakeTicker();
        RateLimiter<String> limiter = RateLimiter.tokenBucket(10, 3, ticker);

        assertThat(limiter.when("a")).isZero();
        assertThat(limiter.when("b")).isZero();
        assertThat(limiter.when("a")).isZero();
        assertThat(limiter.when("c")).isEqualTo(ms(100));
        assertThat(limiter.when("d")).isEqualTo(ms(200));

        ticker.advance(ms(200)); // the two reservations are paid back, bucket at 0
        assertThat(limiter.when("e")).isEqualTo(ms(100));

        ticker.advance(Duration.ofSeconds(10)); // refills to the burst, not beyond
        assertThat(limiter.when("f")).isZero();
        assertThat(limiter.when("f")).isZero();
        assertThat(limiter.when("f")).isZero();
        assertThat(limiter.when("f")).isEqualTo(ms(100));
        assertThat(limiter.numRequeues("f")).isZero();
    }

    @Test
    void tokenBucketDefaultsAreTenQpsWithBurstOfHundred() {
        FakeTicker ticker = new FakeTicker();
        RateLimiter<String> limiter = RateLimiter.defaultControllerRateLimiter(ticker);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.when("item-" + i)).isEqualTo(ms(5));
        }
        assertThat(limiter.when("item-100")).as("bucket empty: 1/10 s").isEqualTo(ms(100));
        assertThat(limiter.when("item-101")).isEqualTo(ms(200));
    }

    @Test
    void maxOfTakesTheLongestDelayAndForgetsInEveryChild() {
        FakeTicker ticker = new FakeTicker();
        RateLimiter<String> limiter = RateLimiter.maxOf(
                RateLimiter.exponential(ms(1), Duration.ofSeconds(10)),
                RateLimiter.fastSlow(ms(3), ms(50), 2),
                RateLimiter.tokenBucket(1, 100, ticker));

        assertThat(limiter.when("a")).isEqualTo(ms(3));  // exp 1, fast 3
        assertThat(limiter.when("a")).isEqualTo(ms(3));  // exp 2, fast 3
        assertThat(limiter.when("a")).isEqualTo(ms(50)); // exp 4, slow 50
        for (int i = 0; i < 4; i++) {
            limiter.when("a");
        }
        assertThat(limiter.when("a")).isEqualTo(ms(128)); // exp wins
        assertThat(limiter.numRequeues("a")).isEqualTo(8);

        limiter.forget("a");
        assertThat(limiter.numRequeues("a")).isZero();
        assertThat(limiter.when("a")).isEqualTo(ms(3));
    }

    @Test
    void fastSlowSwitchesAfterMaxFastAttemptsAndForgetResets() {
        RateLimiter<String> limiter = RateLimiter.fastSlow(ms(5), Duration.ofSeconds(10), 3);

        assertThat(List.of(limiter.when("a"), limiter.when("a"), limiter.when("a"), limiter.when("a"), limiter.when("a")))
                .containsExactly(ms(5), ms(5), ms(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(limiter.numRequeues("a")).isEqualTo(5);
        assertThat(limiter.when("b")).isEqualTo(ms(5));

        limiter.forget("a");
        assertThat(limiter.numRequeues("a")).isZero();
        assertThat(limiter.when("a")).isEqualTo(ms(5));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> RateLimiter.tokenBucket(0, 1, Ticker.system())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimiter.tokenBucket(1, 0, Ticker.system())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimiter.exponential(ms(-1), ms(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(RateLimiter::<String>maxOf).isInstanceOf(IllegalArgumentException.class);
    }
}
