package dev.capstan.client.discovery;

import dev.capstan.api.GroupVersionKind;
import java.util.List;
import java.util.Objects;

/**
 * A subresource of an {@link ApiResource}: {@code status}, {@code scale}, {@code log},
 * {@code exec}, … with the kind it answers with and the verbs it supports.
 *
 * @param name the subresource name, for example {@code scale} (the part after the slash in
 *     {@code deployments/scale})
 * @param kind the kind of its requests and responses: {@code autoscaling/v1 Scale} for
 *     {@code scale}, the parent's kind for {@code status}
 * @param verbs the verbs it supports, for example {@code [get, patch, update]}
 */
public record ApiSubresource(String name, GroupVersionKind kind, List<String> verbs) {

    public ApiSubresource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        verbs = List.copyOf(verbs);
    }

    /** Whether the subresource supports {@code verb} ({@code get}, {@code update}, {@code patch}, …). */
    public boolean supports(String verb) {
        return verbs.contains(verb);
    }
}
