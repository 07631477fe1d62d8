package dev.capstan.client.scale;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.autoscaling.v1.Scale;
import dev.capstan.client.discovery.RestMapper;
import dev.capstan.client.rest.RestClient;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Reads and writes the {@code scale} subresource of any scalable resource as
 * {@code autoscaling/v1} {@link Scale}, named by resource or by kind:
 *
 * <pre>{@code
 * ScaleClient scales = ScaleClient.create(client.rest(), mapper);
 * GroupVersionResource deployments = new GroupVersionResource("apps", "v1", "deployments");
 * Scale scale = scales.get(deployments, "shop", "web");
 * scales.update(deployments, "shop", "web", ScaleClient.specReplicas(scale) + 1);
 * scales.patch(new GroupVersionKind("example.com", "v1", "Widget"), "shop", "w", 3);
 * }</pre>
 *
 * <h2>Checks</h2> Before sending anything, the target is looked up through the
 * {@link RestMapper} (so a CRD installed a moment ago is found): a resource or kind the server
 * does not serve is a {@link dev.capstan.client.discovery.NoMatchException}; a resource without a
 * {@code scale} subresource (or one that does not support the verb) is an
 * {@link IllegalArgumentException} naming the resource and the scalable resources of its
 * group-version; so is a namespace given for a cluster-scoped resource, or missing for a
 * namespaced one. The server's refusals are
 * {@link dev.capstan.client.rest.KubernetesApiException}s naming the verb and the object
 * ({@code update scale of deployment shop/web: HTTP 409 Conflict: …}).
 *
 * <h2>Writes</h2> {@code update(…, replicas)} replaces the scale with one holding only the new
 * {@code spec.replicas} and no {@code resourceVersion}: last writer wins. For optimistic
 * concurrency, read the scale, change it and pass it to {@link #update(GroupVersionResource, Scale)},
 * which sends its {@code resourceVersion} (a stale one is a 409 conflict; controllers writing the
 * object's status make that common, so retry from a fresh {@code get}). {@code patch} sends the
 * JSON merge patch {@code {"spec":{"replicas":n}}}, as {@code kubectl scale} does.
 *
 * <h2>Zero</h2> The server omits {@code spec.replicas} and {@code status.replicas} when they are
 * 0 (Go's {@code omitempty}), so a scaled-to-zero {@code Scale} has {@code null} there: read it
 * with {@link #specReplicas(Scale)}.
 *
 * <h2>Thread safety and blocking</h2> Thread-safe and stateless. Synchronous methods block and
 * refuse to run on a Netty event-loop thread; the {@code Async} methods never block.
 */
public interface ScaleClient {

    /** A scale client sending through {@code rest}, finding resources with {@code mapper}. */
    static ScaleClient create(RestClient rest, RestMapper mapper) {
        return new DefaultScaleClient(Objects.requireNonNull(rest, "rest"), Objects.requireNonNull(mapper, "mapper"));
    }

    /** {@code spec.replicas} of a scale, 0 when absent (the server omits 0). */
    static int specReplicas(Scale scale) {
        return scale.spec() == null || scale.spec().replicas() == null ? 0 : scale.spec().replicas();
    }

    /**
     * The scale of one object.
     *
     * @param namespace the object's namespace; {@code null} for a cluster-scoped resource
     */
    Scale get(GroupVersionResource resource, @Nullable String namespace, String name);

    Scale get(GroupVersionKind kind, @Nullable String namespace, String name);

    Mono<Scale> getAsync(GroupVersionResource resource, @Nullable String namespace, String name);

    Mono<Scale> getAsync(GroupVersionKind kind, @Nullable String namespace, String name);

    /** Sets {@code spec.replicas} by replacing the scale (PUT) without a resourceVersion: last writer wins. */
    Scale update(GroupVersionResource resource, @Nullable String namespace, String name, int replicas);

    Scale update(GroupVersionKind kind, @Nullable String namespace, String name, int replicas);

    Mono<Scale> updateAsync(GroupVersionResource resource, @Nullable String namespace, String name, int replicas);

    Mono<Scale> updateAsync(GroupVersionKind kind, @Nullable String namespace, String name, int replicas);

    /**
     * Replaces the scale with {@code scale} (read it, change {@code spec.replicas}); the object is
     * named by its {@code metadata}. Fails with a conflict when its {@code resourceVersion} is stale.
     */
    Scale update(GroupVersionResource resource, Scale scale);

    Mono<Scale> updateAsync(GroupVersionResource resource, Scale scale);

    /** Sets {@code spec.replicas} with the merge patch {@code {"spec":{"replicas":n}}}. */
    Scale patch(GroupVersionResource resource, @Nullable String namespace, String name, int replicas);

    Scale patch(GroupVersionKind kind, @Nullable String namespace, String name, int replicas);

    Mono<Scale> patchAsync(GroupVersionResource resource, @Nullable String namespace, String name, int replicas);

    Mono<Scale> patchAsync(GroupVersionKind kind, @Nullable String namespace, String name, int replicas);
}
