package dev.capstan.client.rest;

import java.time.Duration;

/**
 * Tuning of a {@link RestClient}; each component documents its default ({@link #defaults()}).
 *
 * @param qps requests per second the client sends at most, sustained. Default 50.
 * @param burst requests that may go at once after a quiet period. Default 100.
 * @param rateLimited whether client-side rate limiting is on. Default true.
 * @param connectTimeout TCP/TLS connect timeout. Default 10 s.
 * @param requestTimeout how long a non-watch request may take in total. Default 60 s.
 * @param maxRetries retries after 429 / 5xx with Retry-After and after connection resets of
 *     GET requests. Default 10, as client-go.
 * @param http2 whether to offer HTTP/2 (ALPN) besides HTTP/1.1. Default true.
 * @param compression whether to ask for gzip-compressed responses, as client-go does. Default true.
 * @param warningHandler receives each distinct {@code Warning} header text once. Default:
 *     {@link WarningHandler#logging()}.
 */
public record RestOptions(
        double qps, int burst, boolean rateLimited, Duration connectTimeout, Duration requestTimeout, int maxRetries,
        boolean http2, boolean compression, WarningHandler warningHandler, RestMetrics metrics) {

    public RestOptions {
        if (rateLimited && (!(qps > 0) || burst < 1)) {
            throw new IllegalArgumentException("qps must be > 0 and burst >= 1 when rate limiting is on; got qps=" + qps
                    + ", burst=" + burst + " (turn it off with rateLimited(false))");
        }
        java.util.Objects.requireNonNull(warningHandler, "warningHandler");
        java.util.Objects.requireNonNull(metrics, "metrics");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
    }

    public static RestOptions defaults() {
        return new RestOptions(50, 100, true, Duration.ofSeconds(10), Duration.ofSeconds(60), 10, true, true, WarningHandler.logging(), RestMetrics.NOOP);
    }

    public RestOptions withRateLimit(double qps, int burst) {
        return new RestOptions(qps, burst, true, connectTimeout, requestTimeout, maxRetries, http2, compression, warningHandler, metrics);
    }

    public RestOptions withoutRateLimit() {
        return new RestOptions(qps, burst, false, connectTimeout, requestTimeout, maxRetries, http2, compression, warningHandler, metrics);
    }

    public RestOptions withRequestTimeout(Duration timeout) {
        return new RestOptions(qps, burst, rateLimited, connectTimeout, timeout, maxRetries, http2, compression, warningHandler, metrics);
    }

    public RestOptions withMaxRetries(int retries) {
        return new RestOptions(qps, burst, rateLimited, connectTimeout, requestTimeout, retries, http2, compression, warningHandler, metrics);
    }

    public RestOptions withHttp2(boolean enabled) {
        return new RestOptions(qps, burst, rateLimited, connectTimeout, requestTimeout, maxRetries, enabled, compression, warningHandler, metrics);
    }

    public RestOptions withCompression(boolean enabled) {
        return new RestOptions(qps, burst, rateLimited, connectTimeout, requestTimeout, maxRetries, http2, enabled, warningHandler, metrics);
    }

    public RestOptions withWarningHandler(WarningHandler handler) {
        return new RestOptions(qps, burst, rateLimited, connectTimeout, requestTimeout, maxRetries, http2, compression, handler, metrics);
    }

    /** Where each HTTP attempt is measured; {@link RestMetrics#NOOP} by default. */
    public RestOptions withMetrics(RestMetrics value) {
        return new RestOptions(qps, burst, rateLimited, connectTimeout, requestTimeout, maxRetries, http2, compression, warningHandler, value);
    }
}
