package dev.capstan.boot;

import dev.capstan.api.KubernetesObject;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Component;

/**
 * Marks a {@link dev.capstan.controller.Reconciler} bean as a controller that the starter runs:
 * an informer for its primary resource (and for what it owns or watches), a work queue, worker
 * threads calling {@code reconcile(request)}, optionally only while this replica leads.
 *
 * <pre>{@code
 * @KubernetesController(owns = Deployment.class, workers = 4)
 * class FooReconciler implements Reconciler<Foo> {
 *     FooReconciler(Lister<Foo> foos, Lister<Deployment> deployments, KubernetesClient client) { … }
 *
 *     public Result reconcile(Request request) { … }            // reads listers, writes with the client
 *
 *     @Index("by-deployment")
 *     static List<String> byDeployment(Foo foo) { … }          // registered on the Foo informer before start
 *
 *     @Watches(Secret.class)
 *     Collection<Request> onSecret(Secret secret) { … }        // a Secret event → the Foos to reconcile
 * }
 * }</pre>
 *
 * <h2>Why not {@code @Controller}</h2> Spring already has
 * {@link org.springframework.stereotype.Controller} (web MVC/WebFlux handlers). Reusing the name
 * would force every operator that also serves HTTP to import one of the two by its full name,
 * and a wrong import silently turns a reconciler into a web controller. Hence
 * {@code @KubernetesController}. It is a {@link Component} stereotype, so component scanning
 * finds it.
 *
 * <h2>What it expands to</h2> Sugar over {@code manager.controller(name, Primary.class)}:
 * {@code .selection(namespaces, labelSelector)}, {@code .withEventFilter(generationChanged())},
 * {@code .watches(owned, namespaces, KeyMapper.controllerOwner(primary))} per owned type,
 * {@code .watches(type, namespaces, method)} per {@link Watches} method, {@code .workers(n)},
 * {@code .rateLimiter(...)}, {@code .reconciler(bean)}, then {@code informer.addIndexers} per
 * {@link Index} method and {@code manager.add(controller)}. Drop to that builder (through a
 * {@link ControllerBuilderCustomizer}, or your own {@code Manager} bean) when the annotation is
 * not enough.
 *
 * <h2>Overrides</h2> Every attribute but {@code resource} and {@code owns} can be overridden per
 * controller name by properties: {@code capstan.controllers.<name>.enabled}, {@code .workers},
 * {@code .namespaces}, {@code .label-selector}, {@code .generation-changed-filter},
 * {@code .rate-limiter.*}. Properties win over the annotation.
 *
 * <h2>Errors</h2> Misuse fails the application's startup with a message naming the bean and the
 * attribute: no resource type, an owned or watched class that is not a Kubernetes resource,
 * fewer than one worker, two controllers of the same name, a malformed {@link Index} or
 * {@link Watches} method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface KubernetesController {

    /**
     * The controller's name: labels its logs ({@code reconcile.controller}), metrics and
     * work queue, and keys its {@code capstan.controllers.<name>.*} properties. Unique per
     * application. Default: the bean name.
     */
    String name() default "";

    /**
     * The primary resource: what {@code reconcile(request)} is asked about. Default: the type
     * argument of {@code Reconciler<Foo>} on the bean class. Set it only when that argument is not
     * resolvable from the class (a generic base class); when both are known they must agree.
     */
    Class<? extends KubernetesObject> resource() default KubernetesObject.class;

    /**
     * Resources this controller creates and marks as controlled by the primary object
     * ({@code ownerReferences[].controller: true}): an event on one (deletion included) reconciles
     * its owner. Watched in the controller's namespaces, without its label selector.
     */
    Class<? extends KubernetesObject>[] owns() default {};

    /** Worker threads: how many different requests are reconciled at once. At least 1; default 1. */
    int workers() default 1;

    /**
     * Namespaces to watch (the primary resource and the owned and watched ones). Default: those of
     * {@code capstan.informers.namespaces}, and when that is empty, all namespaces.
     */
    String[] namespaces() default {};

    /** A label selector (kubectl syntax) for the primary resource; default none. */
    String labelSelector() default "";

    /**
     * Whether updates of the primary resource reconcile only when {@code metadata.generation}
     * changed, so status writes do not loop back ({@code EventFilter.generationChanged()}; kinds
     * without a generation always pass). Default true.
     */
    boolean generationChangedFilter() default true;

    /** Whether the controller runs. The bean exists either way. Default true. */
    boolean enabled() default true;
}
