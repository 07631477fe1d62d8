package dev.capstan.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Secret;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.boot.actuate.CapstanEndpoint;
import dev.capstan.boot.actuate.CapstanHealthIndicator;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.controller.Controller;
import dev.capstan.controller.Manager;
import dev.capstan.controller.Reconciler;
import dev.capstan.controller.Request;
import dev.capstan.controller.Result;
import dev.capstan.informer.InformerStatus;
import dev.capstan.informer.Lister;
import dev.capstan.informer.SharedInformerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

/** The auto-configuration without a cluster: {@code capstan.auto-startup=false}, one behaviour per test. */
class CapstanAutoConfigurationTest {

    /** A client that is never used to connect (nothing starts). */
    static KubernetesClient offlineClient() {
        return KubernetesClient.create(ClientConfig.builder().server("https://127.0.0.1:9").token("unused").build());
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CapstanAutoConfiguration.class))
            .withPropertyValues("capstan.auto-startup=false")
            .withBean(KubernetesClient.class, CapstanAutoConfigurationTest::offlineClient);

    // ---- reconcilers used by the tests ------------------------------------------------------------------

    @KubernetesController(name = "mirror", namespaces = "shop", labelSelector = "app=web")
    static class MirrorReconciler implements Reconciler<ConfigMap> {
        final Lister<ConfigMap> configMaps;
        final Lister<Secret> secrets;

        MirrorReconciler(Lister<ConfigMap> configMaps, Lister<Secret> secrets) {
            this.configMaps = configMaps;
            this.secrets = secrets;
        }

        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    @KubernetesController
    static class GenericReconciler<T extends KubernetesObject> implements Reconciler<T> {
        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    /** A KubernetesObject without @Group/@Version: not a resource. */
    record NotAResource(String apiVersion, String kind, ObjectMeta metadata) implements KubernetesObject {}

    @KubernetesController(owns = NotAResource.class)
    static class OwnsUnknownReconciler implements Reconciler<ConfigMap> {
        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    @KubernetesController(workers = -1)
    static class NegativeWorkersReconciler implements Reconciler<ConfigMap> {
        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    @KubernetesController(name = "same")
    static class FirstReconciler implements Reconciler<ConfigMap> {
        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    @KubernetesController(name = "same")
    static class SecondReconciler implements Reconciler<Secret> {
        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    @KubernetesController(name = "deployments", owns = ConfigMap.class)
    static class DeploymentReconciler implements Reconciler<Deployment> {
        final Lister<Deployment> deployments;

        DeploymentReconciler(Lister<Deployment> deployments) {
            this.deployments = deployments;
        }

        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }

        @dev.capstan.boot.Index("by-image")
        static List<String> byImage(Deployment deployment) {
            return List.of();
        }

        @Watches(Secret.class)
        Collection<Request> onSecret(Secret secret) {
            return List.of();
        }
    }

    @KubernetesController
    static class InstanceIndexReconciler implements Reconciler<ConfigMap> {
        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }

        @dev.capstan.boot.Index("by-x")
        List<String> byX(ConfigMap configMap) {
            return List.of();
        }
    }

    /** Takes a Lister<ConfigMap> while two controllers watch ConfigMaps differently. */
    static class AmbiguousListerUser {
        AmbiguousListerUser(Lister<ConfigMap> configMaps) {}
    }

    @KubernetesController(name = "other", namespaces = "elsewhere")
    static class OtherConfigMapReconciler implements Reconciler<ConfigMap> {
        @Override
        public Result reconcile(Request request) {
            return Result.done();
        }
    }

    // ---- bad annotation usage ---------------------------------------------------------------------------

    @Test
    void aReconcilerWhosePrimaryTypeCannotBeInferredFailsNamingTheBeanAndTheAttribute() {
        runner.withBean("generic", GenericReconciler.class).run(context -> assertThat(context).getFailure().hasStackTraceContaining("bean 'generic'").hasStackTraceContaining("attribute 'resource' is not set"));
    }

    @Test
    void anOwnedClassThatIsNotAResourceFailsNamingTheBeanAndTheAttribute() {
        runner.withBean("ownsUnknown", OwnsUnknownReconciler.class).run(context -> assertThat(context).getFailure().hasStackTraceContaining("bean 'ownsUnknown'").hasStackTraceContaining("attribute 'owns'")
                .hasStackTraceContaining("NotAResource is not a Kubernetes resource type"));
    }

    @Test
    void negativeWorkersFailNamingTheBeanAndTheAttribute() {
        runner.withBean("negative", NegativeWorkersReconciler.class).run(context -> assertThat(context).getFailure().hasStackTraceContaining("bean 'negative'").hasStackTraceContaining("attribute 'workers' must be at least 1, not -1"));
    }

    @Test
    void zeroWorkersFromAPropertyFailNamingTheProperty() {
        runner.withBean("mirror", MirrorReconciler.class).withPropertyValues("capstan.controllers.mirror.workers=0")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("bean 'mirror'")
                        .hasStackTraceContaining("property 'capstan.controllers.mirror.workers' must be at least 1, not 0"));
    }

    @Test
    void twoControllersWithTheSameNameFailNamingBothBeans() {
        runner.withBean("first", FirstReconciler.class).withBean("second", SecondReconciler.class)
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("two @KubernetesController beans are named 'same'")
                        .hasStackTraceContaining("bean 'first'").hasStackTraceContaining("bean 'second'")
                        .hasStackTraceContaining("attribute 'name'"));
    }

    @Test
    void anInstanceIndexMethodFailsNamingTheBeanAndTheMethod() {
        runner.withBean("instanceIndex", InstanceIndexReconciler.class).run(context -> assertThat(context).getFailure().hasStackTraceContaining("bean 'instanceIndex'").hasStackTraceContaining("method 'byX' annotated @Index(\"by-x\") must be static"));
    }

    @Test
    void aMalformedLabelSelectorFailsNamingTheProperty() {
        runner.withBean("mirror", MirrorReconciler.class).withPropertyValues("capstan.controllers.mirror.label-selector=app in (")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("property 'capstan.controllers.mirror.label-selector' is not a label selector"));
    }

    // ---- controllers and properties ---------------------------------------------------------------------

    @Test
    void theAnnotationBecomesAControllerOnTheManager() {
        runner.withBean("mirror", MirrorReconciler.class).run(context -> {
            assertThat(context).hasNotFailed();
            List<Controller<?>> controllers = context.getBean(Manager.class).controllers();
            assertThat(controllers).extracting(Controller::name).containsExactly("mirror");
            assertThat(controllers.get(0).informer().status().description()).isEqualTo("configmaps in namespace shop with labels app=web");
        });
    }

    @Test
    void propertiesOverrideTheAnnotationPerControllerName() {
        runner.withBean("mirror", MirrorReconciler.class).withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("capstan.controllers.mirror.workers=3", "capstan.controllers.mirror.namespaces=a,b",
                        "capstan.controllers.mirror.label-selector=tier=front")
                .run(context -> {
                    Controller<?> mirror = context.getBean(Manager.class).controllers().get(0);
                    assertThat(mirror.informer().status().description()).isEqualTo("configmaps in namespaces a, b with labels tier=front");
                    assertThat(context.getBean(MeterRegistry.class).get("controller_runtime_max_concurrent_reconciles")
                            .tag("controller", "mirror").gauge().value()).isEqualTo(3.0);
                });
    }

    @Test
    void aControllerDisabledByPropertyIsNotBuiltButItsBeanExists() {
        runner.withBean("mirror", MirrorReconciler.class).withPropertyValues("capstan.controllers.mirror.enabled=false")
                .run(context -> {
                    assertThat(context).hasSingleBean(MirrorReconciler.class);
                    assertThat(context.getBean(Manager.class).controllers()).isEmpty();
                });
    }

    @Test
    void defaultNamespacesApplyToControllersThatNameNone() {
        runner.withBean("deployments", DeploymentReconciler.class).withPropertyValues("capstan.informers.namespaces=team")
                .run(context -> assertThat(context.getBean(SharedInformerFactory.class).status()).extracting(InformerStatus::description)
                        .containsExactlyInAnyOrder("deployments in namespace team", "configmaps in namespace team",
                                "secrets in namespace team"));
    }

    // ---- listers ----------------------------------------------------------------------------------------

    @Test
    void listersAreInjectedByGenericTypeFromTheControllersOwnInformerOrOnDemand() {
        runner.withBean("mirror", MirrorReconciler.class).run(context -> {
            MirrorReconciler mirror = context.getBean(MirrorReconciler.class);
            SharedInformerFactory factory = context.getBean(SharedInformerFactory.class);
            assertThat(mirror.configMaps).isNotNull();
            assertThat(mirror.secrets).isNotNull();
            // the ConfigMap lister reads the controller's informer (no second one); Secrets start on demand, default selection
            assertThat(factory.status()).extracting(InformerStatus::description)
                    .containsExactlyInAnyOrder("configmaps in namespace shop with labels app=web", "secrets in all namespaces");
        });
    }

    @Test
    void aListerOfATypeWatchedWithDifferentSelectionsFailsNamingTheControllers() {
        runner.withBean("mirror", MirrorReconciler.class).withBean("other", OtherConfigMapReconciler.class)
                .withBean("user", AmbiguousListerUser.class)
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("cannot inject Lister<ConfigMap>").hasStackTraceContaining("[mirror]")
                        .hasStackTraceContaining("[other]").hasStackTraceContaining("informerFor(ConfigMap.class, selection)"));
    }

    @Test
    void indexesAndWatchesAreRegisteredOnTheControllersInformers() {
        runner.withBean("deployments", DeploymentReconciler.class).run(context -> {
            assertThat(context).hasNotFailed();
            DeploymentReconciler reconciler = context.getBean(DeploymentReconciler.class);
            assertThat(reconciler.deployments.byIndex("by-image", "nginx")).isEmpty(); // known index: no exception
            assertThat(context.getBean(Manager.class).controllers().get(0).informerStatus()).extracting(InformerStatus::description)
                    .containsExactly("deployments in all namespaces", "configmaps in all namespaces", "secrets in all namespaces");
        });
    }

    // ---- beans the application may replace --------------------------------------------------------------

    @Test
    void theClientBacksOffWhenTheApplicationDefinesOne() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(KubernetesClient.class);
            assertThat(context.getBean(Manager.class).client()).isSameAs(context.getBean(KubernetesClient.class));
        });
    }

    @Test
    void theManagerBacksOffWhenTheApplicationDefinesOneAndItsFactoryIsExposed() {
        runner.withBean("myManager", Manager.class, () -> Manager.create(offlineClient())).run(context -> {
            assertThat(context).hasSingleBean(Manager.class);
            assertThat(context.getBean(SharedInformerFactory.class)).isSameAs(context.getBean("myManager", Manager.class).informers());
        });
    }

    @Test
    void theClientIsBuiltFromTheKubeconfigProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CapstanAutoConfiguration.class))
                .withPropertyValues("capstan.auto-startup=false", "capstan.client.kubeconfig=/nonexistent/kubeconfig")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("/nonexistent/kubeconfig"));
    }

    @Test
    void leaderElectionPropertiesReachTheManager() {
        runner.withPropertyValues("capstan.leader-election.enabled=true", "capstan.leader-election.lease-name=foo-operator",
                "capstan.leader-election.lease-duration=3s", "capstan.leader-election.renew-deadline=2s",
                "capstan.leader-election.retry-period=500ms").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CapstanHealthIndicator.class).health().getDetails().get("leader").toString())
                            .contains("electionEnabled=true");
                });
    }

    @Test
    void theShutdownTimeoutLeavesRoomInSpringsShutdownPhase() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.lifecycle.timeout-per-shutdown-phase", "20s");
        CapstanProperties defaults = CapstanProperties.defaults();
        assertThat(CapstanAutoConfiguration.shutdownTimeout(environment, defaults)).isEqualTo(Duration.ofSeconds(19));
        assertThat(CapstanAutoConfiguration.shutdownTimeout(new MockEnvironment(), defaults)).isEqualTo(Duration.ofSeconds(29));
    }

    // ---- actuator -----------------------------------------------------------------------------------------

    @Test
    void healthIsDownUntilTheInformersHaveSynced() {
        runner.withBean("mirror", MirrorReconciler.class).run(context -> {
            Health health = context.getBean(CapstanHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKeys("informers", "leader");
        });
    }

    @Test
    void theEndpointListsControllersWithTheirInformers() {
        runner.withBean("mirror", MirrorReconciler.class).run(context -> {
            CapstanEndpoint.CapstanDescriptor descriptor = context.getBean(CapstanEndpoint.class).capstan();
            assertThat(descriptor.controllers()).singleElement().satisfies(controller -> {
                assertThat(controller.name()).isEqualTo("mirror");
                assertThat(controller.running()).isFalse();
                assertThat(controller.lastReconcile()).isNull();
                assertThat(controller.informers()).extracting(InformerStatus::description)
                        .containsExactly("configmaps in namespace shop with labels app=web");
            });
        });
    }

    @Test
    void theHealthIndicatorBacksOffWhenDisabled() {
        runner.withPropertyValues("management.health.capstan.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CapstanHealthIndicator.class));
    }

    // ---- packaging ------------------------------------------------------------------------------------------

    @Test
    void theAutoConfigurationIsRegisteredThroughTheImportsFile() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
                .contains(CapstanAutoConfiguration.class.getName());
    }

    @Test
    void configurationMetadataIsGeneratedForTheProperties() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("\"capstan.client.kubeconfig\"",
                    "\"capstan.informers.sync-timeout\"", "\"capstan.leader-election.lease-name\"", "\"capstan.controllers\"");
        }
    }
}
