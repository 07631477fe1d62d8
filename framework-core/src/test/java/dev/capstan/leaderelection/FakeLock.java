package dev.capstan.leaderelection;

import dev.capstan.client.rest.KubernetesApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory {@link ResourceLock} with the API server's optimistic concurrency, call counts, and
 * faults on demand: failing calls (HTTP 500), hanging calls (until interrupted or healed), and
 * writes by "someone else".
 */
final class FakeLock implements ResourceLock {

    private @Nullable Versioned current;
    private long version;
    private boolean failing;
    private boolean hanging;
    private int hung;
    private int gets;
    private int creates;
    private int updates;
    private int conflicts;
    private final List<LeaderElectionRecord> writes = new ArrayList<>();
    private volatile Consumer<LeaderElectionRecord> onWrite = record -> { };

    @Override
    public synchronized Optional<Versioned> get() {
        enter();
        gets++;
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized Versioned create(LeaderElectionRecord record) {
        enter();
        creates++;
        if (current != null) {
            conflicts++;
            throw new KubernetesApiException("create lease test/lock: HTTP 409 Conflict: AlreadyExists", 409, null, null);
        }
        return store(record);
    }

    @Override
    public synchronized Versioned update(String resourceVersion, LeaderElectionRecord record) {
        enter();
        updates++;
        if (current == null) {
            throw new KubernetesApiException("update lease test/lock: HTTP 404 Not Found", 404, null, null);
        }
        if (!current.resourceVersion().equals(resourceVersion)) {
            conflicts++;
            throw new KubernetesApiException("update lease test/lock: HTTP 409 Conflict: the object has been modified",
                    409, null, null);
        }
        return store(record);
    }

    @Override
    public String describe() {
        return "lease test/lock";
    }

    /** Fails or hangs the call as configured. Called holding the monitor. */
    private void enter() {
        if (hanging) {
            hung++;
            notifyAll();
            try {
                while (hanging) {
                    wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubernetesApiException("lease test/lock: request cancelled", 0, null, null);
            }
        }
        if (failing) {
            throw new KubernetesApiException("lease test/lock: HTTP 500 Internal Server Error: etcdserver: request timed out",
                    500, null, null);
        }
    }

    private Versioned store(LeaderElectionRecord record) {
        current = new Versioned(record, Long.toString(++version));
        writes.add(record);
        onWrite.accept(record);
        return current;
    }

    // ---- the test's side -----------------------------------------------------------------------

    /** A write by someone else (another candidate, kubectl). */
    synchronized void put(LeaderElectionRecord record) {
        store(record);
    }

    /** Someone changed the object but not the record (a label, say): only the version moves. */
    synchronized void touch() {
        if (current != null) {
            current = new Versioned(current.record(), Long.toString(++version));
        }
    }

    synchronized void failing(boolean failing) {
        this.failing = failing;
    }

    /** While true, every call blocks until this is set false (it then proceeds) or its thread is interrupted. */
    synchronized void hanging(boolean hanging) {
        this.hanging = hanging;
        notifyAll();
    }

    /** Runs {@code listener} for each stored write, on the writing thread, holding this lock's monitor. */
    void onWrite(Consumer<LeaderElectionRecord> listener) {
        this.onWrite = listener;
    }

    synchronized @Nullable LeaderElectionRecord record() {
        return current == null ? null : current.record();
    }

    synchronized int hung() {
        return hung;
    }

    synchronized int gets() {
        return gets;
    }

    synchronized int updates() {
        return updates;
    }

    synchronized int creates() {
        return creates;
    }

    synchronized int conflicts() {
        return conflicts;
    }

    synchronized List<LeaderElectionRecord> writes() {
        return List.copyOf(writes);
    }
}
