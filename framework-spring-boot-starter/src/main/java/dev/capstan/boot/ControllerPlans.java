package dev.capstan.boot;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.ResourceType;
import dev.capstan.informer.InformerSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The controllers of the application, resolved at startup, and the rule that picks the informer
 * behind an injected {@code Lister<T>}.
 *
 * <h2>Which informer backs {@code Lister<T>}</h2>
 * <ol>
 *   <li>The enabled controllers that hold {@code T} (as primary, owned or watched type) all use the
 *       same selection for it: that informer. So a controller restricted to namespaces reads a
 *       lister of its own namespaced informer, and listers never open a second watch.</li>
 *   <li>No controller holds {@code T}: the informer of {@code capstan.informers.namespaces} (all
 *       namespaces when empty; cluster-scoped types always all), created on demand.</li>
 *   <li>Controllers hold {@code T} with different selections: injecting {@code Lister<T>} fails,
 *       naming them; read {@code SharedInformerFactory.informerFor(T.class, selection).lister()}
 *       instead, which returns the shared informer of that selection.</li>
 * </ol>
 */
final class ControllerPlans {
    private final List<ControllerPlan> plans;
    private final Set<String> defaultNamespaces;

    ControllerPlans(List<ControllerPlan> plans, List<String> defaultNamespaces) {
        this.plans = List.copyOf(plans);
        this.defaultNamespaces = new TreeSet<>(defaultNamespaces);
    }

    List<ControllerPlan> all() {
        return plans;
    }

    List<ControllerPlan> enabled() {
        return plans.stream().filter(ControllerPlan::enabled).toList();
    }

    /** The selection of the informer behind {@code Lister<type>}; see the class documentation. */
    InformerSelection listerSelection(Class<? extends KubernetesObject> type) {
        Map<InformerSelection, List<String>> users = new LinkedHashMap<>();
        for (ControllerPlan plan : enabled()) {
            if (plan.types().contains(type)) {
                users.computeIfAbsent(plan.selectionFor(type), s -> new ArrayList<>()).add(plan.name());
            }
        }
        if (users.size() == 1) {
            return users.keySet().iterator().next();
        }
        if (users.isEmpty()) {
            return ResourceType.of(type).namespaced() ? InformerSelection.all().withNamespaces(defaultNamespaces)
                    : InformerSelection.all();
        }
        StringBuilder message = new StringBuilder("cannot inject Lister<" + type.getSimpleName()
                + ">: controllers watch " + type.getSimpleName() + " with different selections:");
        users.forEach((selection, names) -> message.append("\n  - ").append(names).append(": ").append(describe(selection)));
        message.append("\nInject SharedInformerFactory and use informerFor(").append(type.getSimpleName())
                .append(".class, selection).lister() for the selection you mean.");
        throw new IllegalStateException(message.toString());
    }

    static String describe(InformerSelection selection) {
        return (selection.namespaces().isEmpty() ? "all namespaces" : "namespaces " + selection.namespaces())
                + (selection.labelSelector() == null ? "" : ", labels " + selection.labelSelector());
    }
}
