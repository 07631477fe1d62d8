package dev.capstan.testing.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * A response the proxy sends instead of forwarding a request: a Kubernetes {@code Status}
 * body with the given code and, optionally, a {@code Retry-After} header.
 *
 * @param code the HTTP status code
 * @param retryAfter the {@code Retry-After} header in whole seconds, or {@code null} for none
 * @param reason the {@code Status} reason, e.g. {@code TooManyRequests}
 * @param message the {@code Status} message
 */
public record InjectedResponse(int code, Duration retryAfter, String reason, String message) {

    public InjectedResponse {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("not an HTTP status code: " + code);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** 429 Too Many Requests with {@code Retry-After} (what API Priority and Fairness sends). */
    public static InjectedResponse tooManyRequests(Duration retryAfter) {
        Objects.requireNonNull(retryAfter, "retryAfter");
        return new InjectedResponse(429, retryAfter, "TooManyRequests", "injected by the fault proxy: too many requests, retry after "
                + retryAfter.toSeconds() + " s");
    }

    /** A 5xx (or any other code) without {@code Retry-After}, e.g. {@code status(503)}. */
    public static InjectedResponse status(int code) {
        return new InjectedResponse(code, null, code >= 500 ? "InternalError" : "BadRequest",
                "injected by the fault proxy: " + code);
    }

    /** The JSON {@code Status} body. */
    String body() {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code
                + (retryAfter == null ? "" : ",\"details\":{\"retryAfterSeconds\":" + retryAfter.toSeconds() + "}") + "}";
    }
}
