package dev.capstan.boot.webhook;

import dev.capstan.api.GroupVersionKind;
import dev.capstan.api.GroupVersionResource;
import dev.capstan.api.authentication.v1.UserInfo;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the API server asks a webhook about: the {@code request} of an AdmissionReview
 * ({@code admission.k8s.io/v1}), with the objects decoded into the webhook's declared type.
 *
 * <p>Which objects are present depends on the operation:
 * <table>
 *   <caption>object and oldObject by operation</caption>
 *   <tr><th>operation</th><th>{@link #object()}</th><th>{@link #oldObject()}</th></tr>
 *   <tr><td>CREATE</td><td>the new object</td><td>null</td></tr>
 *   <tr><td>UPDATE</td><td>the object after the update</td><td>the stored object</td></tr>
 *   <tr><td>DELETE</td><td>null</td><td>the object being deleted</td></tr>
 *   <tr><td>CONNECT</td><td>null (the connect options, for example PodExecOptions, are in {@link #options()})</td><td>null</td></tr>
 * </table>
 *
 * On {@code CREATE} the object may have no name yet (only {@code metadata.generateName}); use
 * {@link #name()} with that in mind. The decoded objects are immutable model objects for
 * generated types and {@code Unstructured}; a mutable custom class handed to a mutator is the
 * mutator's to change.
 *
 * @param uid identifies this admission call; the response carries it back
 * @param kind the kind of the object as the webhook sees it (after conversion to a version the
 *     webhook's rules match)
 * @param resource the resource being requested, for example {@code v1 configmaps}
 * @param subResource the subresource, for example {@code status} or {@code scale}; null for the
 *     main resource
 * @param requestKind the kind of the original request, when it differs from {@link #kind()}
 *     through {@code matchPolicy: Equivalent}; otherwise null or equal
 * @param requestResource the resource of the original request, like {@link #requestKind()}
 * @param requestSubResource the subresource of the original request, like {@link #requestKind()}
 * @param name the object's name; null on a CREATE with only {@code generateName}
 * @param namespace the namespace; null for cluster-scoped resources
 * @param operation what is being done
 * @param userInfo who is doing it
 * @param object the object after the operation; see the table above
 * @param oldObject the object before the operation; see the table above
 * @param dryRun true when the API server will not persist the result; skip side effects
 * @param options the operation's options ({@code CreateOptions}, {@code UpdateOptions},
 *     {@code DeleteOptions}, or the connect options); null if absent. Read-only.
 * @param <T> what the objects are decoded into
 */
public record AdmissionRequest<T>(
        String uid,
        GroupVersionKind kind,
        GroupVersionResource resource,
        @Nullable String subResource,
        @Nullable GroupVersionKind requestKind,
        @Nullable GroupVersionResource requestResource,
        @Nullable String requestSubResource,
        @Nullable String name,
        @Nullable String namespace,
        Operation operation,
        UserInfo userInfo,
        @Nullable T object,
        @Nullable T oldObject,
        boolean dryRun,
        @Nullable JsonNode options) {

    /** The operations of admission.k8s.io/v1, a closed set. */
    public enum Operation {
        CREATE, UPDATE, DELETE, CONNECT
    }

    /** Requires the fields the API server always sends. */
    public AdmissionRequest {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(userInfo, "userInfo");
    }

    /**
     * {@code namespace/name}, or {@code name} for cluster-scoped resources, for messages and
     * logs; the name reads {@code <unnamed>} when it is not known yet (a CREATE with
     * {@code generateName}).
     */
    public String objectKey() {
        String shown = name != null && !name.isEmpty() ? name : "<unnamed>";
        return namespace != null && !namespace.isEmpty() ? namespace + "/" + shown : shown;
    }
}
