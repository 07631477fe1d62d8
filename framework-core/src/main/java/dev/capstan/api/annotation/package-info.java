/**
 * Annotations that make a class a Kubernetes resource type: {@link dev.capstan.api.annotation.Group}
 * and {@link dev.capstan.api.annotation.Version} are required; {@link dev.capstan.api.annotation.Kind},
 * {@link dev.capstan.api.annotation.Plural}, {@link dev.capstan.api.annotation.Singular},
 * {@link dev.capstan.api.annotation.ShortNames} and the scope
 * ({@link dev.capstan.api.annotation.Namespaced} or {@link dev.capstan.api.annotation.ClusterScoped})
 * have defaults. {@link dev.capstan.api.ResourceType#of(Class)} reads them.
 *
 * <pre>{@code
 * @Group("example.com") @Version("v1") @ShortNames("fo")
 * public record Foo(String apiVersion, String kind, ObjectMeta metadata, FooSpec spec, FooStatus status)
 *         implements KubernetesObject {}
 * }</pre>
 * Generated built-in kinds carry the same annotations, so one mechanism serves both.
 */
package dev.capstan.api.annotation;
