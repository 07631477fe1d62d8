package dev.capstan.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.capstan.api.internal.Immutables;
import dev.capstan.api.meta.v1.ListMeta;
import java.util.List;
import java.util.Map;

/** A list response of any kind, its items as {@link Unstructured}. */
public record UnstructuredList(
        @JsonProperty("apiVersion") String apiVersion,
        @JsonProperty("kind") String kind,
        @JsonProperty("metadata") ListMeta metadata,
        @JsonProperty("items") List<Unstructured> items,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) implements KubernetesList<Unstructured> {

    public UnstructuredList {
        items = items == null ? List.of() : Immutables.list(items);
        unknownFields = Immutables.unknownFields(unknownFields);
    }
}
