package dev.capstan.boot;

import dev.capstan.controller.Controller;

/**
 * Adjusts the builder of each {@link KubernetesController} after the annotation and the
 * {@code capstan.controllers.<name>.*} properties were applied, before the reconciler is set and
 * the controller built: add watches, filters or a rate limiter the annotation cannot express.
 * Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface ControllerBuilderCustomizer {

    /** Called once per controller; {@code controllerName} tells which. */
    void customize(String controllerName, Controller.Builder<?> builder);
}
