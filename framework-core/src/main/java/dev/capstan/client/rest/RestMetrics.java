package dev.capstan.client.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * Receives one measurement per HTTP attempt (retries count separately, as in client-go). No-op
 * by default ({@link #NOOP}); {@link #micrometer} binds client-go's metric names:
 * <ul>
 *   <li>{@code rest_client_requests_total{code,method,host}} — {@code code} is the HTTP status,
 *       or {@code <error>} when no response arrived;</li>
 *   <li>{@code rest_client_request_duration_seconds{verb,host}} (histogram).</li>
 * </ul>
 * Called on Netty event-loop threads: implementations must be fast and must not block.
 */
public interface RestMetrics {

    RestMetrics NOOP = (method, host, code, duration) -> { };

    /**
     * One attempt finished.
     *
     * @param code the HTTP status code, or 0 when the attempt failed without a response
     */
    void request(String method, String host, int code, Duration duration);

    /** client-go's names in {@code registry}. */
    static RestMetrics micrometer(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return (method, host, code, duration) -> {
            Counter.builder("rest_client_requests").description("Number of HTTP requests, partitioned by status code, method, and host")
                    .tags("code", code == 0 ? "<error>" : Integer.toString(code), "method", method, "host", host)
                    .register(registry).increment();
            Timer.builder("rest_client_request_duration").description("Request latency in seconds. Broken down by verb and host.")
                    .tags("verb", method, "host", host).publishPercentileHistogram()
                    .register(registry).record(duration);
        };
    }
}
