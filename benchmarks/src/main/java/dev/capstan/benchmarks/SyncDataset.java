package dev.capstan.benchmarks;

import java.util.Locale;

/**
 * The two data sets {@link InformerSync} loads into the control plane, each in its own namespace,
 * and every subject syncs: ConfigMaps of about 1 KiB, and Deployment-style Pods with three
 * managedFields entries.
 */
enum SyncDataset {
    CONFIGMAPS("configmaps", "ConfigMaps", "informer-sync-configmaps"),
    PODS("pods", "Pods", "informer-sync-pods");

    private final String plural;
    private final String title;
    private final String namespace;

    SyncDataset(String plural, String title, String namespace) {
        this.plural = plural;
        this.title = title;
        this.namespace = namespace;
    }

    /** The resource's plural, also the data set's name on the command line and in the reports. */
    String plural() {
        return plural;
    }

    /** {@code ConfigMaps}, {@code Pods}: for prose. */
    String title() {
        return title;
    }

    /** The namespace that holds this data set and nothing else. */
    String namespace() {
        return namespace;
    }

    /** The list path of the data set's namespace: {@code /api/v1/namespaces/<ns>/<plural>}. */
    String listPath() {
        return "/api/v1/namespaces/" + namespace + "/" + plural;
    }

    static SyncDataset of(String plural) {
        for (SyncDataset dataset : values()) {
            if (dataset.plural.equals(plural.toLowerCase(Locale.ROOT))) {
                return dataset;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + plural + "'; known: configmaps, pods");
    }
}
