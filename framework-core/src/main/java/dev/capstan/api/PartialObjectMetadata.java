package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.capstan.api.internal.Immutables;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Any object reduced to its type and metadata ({@code meta.k8s.io/v1 PartialObjectMetadata}):
 * what the server sends when asked with the {@code as=PartialObjectMetadata} media-type
 * parameter. Metadata-only clients and informers use it to cache labels, annotations, owners and
 * resourceVersions of large objects (Secrets, Pods) at a fraction of their size.
 *
 * <p>{@code apiVersion} and {@code kind} are those of the object itself (for example
 * {@code v1}/{@code Secret}) in watch events and single reads; list items carry the list's.
 *
 * @param apiVersion the object's API version
 * @param kind the object's kind
 * @param metadata the object's metadata
 * @param unknownFields fields this class does not model, kept for round trips; null when none
 */
public record PartialObjectMetadata(
        @JsonProperty("apiVersion") @Nullable String apiVersion,
        @JsonProperty("kind") @Nullable String kind,
        @JsonProperty("metadata") @Nullable ObjectMeta metadata,
        @JsonAnySetter @JsonAnyGetter @Nullable Map<String, Object> unknownFields) implements KubernetesObject {

    public PartialObjectMetadata {
        unknownFields = Immutables.unknownFields(unknownFields);
    }

    /** A value with no unknown fields. */
    public static PartialObjectMetadata of(String apiVersion, String kind, ObjectMeta metadata) {
        return new PartialObjectMetadata(apiVersion, kind, metadata, null);
    }
}
