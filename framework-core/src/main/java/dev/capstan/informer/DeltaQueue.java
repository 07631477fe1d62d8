package dev.capstan.informer;

import java.util.List;

/**
 * The queue between a {@link Reflector} (one producer) and an informer (one consumer). Two
 * implementations with client-go's semantics:
 * <ul>
 *   <li>{@link #deltaFifo} — the seed document's DeltaFIFO: one list of deltas per key, popped
 *       together; a relist queues {@code REPLACED} for every listed object and a
 *       final-state-unknown {@code DELETED} for every known key the list lacks; two consecutive
 *       deletions collapse; {@link #resync} queues {@code SYNC} only for keys with nothing
 *       queued.</li>
 *   <li>{@link #inOrder} — client-go's current default (RealFIFO with atomic relist): an ordered
 *       log, one entry per watch change, never coalesced; a relist is one entry, applied as a
 *       unit by the consumer (deletions of missing objects first, then the listed ones in list
 *       order); a resync is one entry too.</li>
 * </ul>
 *
 * <h2>Sync</h2> {@link #hasSynced()} turns true once the first {@link #replace} has been popped
 * and processed completely (or once a change arrives before any replace); never while the last
 * item of that first batch is still being processed.
 *
 * <h2>Thread safety</h2> Producer methods may be called from any thread and never wait for a
 * pop. {@link #pop} blocks; the processor runs on the popping thread while the queue's lock is
 * held, so producers wait while it runs (client-go's rule; keep processing short — handlers run on
 * their own threads, not inside it). {@link #hasSynced()} and {@link #size()} never wait.
 *
 * <h2>Errors</h2> Popped work is removed before the processor runs. If the processor throws, the
 * work is not re-queued (the consumer handles its own errors), the exception propagates to the
 * caller of {@link #pop}, and the queue stays consistent: it counts the work as processed for
 * {@link #hasSynced()}.
 */
public interface DeltaQueue<T> extends AutoCloseable {

    void add(T object);

    void update(T object);

    void delete(T object);

    /**
     * A complete list at {@code resourceVersion}: everything known but absent is deleted. The queue
     * takes ownership of {@code objects} (the in-order queue hands it to the consumer without
     * copying); do not change it afterwards.
     */
    void replace(List<T> objects, String resourceVersion);

    /** Queues a periodic re-delivery of the consumer's objects (no server call). */
    void resync();

    /**
     * Waits for the next unit of work and hands it to {@code processor}.
     *
     * @return false once the queue is closed (nothing was processed)
     * @throws InterruptedException when the waiting thread is interrupted
     * @throws RuntimeException whatever the processor threw; the work is not re-queued
     */
    boolean pop(DeltaProcessor<T> processor) throws InterruptedException;

    /** Whether the first complete list has been processed; see the class comment. */
    boolean hasSynced();

    /** The number of units waiting. */
    int size();

    /**
     * Discards queued work and wakes a blocked {@link #pop}, which then returns false (as does every
     * later pop); later producer calls are ignored. Waits for a running processor to return.
     */
    @Override
    void close();

    /** client-go's DeltaFIFO; {@code known} is the consumer's cache (for deletions on relist). */
    static <T> DeltaQueue<T> deltaFifo(KeyFunction<T> keyFunction, KnownObjects<T> known) {
        return new DeltaFifo<>(keyFunction, known);
    }

    /** client-go's RealFIFO with atomic relist and resync. */
    static <T> DeltaQueue<T> inOrder(KeyFunction<T> keyFunction) {
        return new InOrderFifo<>(keyFunction);
    }
}
