package dev.capstan.boot;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.ResourceType;
import dev.capstan.informer.InformerSelection;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One {@link KubernetesController} bean resolved against its properties: everything the
 * {@link ControllerRegistrar} needs to build the controller, validated at startup.
 *
 * @param namespaces the controller's namespaces (empty: all)
 * @param selection of the primary resource (its namespaces — none when cluster-scoped — and label selector)
 * @param owns owned types, watched in the controller's namespaces
 * @param watches {@link Watches} methods
 * @param indexes {@link Index} methods
 */
record ControllerPlan(
        String beanName,
        Class<?> beanClass,
        String name,
        Class<? extends KubernetesObject> primary,
        boolean enabled,
        int workers,
        Set<String> namespaces,
        InformerSelection selection,
        boolean generationChangedFilter,
        List<Class<? extends KubernetesObject>> owns,
        List<WatchMethod> watches,
        List<IndexMethod> indexes,
        CapstanProperties.RateLimiterProperties rateLimiter) {

    /** A {@link Watches} method and the type it watches. */
    record WatchMethod(Class<? extends KubernetesObject> type, Method method) {}

    /** An {@link Index} method, the index name and the type it indexes. */
    record IndexMethod(String name, Class<? extends KubernetesObject> type, Method method) {}

    /**
     * The selection of {@code type} for this controller: the primary selection for the primary
     * type; the controller's namespaces (no label selector) for other namespaced types; everything
     * for cluster-scoped types.
     */
    InformerSelection selectionFor(Class<?> type) {
        if (type == primary) {
            return selection;
        }
        return ResourceType.of(type).namespaced() ? InformerSelection.all().withNamespaces(namespaces)
                : InformerSelection.all();
    }

    /** Every type this controller's informers hold: primary, owned, watched. */
    Set<Class<? extends KubernetesObject>> types() {
        Set<Class<? extends KubernetesObject>> types = new LinkedHashSet<>();
        types.add(primary);
        types.addAll(owns);
        List<Class<? extends KubernetesObject>> watched = new ArrayList<>();
        watches.forEach(w -> watched.add(w.type()));
        types.addAll(watched);
        return types;
    }

    String describe() {
        return "controller '" + name + "' (bean '" + beanName + "')";
    }
}
