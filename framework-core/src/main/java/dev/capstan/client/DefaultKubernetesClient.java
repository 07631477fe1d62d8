package dev.capstan.client;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import dev.capstan.client.discovery.DiscoveryClient;
import dev.capstan.client.discovery.RestMapper;
import dev.capstan.client.rest.RestClient;
import dev.capstan.client.scale.ScaleClient;

/** The one implementation of {@link KubernetesClient}. */
final class DefaultKubernetesClient implements KubernetesClient {
    private final RestClient rest;
    private final DiscoveryClient discovery;
    private final RestMapper restMapper;
    private final ScaleClient scale;

    DefaultKubernetesClient(RestClient rest) {
        this.rest = rest;
        this.discovery = DiscoveryClient.create(rest); // fetches nothing until first asked
        this.restMapper = RestMapper.create(discovery);
        this.scale = ScaleClient.create(rest, restMapper);
    }

    @Override
    public DiscoveryClient discovery() {
        return discovery;
    }

    @Override
    public RestMapper restMapper() {
        return restMapper;
    }

    @Override
    public ScaleClient scale() {
        return scale;
    }

    @Override
    public <T extends KubernetesObject> ResourceClient<T> resources(Class<T> type) {
        ResourceType<T> resource = ResourceType.of(type);
        return new DefaultResourceClient<>(rest, resource, resource.namespaced() ? namespace() : null);
    }

    @Override
    public ResourceClient<Unstructured> resources(ResourceType<Unstructured> type) {
        return new DefaultResourceClient<>(rest, type, type.namespaced() ? namespace() : null);
    }

    @Override
    public ResourceClient<dev.capstan.api.PartialObjectMetadata> metadata(ResourceType<?> type) {
        return DefaultResourceClient.metadata(rest, type, type.namespaced() ? namespace() : null);
    }

    @Override
    public String namespace() {
        String namespace = rest.config().namespace();
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }

    @Override
    public RestClient rest() {
        return rest;
    }

    @Override
    public void close() {
        rest.close();
    }
}
