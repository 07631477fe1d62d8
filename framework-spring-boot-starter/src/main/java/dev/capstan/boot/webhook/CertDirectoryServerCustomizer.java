package dev.capstan.boot.webhook;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.core.Ordered;

/**
 * Points the reactive web server's TLS at the bundle of {@code capstan.webhook.cert-dir},
 * keeping whatever else {@code server.ssl.*} says (client authentication, protocols, ciphers),
 * and refusing a second source of the server's certificate.
 *
 * <p>Runs after Spring Boot's own customizer (order 0), which copies {@code server.ssl.*}
 * into the factory.
 */
final class CertDirectoryServerCustomizer implements WebServerFactoryCustomizer<ConfigurableReactiveWebServerFactory>, Ordered {
    private final String bundleName;
    private final SslBundles sslBundles;

    CertDirectoryServerCustomizer(String bundleName, SslBundles sslBundles) {
        this.bundleName = bundleName;
        this.sslBundles = sslBundles;
    }

    @Override
    public void customize(ConfigurableReactiveWebServerFactory factory) {
        Ssl ssl = factory instanceof AbstractConfigurableWebServerFactory configurable ? configurable.getSsl() : null;
        if (ssl == null) {
            ssl = Ssl.forBundle(bundleName);
        } else {
            String conflict = conflict(ssl);
            if (conflict != null) {
                throw new IllegalStateException("capstan.webhook.cert-dir and " + conflict
                        + " both set the web server's TLS; use one of them (remove capstan.webhook.cert-dir to keep "
                        + "server.ssl.*, or set capstan.webhook.enabled=false)");
            }
            ssl.setBundle(bundleName);
        }
        factory.setSsl(ssl);
        factory.setSslBundles(sslBundles);
    }

    /** The {@code server.ssl} property that already decides the certificate, if any. */
    private static @Nullable String conflict(Ssl ssl) {
        if (!ssl.isEnabled()) {
            return "server.ssl.enabled=false";
        }
        if (ssl.getBundle() != null && !ssl.getBundle().isEmpty()) {
            return "server.ssl.bundle";
        }
        if (ssl.getCertificate() != null) {
            return "server.ssl.certificate";
        }
        if (ssl.getKeyStore() != null) {
            return "server.ssl.key-store";
        }
        return null;
    }

    @Override
    public int getOrder() {
        return 10;
    }
}
