package dev.capstan.boot.webhook;

import static dev.capstan.boot.webhook.AdmissionWebhookAutoConfigurationTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.core.v1.ConfigMap;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The real Reactor Netty server on a loopback port, serving HTTPS from the certificate directory. */
class CertDirectoryTlsTest {

    /** The auto-configurations a WebFlux application with admission webhooks runs, and no more. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, SslAutoConfiguration.class,
        NettyReactiveWebServerAutoConfiguration.class, WebFluxAutoConfiguration.class, HttpHandlerAutoConfiguration.class,
        AdmissionWebhookAutoConfiguration.class})
    static class App {
        @Bean
        @ValidatingWebhook(path = "/validate-configmap", type = ConfigMap.class)
        AdmissionValidator<ConfigMap> validator() {
            return request -> AdmissionResult.deny("seen " + request.object().metadata().name());
        }
    }

    private static HttpClient trusting(String certificatePem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("only", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> post(HttpClient client, int port, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/validate-configmap"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttpsFromTheDirectoryAndSwitchesToARenewedCertificate(@TempDir Path dir) throws Exception {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties("server.port=0", "server.address=127.0.0.1", "capstan.webhook.cert-dir=" + dir,
                        "capstan.webhook.reload-interval=1h", "spring.main.banner-mode=off")
                .run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();

            HttpResponse<String> admitted = post(trusting(TestCertificates.A_CERTIFICATE), port, Reviews.createConfigMap("u-1"));
            assertThat(admitted.statusCode()).isEqualTo(200);
            assertThat(admitted.body()).contains("\"uid\":\"u-1\"", "seen settings");
            assertThat(post(trusting(TestCertificates.A_CERTIFICATE), port, "{}").statusCode()).isEqualTo(400);

            write(dir, TestCertificates.B_CERTIFICATE, TestCertificates.B_KEY);
            assertThat(context.getBean(CertDirectory.class).checkForUpdate()).isTrue();

            assertThat(post(trusting(TestCertificates.B_CERTIFICATE), port, Reviews.createConfigMap("u-2")).body())
                    .contains("\"uid\":\"u-2\"");
            assertThatThrownBy(() -> post(trusting(TestCertificates.A_CERTIFICATE), port, Reviews.createConfigMap("u-3")))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }
}
