package dev.capstan.informer;

import java.util.List;

/**
 * What a {@link DeltaQueue} hands its popped work to: the informer's process loop. Called on the
 * popping thread with the queue's lock held.
 */
public interface DeltaProcessor<T> {

    /**
     * Applies the deltas of one key, oldest first (a {@link DeltaQueue#deltaFifo} pops every delta
     * of a key together; an {@link DeltaQueue#inOrder} queue pops one at a time).
     *
     * @param initialList whether the deltas belong to the first complete list (client-go's
     *     {@code isInInitialList})
     */
    void process(List<Delta<T>> deltas, boolean initialList);

    /**
     * Applies a relist as one unit ({@link DeltaQueue#inOrder} only): every held object whose key
     * is not among {@code objects} is deleted with its final state unknown, first; then each of
     * {@code objects} is applied as {@link Delta.Type#REPLACED}, in list order.
     */
    void replaceAll(List<T> objects, boolean initialList);

    /** Re-delivers every held object as {@link Delta.Type#SYNC} ({@link DeltaQueue#inOrder} only). */
    void resyncAll();
}
