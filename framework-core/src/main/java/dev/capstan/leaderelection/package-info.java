/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, with client-go's timing and
 * semantics: among the replicas of an operator, one leads and runs the controllers; the others
 * wait and take over when it stops renewing.
 *
 * <p>The entry point is {@link dev.capstan.leaderelection.LeaderElector}, created with
 * {@link dev.capstan.leaderelection.LeaderElector#create} from a
 * {@link dev.capstan.leaderelection.LeaderElectionConfig} (lease, identity, timings) and
 * {@link dev.capstan.leaderelection.LeaderCallbacks} (start and stop the leading work). The lock
 * is a {@link dev.capstan.leaderelection.ResourceLock} ({@link dev.capstan.leaderelection.ResourceLock#lease}
 * for Kubernetes, any implementation in tests); time comes from an injected
 * {@link dev.capstan.workqueue.Ticker}, and metrics go to
 * {@link dev.capstan.leaderelection.LeaderElectionMetrics}, a no-op by default, with a Micrometer
 * binding. Implementations are package-private. See docs/leader-election.md.
 */
@NullMarked
package dev.capstan.leaderelection;

import org.jspecify.annotations.NullMarked;
