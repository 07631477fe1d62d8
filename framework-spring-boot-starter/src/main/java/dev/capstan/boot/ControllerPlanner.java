package dev.capstan.boot;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.ResourceType;
import dev.capstan.controller.Reconciler;
import dev.capstan.informer.InformerSelection;
import dev.capstan.informer.LabelMatcher;
import dev.capstan.informer.Lister;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionValidationException;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads every {@link KubernetesController} bean definition before any bean is created: resolves
 * the annotation against {@code capstan.controllers.<name>.*}, validates it (failing startup with
 * the bean and the attribute named), and registers the {@link ControllerPlans} and one lazy
 * {@code Lister<T>} bean per type {@code T} found at an injection point.
 *
 * <h2>Implementation notes</h2> Generic {@code Lister<Foo>} injection is resolved by Spring like any
 * generic bean: each lister bean definition carries the target type
 * {@code ResolvableType(Lister<Foo>)}. The types are discovered here from the constructors (or
 * {@code @Bean} factory methods) and {@code @Autowired} fields and methods of every application
 * bean, so reconcilers and any other bean can take listers; an injection point this scan cannot see
 * (a bean registered later, {@code getBean(ResolvableType)}) finds no lister: inject
 * {@code SharedInformerFactory} there. The beans are lazy: only injected listers create informers.
 */
final class ControllerPlanner implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {
    static final String PLANS_BEAN = "capstanControllerPlans";
    private static final String LISTER_BEAN_PREFIX = "capstanLister:";

    private @Nullable Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        if (!(registry instanceof ConfigurableListableBeanFactory beanFactory)) {
            return;
        }
        CapstanProperties properties = environment == null ? CapstanProperties.defaults()
                : Binder.get(environment).bindOrCreate("capstan", CapstanProperties.class);
        List<ControllerPlan> plans = new ArrayList<>();
        Map<String, ControllerPlan> byName = new LinkedHashMap<>();
        Set<Class<? extends KubernetesObject>> listerTypes = new LinkedHashSet<>();
        for (String beanName : registry.getBeanDefinitionNames()) {
            BeanDefinition definition = registry.getBeanDefinition(beanName);
            Class<?> type = definition.isAbstract() ? null : typeOf(beanFactory, beanName);
            if (type == null) {
                continue;
            }
            KubernetesController annotation = AnnotatedElementUtils.findMergedAnnotation(type, KubernetesController.class);
            if (annotation != null) {
                ControllerPlan plan = plan(beanName, type, annotation, properties);
                ControllerPlan clash = byName.putIfAbsent(plan.name(), plan);
                if (clash != null) {
                    throw new BeanDefinitionValidationException("two @KubernetesController beans are named '" + plan.name()
                            + "': bean '" + clash.beanName() + "' (" + clash.beanClass().getName() + ") and bean '" + beanName
                            + "' (" + type.getName() + "); controller names label logs, metrics and capstan.controllers.<name> "
                            + "properties and must be unique: set the attribute 'name' of one of them");
                }
                plans.add(plan);
            }
            if (definition.getRole() != BeanDefinition.ROLE_INFRASTRUCTURE) {
                collectListerTypes(beanFactory, definition, type, listerTypes);
            }
        }
        ControllerPlans controllerPlans = new ControllerPlans(plans, properties.informers().namespaces());
        RootBeanDefinition plansDefinition = new RootBeanDefinition(ControllerPlans.class, () -> controllerPlans);
        plansDefinition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        registry.registerBeanDefinition(PLANS_BEAN, plansDefinition);
        for (Class<? extends KubernetesObject> type : listerTypes) {
            registerLister(beanFactory, registry, type);
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // everything happens on the registry
    }

    // ---- controllers ---------------------------------------------------------------------------------

