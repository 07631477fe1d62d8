package dev.capstan.client.scale;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.autoscaling.v1.Scale;
import dev.capstan.api.autoscaling.v1.ScaleSpec;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.discovery.ApiResource;
import dev.capstan.client.discovery.ApiSubresource;
import dev.capstan.client.discovery.MappedResource;
import dev.capstan.client.discovery.RestMapper;
import dev.capstan.client.rest.PatchType;
import dev.capstan.client.rest.RestClient;
import dev.capstan.client.rest.RestRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The one implementation of {@link ScaleClient}. Stateless: every call resolves its target
 * through the {@link RestMapper} (a cache hit, normally), checks it, and sends one request.
 */
final class DefaultScaleClient implements ScaleClient {
    private static final String JSON = "application/json";
    private static final GroupVersionKind SCALE = new GroupVersionKind("autoscaling", "v1", "Scale");

    private final RestClient rest;
    private final RestMapper mapper;

    DefaultScaleClient(RestClient rest, RestMapper mapper) {
        this.rest = rest;
        this.mapper = mapper;
    }

    /** What to send once the target is known: the verb, and the body for that target's namespace and name. */
    private record Write(String verb, @Nullable String contentType, @Nullable byte[] body) {
        static Write get() {
            return new Write("get", null, null);
        }
    }

    // ---- get ------------------------------------------------------------------------------------

    @Override
    public Scale get(GroupVersionResource resource, @Nullable String namespace, String name) {
        return send(mapper.resolve(resource), namespace, name, Write.get());
    }

    @Override
    public Scale get(GroupVersionKind kind, @Nullable String namespace, String name) {
        return send(mapper.resolve(kind), namespace, name, Write.get());
    }

    @Override
    public Mono<Scale> getAsync(GroupVersionResource resource, @Nullable String namespace, String name) {
        return mapper.resolveAsync(resource).flatMap(mapped -> sendAsync(mapped, namespace, name, Write.get()));
    }

    @Override
    public Mono<Scale> getAsync(GroupVersionKind kind, @Nullable String namespace, String name) {
        return mapper.resolveAsync(kind).flatMap(mapped -> sendAsync(mapped, namespace, name, Write.get()));
    }

    // ---- update -----------------------------------------------------------------------------------

    @Override
    public Scale update(GroupVersionResource resource, @Nullable String namespace, String name, int replicas) {
        return send(mapper.resolve(resource), namespace, name, replace(namespace, name, replicas));
    }

    @Override
    public Scale update(GroupVersionKind kind, @Nullable String namespace, String name, int replicas) {
        return send(mapper.resolve(kind), namespace, name, replace(namespace, name, replicas));
    }

    @Override
    public Mono<Scale> updateAsync(GroupVersionResource resource, @Nullable String namespace, String name, int replicas) {
        return Mono.fromSupplier(() -> replace(namespace, name, replicas))
                .flatMap(write -> mapper.resolveAsync(resource).flatMap(mapped -> sendAsync(mapped, namespace, name, write)));
    }

    @Override
    public Mono<Scale> updateAsync(GroupVersionKind kind, @Nullable String namespace, String name, int replicas) {
        return Mono.fromSupplier(() -> replace(namespace, name, replicas))
                .flatMap(write -> mapper.resolveAsync(kind).flatMap(mapped -> sendAsync(mapped, namespace, name, write)));
    }

    @Override
    public Scale update(GroupVersionResource resource, Scale scale) {
        Objects.requireNonNull(scale, "scale");
        return send(mapper.resolve(resource), scale.metadata().namespace(), nameOf(scale), replace(scale));
    }

    @Override
    public Mono<Scale> updateAsync(GroupVersionResource resource, Scale scale) {
        return Mono.fromSupplier(() -> replace(Objects.requireNonNull(scale, "scale")))
                .flatMap(write -> mapper.resolveAsync(resource)
                        .flatMap(mapped -> sendAsync(mapped, scale.metadata().namespace(), nameOf(scale), write)));
    }

    private static Write replace(@Nullable String namespace, String name, int replicas) {
        Scale scale = Scale.builder()
                .metadata(ObjectMeta.builder().name(name).namespace(namespace).build())
                .spec(ScaleSpec.builder().replicas(checkReplicas(replicas)).build())
                .build();
        return replace(scale);
    }

    private static Write replace(Scale scale) {
        return new Write("update", JSON, KubernetesJson.encodeToBytes(scale));
    }

    private static String nameOf(Scale scale) {
        if (scale.metadata() == null || scale.metadata().name() == null) {
            throw new IllegalArgumentException("the Scale to update names no object: set metadata.name (and metadata.namespace "
                    + "for a namespaced resource), for example by changing the Scale that get() returned");
        }
        return scale.metadata().name();
    }

