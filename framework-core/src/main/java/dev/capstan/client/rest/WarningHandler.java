package dev.capstan.client.rest;

/**
 * Receives the text of {@code Warning} headers the API server sends (deprecated APIs, fields
 * the server dropped, policy warnings), as client-go's {@code WarningHandler}. The
 * {@link RestClient} calls it once per distinct text; implementations must be thread-safe and
 * must not block.
 */
@FunctionalInterface
public interface WarningHandler {

    /** Called with the warning's text (the quoted part of {@code 299 - "text"}). */
    void handle(String warning);

    /** Logs each warning at WARNING level through {@code System.Logger} (the default). */
    static WarningHandler logging() {
        System.Logger log = System.getLogger(RestClient.class.getName());
        return warning -> log.log(System.Logger.Level.WARNING, "API server warning: {0}", warning);
    }

    /** Ignores warnings. */
    static WarningHandler ignore() {
        return warning -> { };
    }
}