    static ControllerPlan plan(String beanName, Class<?> type, KubernetesController annotation, CapstanProperties properties) {
        Errors errors = new Errors(beanName, type);
        if (!Reconciler.class.isAssignableFrom(type)) {
            throw errors.fail("the class must implement dev.capstan.controller.Reconciler<T> for its primary resource T");
        }
        String name = annotation.name().isBlank() ? beanName : annotation.name().trim();
        Class<? extends KubernetesObject> primary = primaryType(type, annotation, errors);
        List<Class<? extends KubernetesObject>> owns = new ArrayList<>();
        for (Class<? extends KubernetesObject> owned : annotation.owns()) {
            resourceType(owned, "attribute 'owns'", errors);
            if (owned == primary) {
                throw errors.fail("attribute 'owns' lists the primary resource " + owned.getSimpleName() + " itself");
            }
            owns.add(owned);
        }

        CapstanProperties.ControllerOverrides overrides = properties.controller(name);
        String prefix = "capstan.controllers." + name + ".";
        int workers = overrides.workers() != null ? overrides.workers() : annotation.workers();
        if (workers < 1) {
            throw errors.fail((overrides.workers() != null ? "property '" + prefix + "workers'" : "attribute 'workers'")
                    + " must be at least 1, not " + workers);
        }
        List<String> namespaceList = overrides.namespaces() != null ? overrides.namespaces()
                : annotation.namespaces().length > 0 ? Arrays.asList(annotation.namespaces())
                : properties.informers().namespaces();
        Set<String> namespaces = new LinkedHashSet<>();
        for (String namespace : namespaceList) {
            if (namespace == null || namespace.isBlank()) {
                throw errors.fail((overrides.namespaces() != null ? "property '" + prefix + "namespaces'" : "attribute 'namespaces'")
                        + " contains an empty namespace: " + namespaceList);
            }
            namespaces.add(namespace.trim());
        }
        String labelSelector = overrides.labelSelector() != null ? overrides.labelSelector() : annotation.labelSelector();
        if (!labelSelector.isBlank()) {
            try {
                LabelMatcher.parse(labelSelector);
            } catch (IllegalArgumentException e) {
                throw errors.fail((overrides.labelSelector() != null ? "property '" + prefix + "label-selector'"
                        : "attribute 'labelSelector'") + " is not a label selector: " + e.getMessage());
            }
        }
        boolean namespaced = ResourceType.of(primary).namespaced();
        InformerSelection selection = new InformerSelection(namespaced ? namespaces : Set.of(), labelSelector, null);

        List<ControllerPlan.WatchMethod> watches = new ArrayList<>();
        List<Method> indexMethods = new ArrayList<>();
        ReflectionUtils.doWithMethods(type, method -> {
            Watches watch = AnnotationUtils.findAnnotation(method, Watches.class);
            if (watch != null && !method.isBridge()) {
                watches.add(watchMethod(method, watch, errors));
            }
            if (method.isAnnotationPresent(Index.class) && !method.isBridge()) {
                indexMethods.add(method);
            }
        });
        Set<Class<? extends KubernetesObject>> types = new LinkedHashSet<>();
        types.add(primary);
        types.addAll(owns);
        watches.forEach(w -> types.add(w.type()));
        List<ControllerPlan.IndexMethod> indexes = new ArrayList<>();
        Set<String> indexNames = new LinkedHashSet<>();
        for (Method method : indexMethods) {
            ControllerPlan.IndexMethod index = indexMethod(method, types, errors);
            if (!indexNames.add(index.type().getName() + "/" + index.name())) {
                throw errors.fail("two @Index methods declare the index '" + index.name() + "' on " + index.type().getSimpleName());
            }
            indexes.add(index);
        }

        boolean enabled = overrides.enabled() != null ? overrides.enabled() : annotation.enabled();
        boolean generationChanged = overrides.generationChangedFilter() != null ? overrides.generationChangedFilter()
                : annotation.generationChangedFilter();
        return new ControllerPlan(beanName, type, name, primary, enabled, workers, namespaces, selection, generationChanged,
                List.copyOf(owns), List.copyOf(watches), List.copyOf(indexes), overrides.rateLimiter());
    }

