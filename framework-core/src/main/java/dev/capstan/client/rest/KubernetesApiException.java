package dev.capstan.client.rest;

import dev.capstan.api.meta.v1.Status;

/**
 * The API server refused a request, or it could not be completed. Carries the server's
 * {@link Status} when it sent one (code, reason, message, details) and names the verb and the
 * resource in its message.
 *
 * <pre>{@code
 * try {
 *     pods.get("web");
 * } catch (KubernetesApiException e) {
 *     if (e.isNotFound()) { … }
 * }
 * }</pre>
 */
public class KubernetesApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient Status status;
    private final java.time.Duration retryAfter;

    public KubernetesApiException(String message, int code, Status status, Throwable cause) {
        this(message, code, status, cause, null);
    }

    /** With the server's {@code Retry-After} (429, some 5xx), when it sent one. */
    public KubernetesApiException(String message, int code, Status status, Throwable cause, java.time.Duration retryAfter) {
        super(message, cause);
        this.code = code;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** How long the server asked the client to wait ({@code Retry-After}), when it said. */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.ofNullable(retryAfter);
    }

    /** The HTTP status code; 0 when no response was received (connection failure). */
    public int code() {
        return code;
    }

    /** The server's Status object, or {@code null} when the response carried none. */
    public Status status() {
        return status;
    }

    /** The machine-readable reason ({@code NotFound}, {@code Conflict}, …) or {@code ""}. */
    public String reason() {
        return status != null && status.reason() != null ? status.reason() : "";
    }

    public boolean isNotFound() {
        return code == 404;
    }

    /** 409 because the object changed since it was read (optimistic concurrency), or an apply conflict. */
    public boolean isConflict() {
        return code == 409 && !"AlreadyExists".equals(reason());
    }

    public boolean isAlreadyExists() {
        return code == 409 && "AlreadyExists".equals(reason());
    }

    /** 410: the requested resourceVersion is too old; relist. */
    public boolean isGone() {
        return code == 410 || "Expired".equals(reason()) || "Gone".equals(reason());
    }

    public boolean isForbidden() {
        return code == 403;
    }

    public boolean isUnauthorized() {
        return code == 401;
    }

    public boolean isInvalid() {
        return code == 422;
    }

    public boolean isTooManyRequests() {
        return code == 429;
    }

    public boolean isServerError() {
        return code >= 500;
    }
}
