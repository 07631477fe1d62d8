package dev.capstan.workqueue;

import java.util.Optional;

/**
 * A deduplicating FIFO of keys with client-go's work-queue contract: a key is never handed to two
 * workers at once, and an add is never lost.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Dedup.</b> An item added again while it waits (is <i>dirty</i>) is not queued twice:
 *       it is handed out once, at its first position.</li>
 *   <li><b>Dirty/processing rule.</b> An item added while a worker holds it (between {@link #get}
 *       and {@link #done}) is marked dirty but not queued; {@link #done} queues it again. So the
 *       same item is never processed concurrently, yet the later add is not lost.</li>
 *   <li><b>Shutdown.</b> After {@link #shutDown}, {@link #add} is ignored. {@link #get} keeps
 *       handing out the items still waiting and returns {@link Optional#empty()} only once the
 *       queue is shutting down <i>and</i> empty (client-go returns {@code shutdown=true} in exactly
 *       that case), so workers drain what remains. An item re-added while processing, before the
 *       shutdown, is still queued by {@link #done}.</li>
 * </ul>
 * Items must have value semantics ({@code equals}/{@code hashCode}) and should be immutable
 * (for resources, {@code Request(namespace, name)}).
 *
 * <p>Typical worker loop:
 * <pre>{@code
 * for (Optional<Request> next; (next = queue.get()).isPresent(); ) {
 *     Request key = next.get();
 *     try { reconcile(key); } finally { queue.done(key); }   // ✅ always done, even on failure
 * }
 * }</pre>
 * ❌ Forgetting {@code done} keeps the key in <i>processing</i> forever: later adds of it are
 * never handed out, and {@link #shutDownWithDrain} never returns.
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use by any number of producers and
 * workers. {@link #get} and {@link #shutDownWithDrain} block; the others do not.
 */
public interface WorkQueue<T> {

    /** Queues {@code item} unless it is already waiting; ignored while shutting down. Never blocks. */
    void add(T item);

    /**
     * Blocks until an item is available and hands it to the caller, who must call {@link #done}
     * with it when finished. Returns empty once the queue is shutting down and no item waits.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    Optional<T> get() throws InterruptedException;

    /**
     * Marks {@code item} as no longer being processed; if it was added meanwhile, queues it again.
     * Calling it for an item not handed out by {@link #get} is a no-op.
     */
    void done(T item);

    /** The number of items waiting to be handed out (not counting those being processed). */
    int len();

    /** Stops accepting items and wakes every waiting {@link #get}; does not wait for workers. Idempotent. */
    void shutDown();

    /**
     * Like {@link #shutDown}, then blocks until every item handed out has been {@link #done}.
     * Waiting items are still handed out meanwhile. A concurrent {@link #shutDown} ends the wait
     * early (as in client-go).
     *
     * @throws InterruptedException if interrupted while waiting for the workers
     */
    void shutDownWithDrain() throws InterruptedException;

    /** Whether {@link #shutDown} or {@link #shutDownWithDrain} was called. */
    boolean isShuttingDown();

    /** A queue with default options. */
    static <T> WorkQueue<T> create() {
        return create(WorkQueueOptions.defaults());
    }

    /** A queue with the given options (name, ticker, metrics). */
    static <T> WorkQueue<T> create(WorkQueueOptions options) {
        return new DefaultWorkQueue<>(options);
    }
}
