package dev.capstan.boot.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.Ssl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.JsonNode;

class AdmissionWebhookAutoConfigurationTest {
    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AdmissionWebhookAutoConfiguration.class));

    @ValidatingWebhook(path = "/validate-configmap", type = ConfigMap.class)
    static class ConfigMapValidator implements AdmissionValidator<ConfigMap> {
        @Override
        public AdmissionResult validate(AdmissionRequest<ConfigMap> request) {
            return AdmissionResult.deny("no ConfigMaps today");
        }
    }

    static class PlainConfigMapValidator implements AdmissionValidator<ConfigMap> {
        @Override
        public AdmissionResult validate(AdmissionRequest<ConfigMap> request) {
            return AdmissionResult.allow();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Webhooks {
        @Bean
        ConfigMapValidator configMapValidator() {
            return new ConfigMapValidator();
        }

        @Bean
        @MutatingWebhook(path = "/mutate-configmap", type = ConfigMap.class)
        AdmissionMutator<ConfigMap> configMapMutator() {
            return request -> request.object().toBuilder().data(java.util.Map.of("mutated", "true")).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrongInterface {
        @Bean
        @ValidatingWebhook(path = "/validate", type = ConfigMap.class)
        AdmissionMutator<ConfigMap> notAValidator() {
            return AdmissionRequest::object;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SamePath {
        @Bean
        ConfigMapValidator first() {
            return new ConfigMapValidator();
        }

        @Bean
        @MutatingWebhook(path = "/validate-configmap", type = ConfigMap.class)
        AdmissionMutator<ConfigMap> second() {
            return AdmissionRequest::object;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RelativePath {
        @Bean
        @ValidatingWebhook(path = "validate-configmap", type = ConfigMap.class)
        AdmissionValidator<ConfigMap> relative() {
            return request -> AdmissionResult.allow();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrongType {
        @Bean
        @ValidatingWebhook(path = "/validate-secret", type = Secret.class)
        PlainConfigMapValidator configMapsOnly() {
            return new PlainConfigMapValidator();
        }
    }

    private static RouterFunction<ServerResponse> routes(AssertableReactiveWebApplicationContext context) {
        @SuppressWarnings("unchecked")
        RouterFunction<ServerResponse> routes = context.getBean("capstanAdmissionWebhookRoutes", RouterFunction.class);
        return routes;
    }

    private static JsonNode post(RouterFunction<ServerResponse> routes, String path) {
        byte[] body = WebTestClient.bindToRouterFunction(routes).build()
                .post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(Reviews.createConfigMap("u-1"))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return KubernetesJson.mapper().readTree(body).get("response");
    }

    private static String startupFailure(AssertableReactiveWebApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void annotatedClassesAndBeanMethodsAreServed() {
        runner.withUserConfiguration(Webhooks.class).run(context -> {
            RouterFunction<ServerResponse> routes = routes(context);

            assertThat(post(routes, "/validate-configmap").get("status").get("message").stringValue())
                    .isEqualTo("no ConfigMaps today");
            assertThat(post(routes, "/mutate-configmap").get("patchType").stringValue()).isEqualTo("JSONPatch");
        });
    }

    @Test
    void beanOfTheWrongInterfaceFailsStartupNamingBeanAndAnnotation() {
        runner.withUserConfiguration(WrongInterface.class).run(context -> assertThat(startupFailure(context))
                .contains("@ValidatingWebhook on bean 'notAValidator'", "does not implement AdmissionValidator"));
    }

    @Test
    void twoWebhooksOnOnePathFailStartupNamingBoth() {
        runner.withUserConfiguration(SamePath.class).run(context -> assertThat(startupFailure(context))
                .contains("@MutatingWebhook on bean 'second': path = \"/validate-configmap\" is already served by "
                        + "@ValidatingWebhook on bean 'first'"));
    }

    @Test
    void pathWithoutLeadingSlashFailsStartupNamingTheAttribute() {
        runner.withUserConfiguration(RelativePath.class).run(context -> assertThat(startupFailure(context))
                .contains("@ValidatingWebhook on bean 'relative': path = \"validate-configmap\" must start with '/'"));
    }

    @Test
    void typeTheBeanCannotTakeFailsStartupNamingTheAttribute() {
        runner.withUserConfiguration(WrongType.class).run(context -> assertThat(startupFailure(context))
                .contains("@ValidatingWebhook on bean 'configMapsOnly': type = Secret.class, but the bean implements "
                        + "AdmissionValidator<ConfigMap>"));
    }

    @Test
    void noWebhooksIsFine() {
        runner.run(context -> assertThat(context).hasNotFailed().hasBean("capstanAdmissionWebhookRoutes"));
    }

    @Test
    void offOutsideReactiveWebApplications() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AdmissionWebhookAutoConfiguration.class))
                .withUserConfiguration(Webhooks.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("capstanAdmissionWebhookRoutes"));
    }

    @Test
    void offWhenDisabled() {
        runner.withUserConfiguration(Webhooks.class).withPropertyValues("capstan.webhook.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("capstanAdmissionWebhookRoutes"));
    }

    @Test
    void noTlsWithoutCertDir() {
        runner.run(context -> assertThat(context).doesNotHaveBean(CertDirectory.class)
                .doesNotHaveBean(CertDirectoryServerCustomizer.class));
    }

    @Test
    void certDirBecomesTheWebhookSslBundle(@TempDir Path dir) throws IOException {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("capstan.webhook.cert-dir=" + dir)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(CertDirectoryServerCustomizer.class);
                    var bundle = context.getBean(SslBundles.class).getBundle(AdmissionWebhookAutoConfiguration.SSL_BUNDLE);
                    assertThat(bundle.getStores().getKeyStore().size()).isEqualTo(1);
                });
    }

    @Test
    void missingCertificateFailsStartupNamingPropertyAndFile(@TempDir Path dir) {
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("capstan.webhook.cert-dir=" + dir)
                .run(context -> assertThat(startupFailure(context))
                        .contains("capstan.webhook.cert-dir=" + dir + ": " + dir.resolve("tls.crt") + " is missing"));
    }

    @Test
    void keyOfAnotherCertificateFailsStartup(@TempDir Path dir) throws IOException {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.B_KEY);
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("capstan.webhook.cert-dir=" + dir)
                .run(context -> assertThat(startupFailure(context))
                        .contains("tls.key is not the private key of the first certificate in tls.crt"));
    }

    @Test
    void serverCustomizerPointsTlsAtTheBundleAndKeepsOtherSettings() {
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
        Ssl ssl = new Ssl();
        ssl.setClientAuth(Ssl.ClientAuth.WANT);
        factory.setSsl(ssl);

        new CertDirectoryServerCustomizer("capstan-webhook", new DefaultSslBundleRegistry()).customize(factory);

        assertThat(factory.getSsl().getBundle()).isEqualTo("capstan-webhook");
        assertThat(factory.getSsl().getClientAuth()).isEqualTo(Ssl.ClientAuth.WANT);
    }

    @Test
    void serverCustomizerRefusesASecondCertificateSource() {
        NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
        factory.setSsl(Ssl.forBundle("mine"));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new CertDirectoryServerCustomizer("capstan-webhook", new DefaultSslBundleRegistry()).customize(factory))
                .hasMessageStartingWith("capstan.webhook.cert-dir and server.ssl.bundle both set the web server's TLS");
    }

    static void write(Path dir, String certificate, String key) throws IOException {
        Files.writeString(dir.resolve("tls.crt"), certificate, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("tls.key"), key, StandardCharsets.US_ASCII);
    }
}
