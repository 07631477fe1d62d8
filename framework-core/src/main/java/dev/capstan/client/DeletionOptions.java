package dev.capstan.client;

/**
 * Options of delete and deleteCollection.
 *
 * @param propagationPolicy {@code Foreground} (dependents first; the call returns at once but
 *     the object stays until they are gone), {@code Background}, {@code Orphan}, or {@code null}
 *     for the resource's default
 * @param gracePeriodSeconds {@code null} for the default
 * @param preconditionUid delete only if the object still has this uid
 * @param preconditionResourceVersion delete only if the object is still at this version
 * @param dryRun do not persist
 */
public record DeletionOptions(
        String propagationPolicy, Long gracePeriodSeconds, String preconditionUid, String preconditionResourceVersion,
        boolean dryRun) {

    public static DeletionOptions defaults() {
        return new DeletionOptions(null, null, null, null, false);
    }

    public static DeletionOptions foreground() {
        return new DeletionOptions("Foreground", null, null, null, false);
    }

    public static DeletionOptions background() {
        return new DeletionOptions("Background", null, null, null, false);
    }

    public static DeletionOptions orphan() {
        return new DeletionOptions("Orphan", null, null, null, false);
    }

    public DeletionOptions withGracePeriodSeconds(long seconds) {
        return new DeletionOptions(propagationPolicy, seconds, preconditionUid, preconditionResourceVersion, dryRun);
    }

    public DeletionOptions withPreconditions(String uid, String resourceVersion) {
        return new DeletionOptions(propagationPolicy, gracePeriodSeconds, uid, resourceVersion, dryRun);
    }

    public DeletionOptions withDryRun() {
        return new DeletionOptions(propagationPolicy, gracePeriodSeconds, preconditionUid, preconditionResourceVersion, true);
    }
}
