package dev.capstan.boot;

import dev.capstan.controller.Manager;

/**
 * Adjusts the auto-configured {@link Manager} before it is built, after the {@code capstan.*}
 * properties were applied. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface ManagerBuilderCustomizer {

    void customize(Manager.Builder builder);
}
