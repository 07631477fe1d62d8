package dev.capstan.informer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's DeltaFIFO: the changes of each key are coalesced into one list, and keys are handed
 * out in the order they were first queued since they were last popped. See {@link DeltaQueue} for
 * the contract; what follows is how this implementation keeps it.
 *
 * <h2>Implementation notes</h2>
 * Two collections under one lock: {@link #items} maps each key to its pending deltas (oldest
 * first) and {@link #order} holds the keys in FIFO order. Invariant: <em>a key is in
 * {@code order} iff it has an entry in {@code items}, it is there once, and its delta list is not
 * empty</em>. A new delta for a key already queued is appended to its list and does not move the
 * key; {@link #pop} removes the head key from both collections before calling the processor, so a
 * change that arrives while (or after) the processor runs starts a fresh entry at the tail.
 *
 * <p>Deduplication is client-go's and deliberately narrow: only when the last two deltas of a key
 * are both deletions are they merged, keeping the observed deletion over a final-state-unknown one
 * (the older one when both are observed, the newer when both are inferred). Everything else is
 * delivered; the consumer sees every state the key went through since its last pop.
 *
 * <p>{@link #known} (the consumer's cache) is consulted with the lock held: by {@link #delete} (a
 * deletion of a key neither queued nor known is dropped), by {@link #replace} (known keys missing
 * from the list get a final-state-unknown deletion) and by {@link #resync}. The processor updates
 * that cache with the same lock held, so while a producer holds the lock, {@code items} and
 * {@code known} together describe every key exactly once: queued, cached, or both. The lock order
 * is therefore queue lock, then cache lock; the cache must never call back into the queue.
 *
 * <p>Sync tracking: the entry of every key touched by the first {@link #replace} is flagged
 * {@code initial} and counted in {@link #initialPending}. The flag stays with the entry if more
 * deltas are appended before the pop, and the count goes down in a {@code finally} after the
 * processor returns or throws, so {@link #hasSynced} is still false while the last initial key is
 * being processed and the queue never stays unsynced because one item failed.
 *
 * <p>{@link #synced} and {@link #size} are volatile copies, written under the lock, so that
 * {@code hasSynced()} and {@code size()} never wait for a running processor (status endpoints and
 * metrics call them from other threads).
 */
final class DeltaFifo<T> implements DeltaQueue<T> {

    private final KeyFunction<T> keyFunction;
    private final KnownObjects<T> known;

    /** Guards every field below; the volatile ones are written under it and read without it. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled once per newly queued key, and (all waiters) on close. */
    private final Condition notEmpty = lock.newCondition();

    /** Pending deltas per key. A key is here iff it is in {@link #order}; its list is never empty. */
    private final Map<String, Pending<T>> items = new HashMap<>();
    /** Queued keys, oldest first, each once. */
    private final ArrayDeque<String> order = new ArrayDeque<>();
    /** Whether a change or a replace has arrived (client-go's {@code populated}); never reset. */
    private boolean populated;
    /**
     * Keys of the first replace not yet popped and processed: the queued entries flagged
     * {@code initial}, plus the one being processed, if any.
     */
    private int initialPending;
    /** Set once by {@link #close}; then producers do nothing and {@link #pop} returns false. */
    private volatile boolean closed;
    /** {@code populated && initialPending == 0}; once true, stays true. */
    private volatile boolean synced;
    /** {@code order.size()}. */
    private volatile int size;

    DeltaFifo(KeyFunction<T> keyFunction, KnownObjects<T> known) {
        this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
        this.known = Objects.requireNonNull(known, "known");
    }

    // ---- producers -------------------------------------------------------------------------------

    @Override
    public void add(T object) {
        queueChange(Delta.Type.ADDED, object);
    }

    @Override
    public void update(T object) {
        queueChange(Delta.Type.UPDATED, object);
    }

    private void queueChange(Delta.Type type, T object) {
        Objects.requireNonNull(object, "object");
        String key = keyFunction.keyOf(object);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            markPopulatedLocked();
            queueLocked(key, Delta.of(type, object));
        } finally {
            lock.unlock();
        }
    }

    /** Queues a deletion, unless the key is neither queued nor known (then there is nothing to delete). */
    @Override
    public void delete(T object) {
        Objects.requireNonNull(object, "object");
        String key = keyFunction.keyOf(object);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            markPopulatedLocked();
            if (!items.containsKey(key) && known.getByKey(key) == null) {
                return;
            }
            queueLocked(key, Delta.of(Delta.Type.DELETED, object));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code REPLACED} for each listed object, in list order, then a final-state-unknown
     * deletion for every queued key (in queue order) and every known key (in {@code known}'s order)
     * that the list lacks. The keys are computed before anything is queued, so an object without a
     * key fails the call and leaves the queue unchanged. The list is read, not retained.
     */
    @Override
    public void replace(List<T> objects, String resourceVersion) {
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        String[] keys = new String[objects.size()];
        Set<String> listed = new HashSet<>(Math.max(16, (int) (keys.length / 0.75f) + 1));
        int i = 0;
        for (T object : objects) {
            String key = keyFunction.keyOf(Objects.requireNonNull(object, "objects contains null"));
            keys[i++] = key;
            listed.add(key);
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            boolean first = !populated;
            populated = true;
            i = 0;
            for (T object : objects) {
                Pending<T> pending = queueLocked(keys[i++], Delta.of(Delta.Type.REPLACED, object));
                if (first) {
                    markInitialLocked(pending);
                }
            }
            // queued keys the list lacks: the newest queued state is the last known one
            for (String key : order) {
                if (listed.contains(key)) {
                    continue;
                }
                Pending<T> pending = items.get(key);
                Delta<T> newest = pending.newest();
                if (newest.type() == Delta.Type.DELETED) {
                    continue; // already going away; a second deletion would only collapse into it
                }
                pending.append(Delta.deletedFinalStateUnknown(newest.object()));
                if (first) {
                    markInitialLocked(pending);
                }
            }
            // cached keys the list lacks and nothing is queued for (queued ones were handled above)
            for (String key : known.listKeys()) {
                if (listed.contains(key) || items.containsKey(key)) {
                    continue;
                }
                T lastKnown = known.getByKey(key);
                if (lastKnown == null) {
                    continue;
                }
                Pending<T> pending = queueLocked(key, Delta.deletedFinalStateUnknown(lastKnown));
                if (first) {
                    markInitialLocked(pending);
                }
            }
            updateSyncedLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code SYNC} with the cached object for every known key that has nothing queued. */
    @Override
    public void resync() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (String key : known.listKeys()) {
                if (items.containsKey(key)) {
                    continue; // a queued delta is newer than the cache: re-sending the cache would go back in time
                }
                T object = known.getByKey(key);
                if (object != null) {
                    queueLocked(key, Delta.of(Delta.Type.SYNC, object));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer --------------------------------------------------------------------------------

    /**
     * Takes the oldest key and hands all its deltas, oldest first, to
     * {@link DeltaProcessor#process}, with the lock held. The deltas are removed before the
     * processor runs: if it throws, they are gone (the informer handles its own errors) and the
     * exception propagates to the caller; the queue stays consistent and usable.
     */
    @Override
    public boolean pop(DeltaProcessor<T> processor) throws InterruptedException {
        Objects.requireNonNull(processor, "processor");
        lock.lockInterruptibly();
        try {
            while (order.isEmpty()) {
                if (closed) {
                    return false;
                }
                notEmpty.await();
            }
            if (closed) {
                return false; // close() empties the queue, so only reached if it ran while we woke
            }
            String key = order.removeFirst();
            Pending<T> pending = items.remove(key);
            size = order.size();
            try {
                processor.process(Collections.unmodifiableList(pending.deltas), pending.initial);
            } finally {
                if (pending.initial) {
                    initialPending--;
                    updateSyncedLocked();
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

    /** The number of keys queued; does not wait for a running processor. */
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
            items.clear();
            order.clear();
            size = 0;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "DeltaFifo[keys=" + size + ", synced=" + synced + (closed ? ", closed]" : "]");
    }

    // ---- under the lock ----------------------------------------------------------------------------

    /** Appends {@code delta} to the entry of {@code key}, queueing the key if it has none. */
    private Pending<T> queueLocked(String key, Delta<T> delta) {
        Pending<T> pending = items.get(key);
        if (pending == null) {
            pending = new Pending<>();
            items.put(key, pending);
            order.addLast(key);
            size = order.size();
            notEmpty.signal(); // one new key satisfies one popper
        }
        pending.append(delta);
        return pending;
    }

    private void markPopulatedLocked() {
        if (!populated) {
            populated = true;
            updateSyncedLocked();
        }
    }

    private void markInitialLocked(Pending<T> pending) {
        if (!pending.initial) {
            pending.initial = true;
            initialPending++;
        }
    }

    private void updateSyncedLocked() {
        if (!synced && populated && initialPending == 0) {
            synced = true;
        }
    }

    /** The deltas queued for one key, and whether they belong to the first replace. */
    private static final class Pending<T> {
        final ArrayList<Delta<T>> deltas = new ArrayList<>(2);
        boolean initial;

        Delta<T> newest() {
            return deltas.get(deltas.size() - 1);
        }

        /** Appends, merging two consecutive deletions into the observed one (client-go's dedupDeltas). */
        void append(Delta<T> delta) {
            int last = deltas.size() - 1;
            if (last >= 0 && delta.type() == Delta.Type.DELETED && deltas.get(last).type() == Delta.Type.DELETED) {
                if (deltas.get(last).finalStateUnknown()) {
                    deltas.set(last, delta);
                }
                return;
            }
            deltas.add(delta);
        }
    }
}
