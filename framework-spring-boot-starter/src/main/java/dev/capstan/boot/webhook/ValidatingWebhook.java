package dev.capstan.boot.webhook;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the annotated {@link AdmissionValidator} bean as a validating admission webhook on
 * {@link #path()} of the WebFlux server.
 *
 * <pre>{@code
 * @Component
 * @ValidatingWebhook(path = "/validate-foo", type = Foo.class)
 * class FooValidator implements AdmissionValidator<Foo> {
 *     public AdmissionResult validate(AdmissionRequest<Foo> request) {
 *         Foo foo = request.object();
 *         return foo.spec().replicas() < 0
 *                 ? AdmissionResult.deny("spec.replicas must not be negative")
 *                 : AdmissionResult.allow();
 *     }
 * }
 * }</pre>
 *
 * <p>Also allowed on a {@code @Bean} method returning an {@link AdmissionValidator}, so a lambda will do.
 *
 * <p>Expands to {@code AdmissionWebhooks.builder().validating(path, type, bean)}. Startup fails,
 * naming the bean and the attribute, when the bean does not implement
 * {@link AdmissionValidator}, when its type argument does not accept {@link #type()}, when the
 * path does not start with {@code '/'}, or when another webhook already serves the path.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ValidatingWebhook {

    /**
     * The URL path the API server posts AdmissionReviews to, for example {@code /validate-foo}:
     * starts with {@code '/'}, and is unique among the application's webhooks. It is what a
     * ValidatingWebhookConfiguration names in {@code clientConfig.service.path} (or at the end
     * of {@code clientConfig.url}).
     */
    String path();

    /**
     * What the object is decoded into: a generated model ({@code ConfigMap.class}), a custom
     * resource class, or {@code Unstructured.class} for anything.
     */
    Class<?> type();
}
