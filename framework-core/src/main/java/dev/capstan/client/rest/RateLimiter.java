package dev.capstan.client.rest;

import java.time.Duration;

/**
 * Client-side request rate limiting, as client-go's token bucket: {@code qps} tokens per
 * second refill a bucket of {@code burst}; each request takes one and waits when the bucket is
 * empty. Defaults follow client-go (5 QPS, burst 10) only where Capstan's own default is not
 * set; Capstan's {@link RestClient} defaults to 50 QPS, burst 100.
 */
public interface RateLimiter {

    /** How long the caller must wait before sending; reserves the token. Never negative. */
    Duration reserve();

    /** A limiter that never waits. */
    static RateLimiter unlimited() {
        return () -> Duration.ZERO;
    }

    /** A token bucket. */
    static RateLimiter tokenBucket(double qps, int burst) {
        return new TokenBucket(qps, burst, System::nanoTime);
    }
}
