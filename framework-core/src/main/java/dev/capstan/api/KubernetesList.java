package dev.capstan.api;

import dev.capstan.api.meta.v1.ListMeta;
import java.util.List;

/**
 * A list of objects as the API server returns it from a list call: the items and the
 * {@link ListMeta} ({@code resourceVersion} to watch from, {@code continue} token for the
 * next page).
 *
 * @param <T> the item type
 */
public interface KubernetesList<T> {

    String apiVersion();

    String kind();

    /** The list's metadata: resourceVersion, continue token, remaining item count. */
    ListMeta metadata();

    /** The items; never {@code null} on a decoded list, unmodifiable. */
    List<T> items();
}
