package dev.capstan.boot.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A validating webhook's answer: allowed, or denied with a message and an HTTP status code, in
 * either case with optional warnings that {@code kubectl} prints to the user.
 *
 * <pre>{@code
 * return AdmissionResult.deny("spec.replicas must not be negative");       // 403
 * return AdmissionResult.deny("name is taken by " + other, 409);
 * return AdmissionResult.allow().withWarnings("spec.legacy is deprecated; use spec.modern");
 * }</pre>
 *
 * The API server shows a denial as {@code admission webhook "<webhook name>" denied the
 * request: <message>}; the message is seen by whoever made the request, so it must not reveal
 * anything they may not read.
 *
 * @param allowed whether the API server may go on with the request
 * @param message why the request was denied; null when allowed
 * @param code the HTTP status the API server answers a denied request with (400–599); 0 when allowed
 * @param warnings shown to the client either way (keep each under 120 characters); unmodifiable
 */
public record AdmissionResult(boolean allowed, @Nullable String message, int code, List<String> warnings) {

    /** The status code of {@link #deny(String)}: 403 Forbidden, as the API server itself uses. */
    public static final int DEFAULT_DENIAL_CODE = 403;

    private static final AdmissionResult ALLOWED = new AdmissionResult(true, null, 0, List.of());

    /**
     * Checks the combination: an allowed result has no message and code 0; a denied one has a
     * non-blank message and a code from 400 to 599.
     */
    public AdmissionResult {
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
        if (allowed) {
            if (message != null || code != 0) {
                throw new IllegalArgumentException("an allowed AdmissionResult has no message and code 0; use allow()");
            }
        } else {
            if (message == null || message.isBlank()) {
                throw new IllegalArgumentException("a denial needs a message saying why");
            }
            if (code < 400 || code > 599) {
                throw new IllegalArgumentException("a denial's code is an HTTP error status (400-599), not " + code);
            }
        }
    }

    /** Lets the request through. */
    public static AdmissionResult allow() {
        return ALLOWED;
    }

    /** Denies the request with code 403 Forbidden. */
    public static AdmissionResult deny(String message) {
        return deny(message, DEFAULT_DENIAL_CODE);
    }

    /** Denies the request with an HTTP error status of the webhook's choosing, for example 422. */
    public static AdmissionResult deny(String message, int code) {
        return new AdmissionResult(false, Objects.requireNonNull(message, "message"), code, List.of());
    }

    /** A copy with {@code more} added to the warnings. */
    public AdmissionResult withWarnings(String... more) {
        List<String> all = new ArrayList<>(warnings);
        for (String warning : more) {
            all.add(Objects.requireNonNull(warning, "warning"));
        }
        return new AdmissionResult(allowed, message, code, all);
    }
}
