package dev.capstan.client;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.capstan.api.KubernetesList;
import dev.capstan.api.internal.Immutables;
import dev.capstan.api.meta.v1.ListMeta;
import java.util.List;
import java.util.Map;

/**
 * One page of a list call, for any item type: the items and the list metadata
 * ({@code resourceVersion} to watch from, {@code continueToken()} for the next page).
 */
public record ObjectList<T>(
        @JsonProperty("apiVersion") String apiVersion,
        @JsonProperty("kind") String kind,
        @JsonProperty("metadata") ListMeta metadata,
        @JsonProperty("items") List<T> items,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> unknownFields) implements KubernetesList<T> {

    public ObjectList {
        items = items == null ? List.of() : Immutables.list(items);
        unknownFields = Immutables.unknownFields(unknownFields);
    }

    /** The token for the next page, or {@code null} when this is the last. */
    public String continueToken() {
        return metadata == null || metadata.continueToken() == null || metadata.continueToken().isEmpty()
                ? null : metadata.continueToken();
    }
}
