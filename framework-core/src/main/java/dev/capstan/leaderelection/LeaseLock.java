package dev.capstan.leaderelection;

import dev.capstan.api.coordination.v1.Lease;
import dev.capstan.api.coordination.v1.LeaseSpec;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ResourceLock} on a {@code coordination.k8s.io/v1} Lease: the record is the Lease's
 * spec ({@code holderIdentity}, {@code leaseDurationSeconds}, {@code acquireTime},
 * {@code renewTime}, {@code leaseTransitions}), the version its {@code resourceVersion}.
 *
 * <h2>Implementation notes</h2> An update is a PUT of the whole object, so it starts from the last
 * Lease this lock read or wrote: labels, annotations, owner references and the spec fields the
 * record does not cover survive. The {@code resourceVersion} sent is always the caller's, which
 * makes the PUT conditional (409 when the Lease changed since). {@code last} is only a template;
 * a stale one can cost metadata written by someone else in between, never correctness, because
 * such a PUT is refused by the version check anyway.
 */
final class LeaseLock implements ResourceLock {

    private final ResourceClient<Lease> leases;
    private final String namespace;
    private final String name;
    /** The Lease last read or written; a template for updates. */
    private final AtomicReference<@Nullable Lease> last = new AtomicReference<>();

    LeaseLock(KubernetesClient client, String namespace, String name) {
        Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
        this.leases = client.resources(Lease.class).inNamespace(namespace);
    }

    @Override
    public Optional<Versioned> get() {
        Optional<Lease> lease = leases.find(name);
        lease.ifPresent(last::set);
        return lease.map(LeaseLock::versioned);
    }

    @Override
    public Versioned create(LeaderElectionRecord record) {
        Lease lease = Lease.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name(name).build())
                .spec(spec(LeaseSpec.builder(), record))
                .build();
        Lease created = leases.create(lease);
        last.set(created);
        return versioned(created);
    }

    @Override
    public Versioned update(String resourceVersion, LeaderElectionRecord record) {
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        Lease template = last.get();
        ObjectMeta metadata = template != null && template.metadata() != null
                ? template.metadata().toBuilder().resourceVersion(resourceVersion).build()
                : ObjectMeta.builder().namespace(namespace).name(name).resourceVersion(resourceVersion).build();
        LeaseSpec.Builder spec = template != null && template.spec() != null ? template.spec().toBuilder() : LeaseSpec.builder();
        Lease.Builder lease = template != null ? template.toBuilder() : Lease.builder();
        Lease updated = leases.update(lease.metadata(metadata).spec(spec(spec, record)).build());
        last.set(updated);
        return versioned(updated);
    }

    @Override
    public String describe() {
        return "lease " + namespace + "/" + name;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static LeaseSpec spec(LeaseSpec.Builder spec, LeaderElectionRecord record) {
        return spec.holderIdentity(record.holderIdentity())
                .leaseDurationSeconds(record.leaseDurationSeconds())
                .acquireTime(record.acquireTime())
                .renewTime(record.renewTime())
                .leaseTransitions(record.leaderTransitions())
                .build();
    }

    static Versioned versioned(Lease lease) {
        LeaseSpec spec = lease.spec() != null ? lease.spec() : LeaseSpec.builder().build();
        LeaderElectionRecord record = new LeaderElectionRecord(
                spec.holderIdentity(),
                spec.leaseDurationSeconds() != null ? spec.leaseDurationSeconds() : 0,
                spec.acquireTime(),
                spec.renewTime(),
                spec.leaseTransitions() != null ? spec.leaseTransitions() : 0);
        String version = lease.metadata() != null ? lease.metadata().resourceVersion() : null;
        return new Versioned(record, version != null ? version : "");
    }
}
