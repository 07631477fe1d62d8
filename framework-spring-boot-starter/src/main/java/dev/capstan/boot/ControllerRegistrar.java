package dev.capstan.boot;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.ResourceType;
import dev.capstan.controller.Controller;
import dev.capstan.controller.EventFilter;
import dev.capstan.controller.KeyMapper;
import dev.capstan.controller.Manager;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.informer.IndexFunction;
import dev.capstan.informer.SharedIndexInformer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.support.BeanDefinitionValidationException;

/**
 * Builds one {@link Controller} per enabled {@link ControllerPlan} on the {@link Manager} once all
 * singletons exist (so before the {@link ManagerLifecycle} starts anything): the builder calls
 * the annotation stands for, the customizers, then the {@link Index} methods as indexers.
 */
final class ControllerRegistrar implements SmartInitializingSingleton {
    private final BeanFactory beanFactory;
    private final Manager manager;
    private final ControllerPlans plans;
    private final Duration syncTimeout;
    private final List<ControllerBuilderCustomizer> customizers;

    ControllerRegistrar(BeanFactory beanFactory, Manager manager, ControllerPlans plans, Duration syncTimeout,
            List<ControllerBuilderCustomizer> customizers) {
        this.beanFactory = beanFactory;
        this.manager = manager;
        this.plans = plans;
        this.syncTimeout = syncTimeout;
        this.customizers = List.copyOf(customizers);
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (ControllerPlan plan : plans.enabled()) {
            Controller<?> controller = build(plan, plan.primary(), beanFactory.getBean(plan.beanName()));
            try {
                manager.add(controller);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while adding " + plan.describe(), e);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T extends KubernetesObject> Controller<T> build(ControllerPlan plan, Class<T> primary, Object bean) {
        Controller.Builder<T> builder = manager.controller(plan.name(), primary)
                .selection(plan.selection())
                .workers(plan.workers())
                .rateLimiter(plan.rateLimiter().create())
                .syncTimeout(syncTimeout);
        if (plan.generationChangedFilter()) {
            builder.withEventFilter(EventFilter.generationChanged());
        }
        KeyMapper ownerMapper = KeyMapper.controllerOwner(ResourceType.of(primary));
        for (Class<? extends KubernetesObject> owned : plan.owns()) {
            builder.watches((Class) owned, plan.selectionFor(owned), ownerMapper);
        }
        for (ControllerPlan.WatchMethod watch : plan.watches()) {
            KeyMapper mapper = object -> requests(plan, watch.method(), bean, object);
            builder.watches((Class) watch.type(), plan.selectionFor(watch.type()), mapper);
        }
        for (ControllerBuilderCustomizer customizer : customizers) {
            customizer.customize(plan.name(), builder);
        }
        Controller<T> controller = builder.reconciler((Reconciler<T>) bean).build();
        for (ControllerPlan.IndexMethod index : plan.indexes()) {
            SharedIndexInformer informer = index.type() == primary ? controller.informer()
                    : manager.informers().informerFor(index.type(), plan.selectionFor(index.type()));
            IndexFunction function = object -> indexValues(plan, index, object);
            try {
                informer.addIndexers(Map.of(index.name(), function));
            } catch (IllegalArgumentException e) {
                throw new BeanDefinitionValidationException("@KubernetesController on bean '" + plan.beanName() + "' ("
                        + plan.beanClass().getName() + "): method '" + index.method().getName() + "' annotated @Index(\""
                        + index.name() + "\"): " + e.getMessage() + " (another controller sharing the "
                        + index.type().getSimpleName() + " informer declares it too)", e);
            }
        }
        return controller;
    }

    @SuppressWarnings("unchecked")
    private static Collection<Request> requests(ControllerPlan plan, Method method, Object bean, Object object) {
        Object result = invoke(plan, method, bean, object);
        return result == null ? List.of() : (Collection<Request>) result;
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> indexValues(ControllerPlan plan, ControllerPlan.IndexMethod index, Object object) {
        Object result = invoke(plan, index.method(), null, object);
        if (result == null) {
            throw new IllegalStateException(plan.beanClass().getSimpleName() + "." + index.method().getName()
                    + " returned null for index '" + index.name() + "'; return an empty list instead");
        }
        return (Collection<String>) result;
    }

    private static Object invoke(ControllerPlan plan, Method method, Object target, Object argument) {
        try {
            return method.invoke(target, argument);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(plan.beanClass().getSimpleName() + "." + method.getName() + " failed", cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(plan.beanClass().getSimpleName() + "." + method.getName() + " is not accessible", e);
        }
    }
}
