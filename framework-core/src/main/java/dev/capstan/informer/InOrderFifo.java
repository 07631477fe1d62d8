package dev.capstan.informer;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's RealFIFO with atomic relist and resync: an ordered log in which every watch change is
 * its own entry (never coalesced, so several changes to one key are delivered one by one, in
 * order), a relist is one entry and a resync is one entry. See {@link DeltaQueue} for the contract;
 * what follows is how this implementation keeps it.
 *
 * <h2>Implementation notes</h2>
 * One {@link ArrayDeque} under one lock. An entry is one of three things, told apart by type
 * when popped: a {@link Delta} (a watch change, handed to {@link DeltaProcessor#process} as a
 * one-element list), a {@link Relist} (handed to {@link DeltaProcessor#replaceAll}), or the
 * {@link #RESYNC} marker (handed to {@link DeltaProcessor#resyncAll}). Storing the {@code Delta}
 * itself keeps a watch change at one allocation (the delta) plus the deque's amortized growth; no
 * key is computed on the hot path, because the consumer keys objects itself when it applies them.
 * A relist is one entry however long the list: the queue takes ownership of the list instead of
 * copying it, and the consumer diffs it against its cache.
 *
 * <p>Invariants: {@link #resyncQueued} is true iff {@code RESYNC} is in {@link #entries} (so at
 * most one resync waits; a second one would re-deliver the same cache); {@link #initialPending} is
 * true from the first {@link #replace} (if no change came before it) until that entry has been
 * popped and its processor call has returned or thrown.
 *
 * <p>The lock is held while the processor runs (client-go's rule 16): producers wait for it, so a
 * 100k-object relist blocks watch changes for as long as the consumer takes to apply it, which is
 * what makes the relist atomic. {@link #synced} and {@link #size} are volatile copies written under
 * the lock, so {@code hasSynced()} and {@code size()} never wait for a running processor.
 *
 * <p>The key function is not used: RealFIFO has no known-objects set to consult (so a deletion of
 * an unknown key is queued, and the consumer ignores it), and computing a key per change would
 * cost an allocation per entry. It is accepted so both queues are built the same way.
 */
final class InOrderFifo<T> implements DeltaQueue<T> {

    /** The entry of a periodic resync. */
    private static final Object RESYNC = new Object() {
        @Override
        public String toString() {
            return "RESYNC";
        }
    };

    /** Guards every field below; the volatile ones are written under it and read without it. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled once per appended entry, and (all waiters) on close. */
    private final Condition notEmpty = lock.newCondition();

    /** The log, oldest first: {@link Delta}s, {@link Relist}s and {@link #RESYNC}. */
    private final ArrayDeque<Object> entries = new ArrayDeque<>();
    /** Whether {@link #RESYNC} is in {@link #entries}. */
    private boolean resyncQueued;
    /** Whether a change or a replace has arrived (client-go's {@code populated}); never reset. */
    private boolean populated;
    /** Whether the first relist is queued or being processed. */
    private boolean initialPending;
    /** Set once by {@link #close}; then producers do nothing and {@link #pop} returns false. */
    private volatile boolean closed;
    /** {@code populated && !initialPending}; once true, stays true. */
    private volatile boolean synced;
    /** {@code entries.size()}. */
    private volatile int size;

    InOrderFifo(KeyFunction<T> keyFunction) {
        Objects.requireNonNull(keyFunction, "keyFunction");
    }

    // ---- producers -------------------------------------------------------------------------------

    @Override
    public void add(T object) {
        append(Delta.of(Delta.Type.ADDED, object));
    }

    @Override
    public void update(T object) {
        append(Delta.of(Delta.Type.UPDATED, object));
    }

    /** Queues the deletion whether or not the key was ever seen; the consumer ignores unknown keys. */
    @Override
    public void delete(T object) {
        append(Delta.of(Delta.Type.DELETED, object));
    }

    private void append(Delta<T> delta) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!populated) {
                populated = true;
                updateSyncedLocked();
            }
            appendLocked(delta);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends the whole list as one entry. The queue takes ownership of {@code objects}: it is
     * handed to the consumer as an unmodifiable view, not copied, so the caller must not change it
     * afterwards.
     */
    @Override
    public void replace(List<T> objects, String resourceVersion) {
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        lock.lock();
        try {
            if (closed) {
                return;
            }
            boolean first = !populated;
            populated = true;
            if (first) {
                initialPending = true;
            }
            appendLocked(new Relist<>(Collections.unmodifiableList(objects), first));
        } finally {
            lock.unlock();
        }
    }

    /** Appends a resync entry, unless one is already waiting. */
    @Override
    public void resync() {
        lock.lock();
        try {
            if (closed || resyncQueued) {
                return;
            }
            resyncQueued = true;
            appendLocked(RESYNC);
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer --------------------------------------------------------------------------------

    /**
     * Takes the oldest entry and hands it to the processor, with the lock held: a change to
     * {@link DeltaProcessor#process} as a one-element list (never part of the initial list), a relist
     * to {@link DeltaProcessor#replaceAll}, a resync to {@link DeltaProcessor#resyncAll}. The entry
     * is removed before the processor runs: if it throws, the entry is gone (the informer handles its
     * own errors) and the exception propagates to the caller; the queue stays consistent and usable.
     */
    @Override
    @SuppressWarnings("unchecked")
    public boolean pop(DeltaProcessor<T> processor) throws InterruptedException {
        Objects.requireNonNull(processor, "processor");
        lock.lockInterruptibly();
        try {
            Object entry;
            while ((entry = entries.pollFirst()) == null) {
                if (closed) {
                    return false;
                }
                notEmpty.await();
            }
            size = entries.size();
            if (closed) {
                return false; // close() empties the log, so only reached if it ran while we woke
            }
            if (entry instanceof Delta<?> delta) {
                processor.process(List.of((Delta<T>) delta), false);
            } else if (entry == RESYNC) {
                resyncQueued = false;
                processor.resyncAll();
            } else {
                Relist<T> relist = (Relist<T>) entry;
                try {
                    processor.replaceAll(relist.objects(), relist.initial());
                } finally {
                    if (relist.initial()) {
                        initialPending = false;
                        updateSyncedLocked();
                    }
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasSynced() {
        return synced;
    }

    /** The number of entries waiting (a relist counts one); does not wait for a running processor. */
    @Override
    public int size() {
        return size;
    }

    /**
     * Discards what is queued and wakes every blocked {@link #pop}, which returns false. Waits for a
     * processor that is running to return. Later producer calls do nothing. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            entries.clear();
            resyncQueued = false;
            size = 0;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "InOrderFifo[entries=" + size + ", synced=" + synced + (closed ? ", closed]" : "]");
    }

    // ---- under the lock ----------------------------------------------------------------------------

    private void appendLocked(Object entry) {
        entries.addLast(entry);
        size = entries.size();
        notEmpty.signal(); // one entry satisfies one popper
    }

    private void updateSyncedLocked() {
        if (!synced && populated && !initialPending) {
            synced = true;
        }
    }

    /** A relist entry: the complete list, and whether it is the first one. */
    private record Relist<T>(List<T> objects, boolean initial) {}
}
