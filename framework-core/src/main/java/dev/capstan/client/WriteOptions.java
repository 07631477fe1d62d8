package dev.capstan.client;

/**
 * Options of create, update, patch and apply.
 *
 * @param fieldManager the manager name recorded in managedFields; required for apply
 * @param dryRun validate and admit, but do not persist ({@code dryRun=All})
 * @param force apply only: take ownership of fields other managers own
 */
public record WriteOptions(String fieldManager, boolean dryRun, boolean force) {
    public static WriteOptions defaults() {
        return new WriteOptions(null, false, false);
    }

    public static WriteOptions fieldManager(String manager) {
        return new WriteOptions(manager, false, false);
    }

    public WriteOptions withDryRun() {
        return new WriteOptions(fieldManager, true, force);
    }

    public WriteOptions withForce() {
        return new WriteOptions(fieldManager, dryRun, true);
    }
}