    private static Class<? extends KubernetesObject> primaryType(Class<?> type, KubernetesController annotation, Errors errors) {
        Class<?> inferred = ResolvableType.forClass(type).as(Reconciler.class).getGeneric(0).resolve();
        if (inferred == KubernetesObject.class || (inferred != null && !KubernetesObject.class.isAssignableFrom(inferred))) {
            inferred = null;
        }
        Class<? extends KubernetesObject> declared = annotation.resource() == KubernetesObject.class ? null : annotation.resource();
        if (declared != null && inferred != null && !inferred.isAssignableFrom(declared)) {
            throw errors.fail("attribute 'resource' is " + declared.getSimpleName() + " but the class implements Reconciler<"
                    + inferred.getSimpleName() + ">; they must agree");
        }
        Class<? extends KubernetesObject> primary = declared != null ? declared : inferred == null ? null : inferred.asSubclass(KubernetesObject.class);
        if (primary == null) {
            throw errors.fail("attribute 'resource' is not set and the primary resource cannot be inferred from Reconciler<T> "
                    + "(no concrete type argument); set @KubernetesController(resource = Foo.class) or implement Reconciler<Foo>");
        }
        resourceType(primary, declared != null ? "attribute 'resource'" : "the primary resource (Reconciler's type argument)", errors);
        return primary;
    }

    private static void resourceType(Class<?> type, String where, Errors errors) {
        try {
            ResourceType.of(type);
        } catch (RuntimeException e) {
            throw errors.fail(where + ": " + type.getName() + " is not a Kubernetes resource type (" + e.getMessage() + ")");
        }
    }

    private static ControllerPlan.WatchMethod watchMethod(Method method, Watches watch, Errors errors) {
        String what = "method '" + method.getName() + "' annotated @Watches(" + watch.value().getSimpleName() + ".class)";
        resourceType(watch.value(), what, errors);
        if (Modifier.isStatic(method.getModifiers())) {
            throw errors.fail(what + " must not be static (it runs on the bean)");
        }
        if (method.getParameterCount() != 1 || !method.getParameterTypes()[0].isAssignableFrom(watch.value())) {
            throw errors.fail(what + " must take exactly one parameter accepting a " + watch.value().getSimpleName());
        }
        if (!Collection.class.isAssignableFrom(method.getReturnType())) {
            throw errors.fail(what + " must return Collection<Request> (the requests to reconcile), not "
                    + method.getGenericReturnType().getTypeName());
        }
        ReflectionUtils.makeAccessible(method);
        return new ControllerPlan.WatchMethod(watch.value(), method);
    }

    private static ControllerPlan.IndexMethod indexMethod(Method method, Set<Class<? extends KubernetesObject>> types, Errors errors) {
        String indexName = method.getAnnotation(Index.class).value();
        String what = "method '" + method.getName() + "' annotated @Index(\"" + indexName + "\")";
        if (indexName.isBlank()) {
            throw errors.fail(what + " needs an index name");
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            throw errors.fail(what + " must be static (index functions run under the cache's lock, not on the bean)");
        }
        Class<?> parameter = method.getParameterCount() == 1 ? method.getParameterTypes()[0] : null;
        if (parameter == null || !types.contains(parameter)) {
            throw errors.fail(what + " must take exactly one parameter of the primary, an owned or a watched type "
                    + types.stream().map(Class::getSimpleName).toList());
        }
        ResolvableType returned = ResolvableType.forMethodReturnType(method);
        if (!Collection.class.isAssignableFrom(method.getReturnType())
                || (returned.as(Collection.class).getGeneric(0).resolve() != null
                        && returned.as(Collection.class).getGeneric(0).resolve() != String.class)) {
            throw errors.fail(what + " must return List<String> or Collection<String>, not " + method.getGenericReturnType().getTypeName());
        }
        ReflectionUtils.makeAccessible(method);
        return new ControllerPlan.IndexMethod(indexName, parameter.asSubclass(KubernetesObject.class), method);
    }

