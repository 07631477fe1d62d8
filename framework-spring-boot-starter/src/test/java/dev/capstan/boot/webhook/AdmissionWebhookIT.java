package dev.capstan.boot.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.api.admissionregistration.v1.MutatingWebhookConfiguration;
import dev.capstan.api.admissionregistration.v1.RuleWithOperations;
import dev.capstan.api.admissionregistration.v1.ValidatingWebhookConfiguration;
import dev.capstan.api.admissionregistration.v1.WebhookClientConfig;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.LabelSelector;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.DeletionOptions;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.WriteOptions;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.ControlPlaneBinary;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
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

/**
 * The real kube-apiserver of the local control plane calls the application's webhooks over
 * HTTPS: a ValidatingWebhookConfiguration and a MutatingWebhookConfiguration point at
 * {@code https://127.0.0.1:<port>} with a throwaway CA (made by the control-plane binary's
 * {@code pki} command), scoped to this class's namespace and to objects labelled for the test.
 */
@KubernetesTest
class AdmissionWebhookIT {
    static final String FORBIDDEN_KEY = "password";
    static final String DENIAL = "key 'password' is not allowed in a ConfigMap; use a Secret";
    static final String DEFAULTED_LABEL = "capstan.dev/defaulted";
    static final String TEST_LABEL = "capstan.dev/webhook-test";

