package dev.capstan.boot.webhook;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admission webhook settings, under {@code capstan.webhook}.
 *
 * <pre>{@code
 * capstan.webhook.cert-dir=/tmp/k8s-webhook-server/serving-certs   # tls.crt, tls.key (ca.crt optional)
 * }</pre>
 *
 * <p>The parameter descriptions below are plain text: they become the IDE's property help.
 *
 * @param enabled whether annotated webhook beans are served and the certificate directory is
 *     used. Default true.
 * @param certDir directory holding tls.crt (the serving certificate, followed by any
 *     intermediates), tls.key (its private key, PKCS#8, PKCS#1 or SEC1 PEM) and optionally
 *     ca.crt: the layout of a cert-manager Certificate's Secret mounted as a volume. When set,
 *     the WebFlux server serves HTTPS with this certificate, through the SSL bundle
 *     "capstan-webhook"; when unset, the server's TLS is left to server.ssl.*. Default unset.
 * @param reloadOnUpdate whether a changed certificate in cert-dir is picked up without a
 *     restart (cert-manager renews certificates before they expire, and the kubelet updates
 *     the mounted Secret in place). Default true.
 * @param reloadInterval how often cert-dir is checked for a changed certificate. Default 10
 *     seconds; the kubelet itself takes up to a minute or so to update a mounted Secret, so a
 *     shorter interval gains little.
 */
@ConfigurationProperties("capstan.webhook")
public record WebhookProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable Path certDir,
        @DefaultValue("true") boolean reloadOnUpdate,
        @DefaultValue("10s") Duration reloadInterval) {

    /** Rejects a reload interval that is not positive. */
    public WebhookProperties {
        if (reloadInterval.isNegative() || reloadInterval.isZero()) {
            throw new IllegalArgumentException("capstan.webhook.reload-interval must be positive, not " + reloadInterval
                    + " (to turn reloading off, set capstan.webhook.reload-on-update=false)");
        }
    }
}
