package dev.capstan.informer;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Which objects of a resource an informer holds: namespaces and selectors. Part of the identity
 * of a shared informer: asking a {@link SharedInformerFactory} twice for the same resource and
 * selection returns the same informer.
 *
 * @param namespaces the namespaces to watch; empty for all namespaces (and for cluster-scoped
 *     resources). More than one gives one watch per namespace behind a single informer.
 * @param labelSelector a label selector in kubectl syntax, or null for all
 * @param fieldSelector a field selector ({@code metadata.name=web}), or null for all
 */
public record InformerSelection(Set<String> namespaces, @Nullable String labelSelector, @Nullable String fieldSelector) {

    public InformerSelection {
        Objects.requireNonNull(namespaces, "namespaces");
        for (String namespace : namespaces) {
            if (namespace == null || namespace.isBlank()) {
                throw new IllegalArgumentException("a namespace in an informer selection is empty: " + namespaces);
            }
        }
        namespaces = java.util.Collections.unmodifiableSet(new TreeSet<>(namespaces));
        labelSelector = labelSelector == null || labelSelector.isBlank() ? null : labelSelector.trim();
        fieldSelector = fieldSelector == null || fieldSelector.isBlank() ? null : fieldSelector.trim();
    }

    /** Everything: all namespaces, no selectors. */
    public static InformerSelection all() {
        return new InformerSelection(Set.of(), null, null);
    }

    /** The given namespaces, no selectors. */
    public static InformerSelection namespaces(String... namespaces) {
        return new InformerSelection(Set.of(namespaces), null, null);
    }

    public InformerSelection withLabelSelector(@Nullable String selector) {
        return new InformerSelection(namespaces, selector, fieldSelector);
    }

    public InformerSelection withFieldSelector(@Nullable String selector) {
        return new InformerSelection(namespaces, labelSelector, selector);
    }

    public InformerSelection withNamespaces(Set<String> value) {
        return new InformerSelection(value, labelSelector, fieldSelector);
    }
}