    /** Every request the validator saw: uid, operation, dry run. */
    static final List<String> validated = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, SslAutoConfiguration.class,
        NettyReactiveWebServerAutoConfiguration.class, WebFluxAutoConfiguration.class, HttpHandlerAutoConfiguration.class,
        AdmissionWebhookAutoConfiguration.class})
    static class App {
        @Bean
        @ValidatingWebhook(path = "/validate-configmap", type = ConfigMap.class)
        AdmissionValidator<ConfigMap> noPasswordsInConfigMaps() {
            return request -> {
                validated.add(request.uid() + " " + request.operation() + " dryRun=" + request.dryRun());
                ConfigMap configMap = request.object();
                return configMap.data() != null && configMap.data().containsKey(FORBIDDEN_KEY)
                        ? AdmissionResult.deny(DENIAL)
                        : AdmissionResult.allow();
            };
        }

        @Bean
        @MutatingWebhook(path = "/default-configmap", type = ConfigMap.class)
        AdmissionMutator<ConfigMap> labelConfigMaps() {
            return request -> {
                ConfigMap in = request.object();
                Map<String, String> labels = new LinkedHashMap<>(in.metadata().labels());
                labels.put(DEFAULTED_LABEL, "true");
                return in.toBuilder().metadata(in.metadata().toBuilder().labels(labels).build()).build();
            };
        }
    }

    @TempDir
    Path temp;

    @BeforeEach
    void needsTheLocalControlPlane(TestCluster cluster) {
        assumeTrue(cluster.localControlPlane().isPresent(),
                "the API server must reach this JVM on 127.0.0.1, which only the local control plane can");
        validated.clear();
    }

    @Test
    void apiServerRejectsAnInvalidObjectWithTheValidatorsMessageAndPatchesValidOnes(TestCluster cluster,
            TestNamespace namespace) throws Exception {
        Path certDir = certificates("pki", temp.resolve("certs"));
        String test = "reject";
        try (KubernetesClient client = client(cluster, namespace.name());
                ConfigurableApplicationContext app = start(certDir, "10s")) {
            int port = port(app);
            Webhooks webhooks = register(client, namespace, test, port, caBundle(certDir));
            try {
                ResourceClient<ConfigMap> configMaps = client.resources(ConfigMap.class).inNamespace(namespace.name());
                awaitWebhooksActive(configMaps, test);

                KubernetesApiException rejected = catchThrowableOfType(KubernetesApiException.class,
                        () -> configMaps.create(configMap("with-password", test, Map.of(FORBIDDEN_KEY, "hunter2"))));
                assertThat(rejected).as("creating a ConfigMap with a password").isNotNull();
                assertThat(rejected.code()).isEqualTo(403);
                assertThat(rejected.getMessage())
                        .contains("admission webhook \"" + webhooks.validatingName() + "\" denied the request: " + DENIAL);
                assertThat(configMaps.find("with-password")).isEmpty();

                ConfigMap created = configMaps.create(configMap("settings", test, Map.of("mode", "fast")));
                assertThat(created.metadata().labels()).containsEntry(DEFAULTED_LABEL, "true").containsEntry(TEST_LABEL, test);
                assertThat(configMaps.get("settings").metadata().labels()).containsEntry(DEFAULTED_LABEL, "true");

                KubernetesApiException updateRejected = catchThrowableOfType(KubernetesApiException.class,
                        () -> configMaps.update(created.toBuilder().data(Map.of(FORBIDDEN_KEY, "x")).build()));
                assertThat(updateRejected).as("adding a password by update").isNotNull();
                assertThat(updateRejected.getMessage()).contains(DENIAL);

                // Each call reached the application with its own uid; the probes were dry runs.
                assertThat(validated).anySatisfy(line -> assertThat(line).endsWith("CREATE dryRun=true"))
                        .anySatisfy(line -> assertThat(line).endsWith("CREATE dryRun=false"))
                        .anySatisfy(line -> assertThat(line).endsWith("UPDATE dryRun=false"));
                assertThat(validated.stream().map(line -> line.split(" ")[0]).distinct().count()).isEqualTo(validated.size());
            } finally {
                webhooks.delete(client);
            }
        }
    }

    @Test
    void renewedCertificateIsServedToTheApiServerWithoutARestart(TestCluster cluster, TestNamespace namespace)
            throws Exception {
        Path certDir = certificates("pki-first", temp.resolve("certs"));
        String test = "renew";
        try (KubernetesClient client = client(cluster, namespace.name());
                ConfigurableApplicationContext app = start(certDir, "500ms")) {
            Webhooks webhooks = register(client, namespace, test, port(app), caBundle(certDir));
            try {
                ResourceClient<ConfigMap> configMaps = client.resources(ConfigMap.class).inNamespace(namespace.name());
                awaitWebhooksActive(configMaps, test);

                // cert-manager renews: a new key pair from a new CA replaces the directory's files,
                // and the webhook configurations' caBundle changes to the new CA (the CA injector's job).
                Path renewed = certificates("pki-second", temp.resolve("renewed"));
                for (String file : List.of("ca.crt", "tls.key", "tls.crt")) {
                    Files.copy(renewed.resolve(file), certDir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                webhooks.setCaBundle(client, caBundle(renewed));

                // Only the new CA is trusted now, so the webhooks work again only once the
                // application serves the renewed certificate, picked up by its reload thread.
                awaitWebhooksActive(configMaps, test);
                ConfigMap created = configMaps.create(configMap("after-renewal", test, Map.of("mode", "fast")));
                assertThat(created.metadata().labels()).containsEntry(DEFAULTED_LABEL, "true");
            } finally {
                webhooks.delete(client);
            }
        }
    }

    // --- the application ---

    private static ConfigurableApplicationContext start(Path certDir, String reloadInterval) {
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.REACTIVE)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "capstan.webhook.cert-dir=" + certDir, "capstan.webhook.reload-interval=" + reloadInterval)
                .run();
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    // --- certificates ---

    /**
     * A fresh CA and a serving certificate for 127.0.0.1 from the control-plane binary's
     * {@code pki} command, laid out as cert-manager does: {@code tls.crt}, {@code tls.key}, {@code ca.crt}.
     */
    private Path certificates(String name, Path certDir) throws IOException, InterruptedException {
        Path pki = temp.resolve(name);
        // Valid for the command's default of 30 days (it backdates notBefore by an hour for clock skew).
        Process process = new ProcessBuilder(ControlPlaneBinary.locate().toString(), "pki", "--dir", pki.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("pki finished").isTrue();
        assertThat(process.exitValue()).as("pki exit status; output: %s", output).isZero();
        Files.createDirectories(certDir);
        Files.copy(pki.resolve("apiserver.crt"), certDir.resolve("tls.crt"));
        Files.copy(pki.resolve("apiserver.key"), certDir.resolve("tls.key"));
        Files.copy(pki.resolve("ca.crt"), certDir.resolve("ca.crt"));
        return certDir;
    }

    private static String caBundle(Path certDir) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(certDir.resolve("ca.crt")));
    }

    // --- the webhook configurations ---

    /** The two configurations registered for one test. */
    record Webhooks(String configurationName, String validatingName, String mutatingName) {
        void setCaBundle(KubernetesClient client, String caBundle) {
            ResourceClient<ValidatingWebhookConfiguration> validating = client.resources(ValidatingWebhookConfiguration.class);
            ValidatingWebhookConfiguration v = validating.get(configurationName);
            validating.update(v.toBuilder().webhooks(v.webhooks().stream().map(w -> w.toBuilder()
                    .clientConfig(w.clientConfig().toBuilder().caBundle(caBundle).build()).build()).toList()).build());
            ResourceClient<MutatingWebhookConfiguration> mutating = client.resources(MutatingWebhookConfiguration.class);
            MutatingWebhookConfiguration m = mutating.get(configurationName);
            mutating.update(m.toBuilder().webhooks(m.webhooks().stream().map(w -> w.toBuilder()
                    .clientConfig(w.clientConfig().toBuilder().caBundle(caBundle).build()).build()).toList()).build());
        }

        void delete(KubernetesClient client) {
            for (Runnable deletion : List.<Runnable>of(
                    () -> client.resources(ValidatingWebhookConfiguration.class).delete(configurationName, DeletionOptions.defaults()),
                    () -> client.resources(MutatingWebhookConfiguration.class).delete(configurationName, DeletionOptions.defaults()))) {
                try {
                    deletion.run();
                } catch (KubernetesApiException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Registers both webhooks, failing closed, for ConfigMaps in the test's namespace that carry
     * the test's label, so that nothing else in the cluster is touched.
     */
    private static Webhooks register(KubernetesClient client, TestNamespace namespace, String test, int port,
            String caBundle) {
        String name = "capstan-it-" + test + "-" + namespace.name();
        Webhooks webhooks = new Webhooks(name, "configmaps.validate." + test + ".capstan.dev",
                "configmaps.default." + test + ".capstan.dev");
        LabelSelector namespaceSelector = LabelSelector.builder()
                .matchLabels(Map.of("kubernetes.io/metadata.name", namespace.name())).build();
        LabelSelector objectSelector = LabelSelector.builder().matchLabels(Map.of(TEST_LABEL, test)).build();
        List<RuleWithOperations> rules = List.of(RuleWithOperations.builder()
                .apiGroups(List.of("")).apiVersions(List.of("v1")).resources(List.of("configmaps"))
                .operations(List.of("CREATE", "UPDATE")).scope("Namespaced").build());
        try {
            client.resources(ValidatingWebhookConfiguration.class).create(ValidatingWebhookConfiguration.builder()
                    .metadata(ObjectMeta.builder().name(name).build())
                    .webhooks(List.of(dev.capstan.api.admissionregistration.v1.ValidatingWebhook.builder()
                            .name(webhooks.validatingName())
                            .clientConfig(WebhookClientConfig.builder()
                                    .url("https://127.0.0.1:" + port + "/validate-configmap").caBundle(caBundle).build())
                            .rules(rules).namespaceSelector(namespaceSelector).objectSelector(objectSelector)
                            .failurePolicy("Fail").sideEffects("None").timeoutSeconds(5)
                            .admissionReviewVersions(List.of("v1"))
                            .build()))
                    .build());
            client.resources(MutatingWebhookConfiguration.class).create(MutatingWebhookConfiguration.builder()
                    .metadata(ObjectMeta.builder().name(name).build())
                    .webhooks(List.of(dev.capstan.api.admissionregistration.v1.MutatingWebhook.builder()
                            .name(webhooks.mutatingName())
                            .clientConfig(WebhookClientConfig.builder()
                                    .url("https://127.0.0.1:" + port + "/default-configmap").caBundle(caBundle).build())
                            .rules(rules).namespaceSelector(namespaceSelector).objectSelector(objectSelector)
                            .failurePolicy("Fail").sideEffects("None").timeoutSeconds(5)
                            .reinvocationPolicy("Never").admissionReviewVersions(List.of("v1"))
                            .build()))
                    .build());
        } catch (RuntimeException e) {
            webhooks.delete(client);
            throw e;
        }
        return webhooks;
    }

    /**
     * Waits until the API server calls both webhooks (it picks up new configurations, and new CA
     * bundles, asynchronously), probing with dry-run creates that persist nothing.
     */
    private static void awaitWebhooksActive(ResourceClient<ConfigMap> configMaps, String test) {
        WriteOptions dryRun = WriteOptions.defaults().withDryRun();
        await("the API server calling both webhooks").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsMatching(e -> e instanceof KubernetesApiException api && !api.getMessage().contains(DENIAL))
                .untilAsserted(() -> {
                    ConfigMap probe = configMaps.create(configMap("probe", test, Map.of("mode", "fast")), dryRun);
                    assertThat(probe.metadata().labels()).containsEntry(DEFAULTED_LABEL, "true");
                    KubernetesApiException denied = catchThrowableOfType(KubernetesApiException.class,
                            () -> configMaps.create(configMap("probe", test, Map.of(FORBIDDEN_KEY, "x")), dryRun));
                    assertThat(denied).isNotNull();
                    assertThat(denied.getMessage()).contains(DENIAL);
                });
    }

    private static ConfigMap configMap(String name, String test, Map<String, String> data) {
        return ConfigMap.builder()
                .metadata(ObjectMeta.builder().name(name).labels(Map.of(TEST_LABEL, test)).build())
                .data(data)
                .build();
    }

    /** A Capstan client for the test cluster with the administrator credentials (as framework-core's TestClients). */
    private static KubernetesClient client(TestCluster cluster, String namespace) {
        ClusterCredentials c = cluster.credentials();
        Credentials credentials = c.bearerToken() != null
                ? new Credentials.BearerToken(c.bearerToken())
                : new Credentials.ClientCertificate(c.clientCertificatePem(), c.clientKeyPem());
        ClientConfig config = new ClientConfig(cluster.server(), namespace,
                new TlsSettings(c.certificateAuthorityPem(), c.insecureSkipTlsVerify(), null),
                CredentialProvider.of(credentials), null, cluster.description());
        return KubernetesClient.create(config, RestOptions.defaults().withoutRateLimit());
    }
}