    /** Builds the startup errors of one bean. */
    private record Errors(String beanName, Class<?> type) {
        BeanDefinitionValidationException fail(String problem) {
            return new BeanDefinitionValidationException("@KubernetesController on bean '" + beanName + "' (" + type.getName()
                    + "): " + problem);
        }
    }

    // ---- listers ---------------------------------------------------------------------------------------

    private static @Nullable Class<?> typeOf(ConfigurableListableBeanFactory beanFactory, String beanName) {
        try {
            Class<?> type = beanFactory.getType(beanName, false);
            return type == null ? null : ClassUtils.getUserClass(type);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static void collectListerTypes(ConfigurableListableBeanFactory beanFactory, BeanDefinition definition, Class<?> type,
            Set<Class<? extends KubernetesObject>> into) {
        try {
            List<ResolvableType> points = new ArrayList<>();
            String factoryMethod = definition.getFactoryMethodName();
            if (factoryMethod != null) {
                Class<?> factoryClass = definition.getFactoryBeanName() != null ? typeOf(beanFactory, definition.getFactoryBeanName())
                        : definition.getBeanClassName() == null ? null
                        : ClassUtils.resolveClassName(definition.getBeanClassName(), beanFactory.getBeanClassLoader());
                if (factoryClass != null) {
                    for (Method method : ReflectionUtils.getUniqueDeclaredMethods(factoryClass)) {
                        if (method.getName().equals(factoryMethod)) {
                            for (int i = 0; i < method.getParameterCount(); i++) {
                                points.add(ResolvableType.forMethodParameter(method, i));
                            }
                        }
                    }
                }
            } else {
                for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                    for (int i = 0; i < constructor.getParameterCount(); i++) {
                        points.add(ResolvableType.forConstructorParameter(constructor, i));
                    }
                }
            }
            ReflectionUtils.doWithFields(type, field -> {
                if (field.isAnnotationPresent(Autowired.class)) {
                    points.add(ResolvableType.forField(field));
                }
            });
            ReflectionUtils.doWithMethods(type, method -> {
                if (method.isAnnotationPresent(Autowired.class)) {
                    for (int i = 0; i < method.getParameterCount(); i++) {
                        points.add(ResolvableType.forMethodParameter(method, i));
                    }
                }
            });
            for (ResolvableType point : points) {
                Class<?> raw = point.resolve();
                if (raw != null && (ObjectFactory.class.isAssignableFrom(raw) || raw == Optional.class)) {
                    point = point.getGeneric(0);
                    raw = point.resolve();
                }
                if (raw == Lister.class) {
                    Class<?> element = point.getGeneric(0).resolve();
                    if (element != null && element != KubernetesObject.class && KubernetesObject.class.isAssignableFrom(element)) {
                        into.add(element.asSubclass(KubernetesObject.class));
                    }
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // a bean whose signature cannot be read takes no lister from us
        }
    }

    private static void registerLister(ConfigurableListableBeanFactory beanFactory, BeanDefinitionRegistry registry,
            Class<? extends KubernetesObject> type) {
        ResolvableType listerType = ResolvableType.forClassWithGenerics(Lister.class, type);
        if (beanFactory.getBeanNamesForType(listerType, true, false).length > 0) {
            return; // the application defines its own
        }
        RootBeanDefinition definition = new RootBeanDefinition(Lister.class);
        definition.setTargetType(listerType);
        definition.setLazyInit(true);
        definition.setInstanceSupplier(() -> beanFactory.getBean(KubernetesListers.class).lister(type));
        registry.registerBeanDefinition(LISTER_BEAN_PREFIX + type.getName(), definition);
    }
}
