package dev.capstan.client;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.rest.RestClient;
import dev.capstan.client.rest.RestOptions;

/**
 * The front door: one per cluster, thread-safe, closeable. Typed clients for generated kinds
 * and custom-resource classes, dynamic clients for anything else, and the REST client beneath.
 *
 * <pre>{@code
 * try (KubernetesClient client = KubernetesClient.create()) {      // kubeconfig or in-cluster
 *     Deployment web = client.resources(Deployment.class).inNamespace("shop").get("web");
 * }
 * }</pre>
 */
public interface KubernetesClient extends AutoCloseable {

    /** A client configured as kubectl would be (KUBECONFIG, ~/.kube/config) or in-cluster. */
    static KubernetesClient create() {
        return create(ClientConfig.load());
    }

    static KubernetesClient create(ClientConfig config) {
        return create(config, RestOptions.defaults());
    }

    static KubernetesClient create(ClientConfig config, RestOptions options) {
        return new DefaultKubernetesClient(RestClient.create(config, options));
    }

    /** The verbs for a generated kind or an annotated custom-resource class, in the default namespace. */
    <T extends KubernetesObject> ResourceClient<T> resources(Class<T> type);

    /** The verbs for any resource as {@link Unstructured}; {@code type} names group, version, plural and scope. */
    ResourceClient<Unstructured> resources(ResourceType<Unstructured> type);

    /**
     * Metadata-only reads of {@code type}'s resource: get, list, watch, patch and delete answer
     * with {@link dev.capstan.api.PartialObjectMetadata} (the server strips spec and status), for
     * caches that only need labels, owners and versions. Create, update and apply are refused.
     */
    ResourceClient<dev.capstan.api.PartialObjectMetadata> metadata(ResourceType<?> type);

    /** Discovery of the server's groups and resources, cached for the life of this client. */
    dev.capstan.client.discovery.DiscoveryClient discovery();

    /** Maps kinds and kubectl-style names to resources, from {@link #discovery()}. */
    dev.capstan.client.discovery.RestMapper restMapper();

    /** Reads and changes the scale subresource of any scalable resource. */
    dev.capstan.client.scale.ScaleClient scale();

    /** The namespace of the configuration's context ({@code default} when it names none). */
    String namespace();

    RestClient rest();

    @Override
    void close();
}
