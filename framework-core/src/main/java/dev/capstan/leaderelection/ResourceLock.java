package dev.capstan.leaderelection;

import dev.capstan.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the election state lives: reads and writes one {@link LeaderElectionRecord} with
 * optimistic concurrency. The elector's safety rests on it: of two writers that read the same
 * version, only one may succeed.
 *
 * <p>The implementation for Kubernetes is {@link #lease}, a {@code coordination.k8s.io/v1}
 * Lease. Other implementations exist for tests (an in-memory lock) and for wrappers that inject
 * faults.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #update} succeeds only if the stored object still has {@code resourceVersion};
 *       otherwise it throws an exception for which {@link #isConflict} is true.</li>
 *   <li>{@link #create} fails if the object already exists.</li>
 *   <li>Every successful write returns the stored record and its new version.</li>
 *   <li>Any exception means the call failed or its outcome is unknown; the elector retries.</li>
 * </ul>
 *
 * <h2>Thread safety</h2> Calls may overlap: a call the elector gave up on (it hung past a
 * deadline, and was interrupted) may still be running when the next one starts. Implementations
 * must be thread-safe and should return promptly when their thread is interrupted.
 */
public interface ResourceLock {

    /** A record as stored, with the version of the object holding it (for the next update). */
    record Versioned(LeaderElectionRecord record, String resourceVersion) {
        public Versioned {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(resourceVersion, "resourceVersion");
        }
    }

    /** The stored record, or empty when the lock object does not exist. Blocks. */
    Optional<Versioned> get();

    /** Creates the lock object holding {@code record}. Blocks. */
    Versioned create(LeaderElectionRecord record);

    /** Replaces the record, if the object is still at {@code resourceVersion}. Blocks. */
    Versioned update(String resourceVersion, LeaderElectionRecord record);

    /** Names the lock in messages, for example {@code lease shop/shop-operator}. */
    String describe();

    /**
     * Whether {@code failure}, thrown by {@link #update} or {@link #create}, means the object
     * changed or exists (HTTP 409). The default recognises the client's
     * {@link dev.capstan.client.rest.KubernetesApiException}.
     */
    default boolean isConflict(RuntimeException failure) {
        return failure instanceof dev.capstan.client.rest.KubernetesApiException api && api.code() == 409;
    }

    /**
     * The {@code coordination.k8s.io/v1} Lease {@code namespace/name}, read and written through
     * {@code client}. The Lease is created on first acquisition; labels, annotations and fields the
     * record does not cover ({@code preferredHolder}, {@code strategy}) are kept on update.
     * Needs RBAC {@code get}, {@code create} and {@code update} on {@code leases} in the namespace.
     */
    static ResourceLock lease(KubernetesClient client, String namespace, String name) {
        return new LeaseLock(client, namespace, name);
    }
}
