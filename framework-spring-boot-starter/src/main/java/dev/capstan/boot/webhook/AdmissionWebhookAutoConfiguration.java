package dev.capstan.boot.webhook;

import java.nio.file.Path;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the {@link ValidatingWebhook} and {@link MutatingWebhook} beans on the WebFlux server
 * and, with {@code capstan.webhook.cert-dir}, serves that server over TLS with the directory's
 * certificate.
 *
 * <p>Active in reactive web applications with WebFlux on the class path, unless
 * {@code capstan.webhook.enabled=false}. Beans:
 * <ul>
 *   <li>{@code capstanAdmissionWebhookRoutes}: a {@link RouterFunction} serving every annotated
 *       bean, built with {@link AdmissionWebhooks}. Declare a bean of that name to replace it.
 *       Misuse (a bean of the wrong interface, a type argument that does not fit, a path not
 *       starting with '/', two webhooks on one path) fails startup naming the bean and the
 *       attribute.</li>
 *   <li>With {@code capstan.webhook.cert-dir}: an SSL bundle named {@value #SSL_BUNDLE} from the
 *       directory (reloaded when it changes, see {@link WebhookProperties}), and a server
 *       customizer that sets {@code server.ssl.bundle} to it.</li>
 * </ul>
 */
@AutoConfiguration
@ConditionalOnClass({RouterFunction.class, ServerResponse.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "capstan.webhook.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebhookProperties.class)
public final class AdmissionWebhookAutoConfiguration {
    /** The SSL bundle holding the certificate of {@code capstan.webhook.cert-dir}. */
    public static final String SSL_BUNDLE = "capstan-webhook";

    private static final Log LOG = LogFactory.getLog(AdmissionWebhookAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(name = "capstanAdmissionWebhookRoutes")
    RouterFunction<ServerResponse> capstanAdmissionWebhookRoutes(ListableBeanFactory beans) {
        AdmissionWebhooks.Builder builder = AnnotatedWebhooks.addAll(beans, AdmissionWebhooks.builder());
        RouterFunction<ServerResponse> routes = builder.build();
        builder.endpoints().forEach(endpoint -> LOG.info("Serving " + (endpoint.isMutating() ? "mutating" : "validating")
                + " admission webhook " + endpoint.path() + " for " + endpoint.type().getName() + " (" + endpoint.origin() + ")"));
        return routes;
    }

    /** TLS from {@code capstan.webhook.cert-dir}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ConfigurableReactiveWebServerFactory.class)
    @ConditionalOnProperty(name = "capstan.webhook.cert-dir")
    static final class CertDirectoryConfiguration {

        @Bean
        CertDirectory capstanWebhookCertificates(WebhookProperties properties) {
            Path directory = properties.certDir();
            if (directory == null) {
                throw new IllegalStateException("capstan.webhook.cert-dir is empty; name the directory holding tls.crt and tls.key");
            }
            return new CertDirectory(directory, SSL_BUNDLE, properties.reloadOnUpdate(), properties.reloadInterval());
        }

        @Bean
        CertDirectoryServerCustomizer capstanWebhookServerTls(SslBundles sslBundles) {
            return new CertDirectoryServerCustomizer(SSL_BUNDLE, sslBundles);
        }
    }
}
