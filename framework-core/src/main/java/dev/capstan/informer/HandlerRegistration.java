package dev.capstan.informer;

/**
 * One handler's registration with a {@link SharedIndexInformer}: its own sync state and its
 * removal.
 */
public interface HandlerRegistration {

    /**
     * Whether the informer has synced <b>and</b> this handler has processed every notification of
     * the initial list (or, for a handler added after start, of the replay of the cache). The
     * informer's own {@link SharedIndexInformer#hasSynced()} does not promise the latter
     * (client-go rule: use the registration's).
     */
    boolean hasSynced();

    /**
     * Stops delivery to this handler. Asynchronous: notifications already buffered may still be
     * delivered after this returns. Idempotent.
     */
    void remove();

    /** Whether {@link #remove()} was called (or the informer stopped). */
    boolean isRemoved();
}
