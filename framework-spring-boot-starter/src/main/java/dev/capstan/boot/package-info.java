/**
 * Capstan's Spring Boot starter: annotate a {@link dev.capstan.controller.Reconciler} bean with
 * {@link dev.capstan.boot.KubernetesController} and it runs on the shared informers of one
 * {@link dev.capstan.controller.Manager}, with typed {@code Lister<T>} beans to read from,
 * leader election, health, metrics and {@code /actuator/capstan}. Thin by design: it only wires
 * what framework-core builds.
 *
 * <p>Entry points: {@link dev.capstan.boot.KubernetesController} (with {@link dev.capstan.boot.Index}
 * and {@link dev.capstan.boot.Watches}), {@link dev.capstan.boot.CapstanProperties} ({@code capstan.*}),
 * {@link dev.capstan.boot.CapstanAutoConfiguration} and the {@code *Customizer} interfaces. See
 * docs/spring-boot.md.
 */
@NullMarked
package dev.capstan.boot;

import org.jspecify.annotations.NullMarked;