    // ---- patch ------------------------------------------------------------------------------------

    @Override
    public Scale patch(GroupVersionResource resource, @Nullable String namespace, String name, int replicas) {
        return send(mapper.resolve(resource), namespace, name, patch(replicas));
    }

    @Override
    public Scale patch(GroupVersionKind kind, @Nullable String namespace, String name, int replicas) {
        return send(mapper.resolve(kind), namespace, name, patch(replicas));
    }

    @Override
    public Mono<Scale> patchAsync(GroupVersionResource resource, @Nullable String namespace, String name, int replicas) {
        return Mono.fromSupplier(() -> patch(replicas))
                .flatMap(write -> mapper.resolveAsync(resource).flatMap(mapped -> sendAsync(mapped, namespace, name, write)));
    }

    @Override
    public Mono<Scale> patchAsync(GroupVersionKind kind, @Nullable String namespace, String name, int replicas) {
        return Mono.fromSupplier(() -> patch(replicas))
                .flatMap(write -> mapper.resolveAsync(kind).flatMap(mapped -> sendAsync(mapped, namespace, name, write)));
    }

    private static Write patch(int replicas) {
        String body = "{\"spec\":{\"replicas\":" + checkReplicas(replicas) + "}}";
        return new Write("patch", PatchType.MERGE.contentType(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static int checkReplicas(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
        }
        return replicas;
    }

    // ---- sending ----------------------------------------------------------------------------------

    private Scale send(MappedResource mapped, @Nullable String namespace, String name, Write write) {
        return decode(rest.call(request(mapped, namespace, name, write)).body());
    }

    private Mono<Scale> sendAsync(MappedResource mapped, @Nullable String namespace, String name, Write write) {
        return Mono.fromSupplier(() -> request(mapped, namespace, name, write))
                .flatMap(rest::exchange)
                .map(response -> decode(response.body()));
    }

    private static Scale decode(byte[] body) {
        return KubernetesJson.decode(body, Scale.class);
    }

    /** The request for {@code write} on the scale of one object, after checking the resource can take it. */
    RestRequest request(MappedResource mapped, @Nullable String namespace, String name, Write write) {
        Objects.requireNonNull(name, "name");
        ApiResource resource = mapped.details();
        String what = describe(resource);
        if (name.isBlank()) {
            throw new IllegalArgumentException("scale of " + what + ": the object name is blank");
        }
        ApiSubresource scale = resource.subresource("scale").orElseThrow(() -> new IllegalArgumentException(
                what + " has no scale subresource, so it cannot be scaled; " + scalableIn(mapped)));
        if (!scale.verbs().isEmpty() && !scale.supports(write.verb())) {
            throw new IllegalArgumentException("the scale subresource of " + what + " does not support '" + write.verb()
                    + "' (it supports " + scale.verbs() + ")");
        }
        if (!scale.kind().equals(SCALE)) {
            throw new IllegalArgumentException("the scale subresource of " + what + " speaks " + scale.kind()
                    + "; this client reads and writes only " + SCALE);
        }
        if (resource.namespaced() && (namespace == null || namespace.isBlank())) {
            throw new IllegalArgumentException(what + " is namespaced: name the namespace of '" + name + "'");
        }
        if (!resource.namespaced() && namespace != null) {
            throw new IllegalArgumentException(what + " is cluster-scoped: pass no namespace (got '" + namespace + "')");
        }
        String path = (resource.group().isEmpty() ? "/api/" + resource.version() : "/apis/" + resource.group() + "/" + resource.version())
                + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + resource.name() + "/" + name + "/scale";
        RestRequest request = RestRequest.of(write.verb().equals("get") ? "GET" : write.verb().equals("update") ? "PUT" : "PATCH", path)
                .describedAs(write.verb() + " scale of " + resource.singularName() + " " + (namespace == null ? name : namespace + "/" + name));
        return write.body() == null ? request : request.body(write.body(), write.contentType());
    }

    /** {@code apps/v1 daemonsets (DaemonSet)}. */
    private static String describe(ApiResource resource) {
        return resource.apiVersion() + " " + resource.name() + " (" + resource.kind() + ")";
    }

    private String scalableIn(MappedResource mapped) {
        ApiResource resource = mapped.details();
        List<String> scalable = mapper.discovery().cached()
                .flatMap(snapshot -> snapshot.resources(resource.group(), resource.version())).orElse(List.of()).stream().filter(r -> r.hasSubresource("scale")).map(ApiResource::name).toList();
        return scalable.isEmpty() ? "no resource of " + resource.apiVersion() + " is scalable"
                : "the scalable resources of " + resource.apiVersion() + " are " + String.join(", ", scalable);
    }
}
