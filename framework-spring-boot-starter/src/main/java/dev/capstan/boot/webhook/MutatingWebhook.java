package dev.capstan.boot.webhook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the annotated {@link AdmissionMutator} bean as a mutating admission webhook on
 * {@link #path()} of the WebFlux server.
 *
 * <pre>{@code
 * @Component
 * @MutatingWebhook(path = "/default-foo", type = Foo.class)
 * class FooDefaulter implements AdmissionMutator<Foo> {
 *     public Foo mutate(AdmissionRequest<Foo> request) {
 *         Foo foo = request.object();
 *         return foo.spec().replicas() != null ? foo
 *                 : foo.toBuilder().spec(foo.spec().toBuilder().replicas(1).build()).build();
 *     }
 * }
 * }</pre>
 *
 * The API server receives a JSON patch (RFC 6902) from the object it sent to the object the
 * mutator returned; returning the object unchanged admits it as it is.
 *
 * <p>Also allowed on a {@code @Bean} method returning an {@link AdmissionMutator}, so a lambda will do.
 *
 * <p>Expands to {@code AdmissionWebhooks.builder().mutating(path, type, bean)}. Startup fails,
 * naming the bean and the attribute, when the bean does not implement
 * {@link AdmissionMutator}, when its type argument does not accept {@link #type()}, when the
 * path does not start with {@code '/'}, or when another webhook already serves the path.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface MutatingWebhook {

    /**
     * The URL path the API server posts AdmissionReviews to, for example {@code /default-foo}:
     * starts with {@code '/'}, and is unique among the application's webhooks. It is what a
     * MutatingWebhookConfiguration names in {@code clientConfig.service.path} (or at the end
     * of {@code clientConfig.url}).
     */
    String path();

    /**
     * What the object is decoded into: a generated model ({@code ConfigMap.class}), a custom
     * resource class, or {@code Unstructured.class} for anything.
     */
    Class<?> type();
}
