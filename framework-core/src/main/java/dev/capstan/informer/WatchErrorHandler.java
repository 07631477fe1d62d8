package dev.capstan.informer;

/**
 * Told about every list or watch failure of a {@link Reflector} (client-go's
 * {@code WatchErrorHandler}). The reflector recovers on its own (backs off, watches again or
 * relists); the handler is for logging, metrics or alerting. Runs on the reflector's thread:
 * return quickly, do not block.
 */
@FunctionalInterface
public interface WatchErrorHandler {

    /**
     * @param description what the reflector lists and watches ({@code configmaps in all namespaces})
     * @param error what went wrong; its message names the verb and resource
     */
    void onError(String description, Throwable error);

    /** The default: one WARNING line per failure, with the resource and the reason (no stack trace for API errors). */
    static WatchErrorHandler logging() {
        System.Logger log = System.getLogger(Reflector.class.getName());
        return (description, error) -> {
            if (error instanceof dev.capstan.client.rest.KubernetesApiException || error instanceof dev.capstan.api.DecodeException) {
                log.log(System.Logger.Level.WARNING, description + ": " + error.getMessage());
            } else {
                log.log(System.Logger.Level.WARNING, description + ": " + error, error);
            }
        };
    }
}
