package dev.capstan.boot;

import dev.capstan.client.rest.RestOptions;

/**
 * Adjusts the {@link RestOptions} of the auto-configured {@code KubernetesClient} after the
 * {@code capstan.client.*} properties and the meter registry were applied. {@code RestOptions} is
 * immutable: return the changed copy. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface RestOptionsCustomizer {

    RestOptions customize(RestOptions options);
}
