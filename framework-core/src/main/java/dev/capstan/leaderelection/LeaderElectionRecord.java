package dev.capstan.leaderelection;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The election state a {@link ResourceLock} stores: who holds the lock, for how long, and since
 * when. For the Lease lock these are the fields of {@code LeaseSpec}.
 *
 * <p>The times are informational: candidates never compare {@link #renewTime} with their own
 * clock. A lease is judged valid by the local clock, from when this client last saw the record
 * change (see {@link LeaderElector}).
 *
 * @param holderIdentity the holder's identity; {@code ""} when nobody holds the lock (never null)
 * @param leaseDurationSeconds how long candidates wait after the record last changed before they
 *     may take the lock over; 0 when the stored object has none
 * @param acquireTime when the current holder acquired the lock (MicroTime), or null
 * @param renewTime when the holder last renewed (MicroTime), or null
 * @param leaderTransitions how many times the lock passed to a different holder
 */
public record LeaderElectionRecord(
        String holderIdentity,
        int leaseDurationSeconds,
        @Nullable Instant acquireTime,
        @Nullable Instant renewTime,
        int leaderTransitions) {

    public LeaderElectionRecord {
        holderIdentity = Objects.requireNonNullElse(holderIdentity, "");
    }

    /** Whether somebody holds the lock (the holder is not empty). */
    public boolean isHeld() {
        return !holderIdentity.isEmpty();
    }

    /** Whether {@code identity} holds the lock. */
    public boolean isHeldBy(String identity) {
        return isHeld() && holderIdentity.equals(identity);
    }
}
