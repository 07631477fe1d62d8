package dev.capstan.client.discovery;

/** How the server answered discovery; reported by {@link DiscoverySnapshot#format()}. */
public enum DiscoveryFormat {
    /**
     * Aggregated discovery, {@code apidiscovery.k8s.io/v2} (Kubernetes 1.30 and later): all
     * groups, versions and resources in two requests, {@code GET /api} and {@code GET /apis}.
     */
    AGGREGATED_V2,
    /** Aggregated discovery, {@code apidiscovery.k8s.io/v2beta1} (Kubernetes 1.26 to 1.32). */
    AGGREGATED_V2BETA1,
    /**
     * Legacy discovery: {@code /api} and {@code /apis} list groups and versions, and one
     * request per group-version ({@code /api/v1}, {@code /apis/apps/v1}, …) lists its
     * resources. Used when the server (or a proxy in front of it) does not offer the
     * aggregated format, or when {@link DiscoveryOptions#aggregated()} is off.
     */
    LEGACY
}
