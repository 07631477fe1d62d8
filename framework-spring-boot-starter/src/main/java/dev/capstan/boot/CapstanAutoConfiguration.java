package dev.capstan.boot;

import dev.capstan.boot.actuate.CapstanEndpoint;
import dev.capstan.boot.actuate.CapstanHealthIndicator;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.rest.RestMetrics;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.controller.Manager;
import dev.capstan.informer.SharedInformerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Capstan: one {@link KubernetesClient}, one {@link Manager} (and its
 * {@link SharedInformerFactory}), a controller for each {@link KubernetesController} bean,
 * {@code Lister<T>} beans, the manager's {@link ManagerLifecycle}; with Spring Boot's health and
 * actuator modules present, the {@code capstan} health indicator and {@code /actuator/capstan}.
 *
 * <p>Replace the client or the manager by defining a bean of that type; adjust them with
 * {@link RestOptionsCustomizer}, {@link ManagerBuilderCustomizer} and
 * {@link ControllerBuilderCustomizer} beans. The application's {@link MeterRegistry}, when there is
 * exactly one (or a primary one), receives client-go's and controller-runtime's metrics.
 */
@AutoConfiguration
@EnableConfigurationProperties(CapstanProperties.class)
public final class CapstanAutoConfiguration {

    @Bean
    static ControllerPlanner capstanControllerPlanner() {
        return new ControllerPlanner();
    }

    @Bean
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient(CapstanProperties properties, ObjectProvider<MeterRegistry> meters,
            ObjectProvider<RestOptionsCustomizer> customizers) {
        RestOptions options = properties.client().toRestOptions();
        MeterRegistry registry = meters.getIfUnique();
        if (registry != null) {
            options = options.withMetrics(RestMetrics.micrometer(registry));
        }
        for (RestOptionsCustomizer customizer : customizers.orderedStream().toList()) {
            options = customizer.customize(options);
        }
        return KubernetesClient.create(properties.client().toClientConfig(), options);
    }

    @Bean
    @ConditionalOnMissingBean
    Manager capstanManager(KubernetesClient client, CapstanProperties properties, Environment environment,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<ManagerBuilderCustomizer> customizers) {
        Manager.Builder builder = Manager.builder(client)
                .informerOptions(properties.informers().toOptions())
                .shutdownTimeout(shutdownTimeout(environment, properties));
        if (properties.leaderElection().enabled()) {
            builder.leaderElection(properties.leaderElection().toConfig(client.namespace(),
                    environment.getProperty("spring.application.name", "capstan-operator")));
        }
        MeterRegistry registry = meters.getIfUnique();
        if (registry != null) {
            builder.meterRegistry(registry);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * What running reconciles get at shutdown: Spring's shutdown phase timeout (default 30 s) less
     * the time the Lease release may take and a second for the informers, at least one second.
     */
    static Duration shutdownTimeout(Environment environment, CapstanProperties properties) {
        Duration phase = Binder.get(environment).bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElse(Duration.ofSeconds(30));
        Duration reserve = Duration.ofSeconds(1)
                .plus(properties.leaderElection().enabled() ? properties.leaderElection().renewDeadline() : Duration.ZERO);
        Duration timeout = phase.minus(reserve);
        return timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout;
    }

    /** The manager's factory; closed by the manager, after its workers stopped (hence no destroy method). */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    SharedInformerFactory sharedInformerFactory(Manager manager) {
        return manager.informers();
    }

    @Bean
    KubernetesListers capstanListers(Manager manager, ControllerPlans plans, CapstanProperties properties) {
        return new KubernetesListers(manager, plans, properties.informers().syncTimeout());
    }

    @Bean
    ControllerRegistrar capstanControllerRegistrar(BeanFactory beanFactory, Manager manager, ControllerPlans plans,
            CapstanProperties properties, ObjectProvider<ControllerBuilderCustomizer> customizers) {
        return new ControllerRegistrar(beanFactory, manager, plans, properties.informers().syncTimeout(),
                customizers.orderedStream().toList());
    }

    @Bean
    ManagerLifecycle capstanManagerLifecycle(Manager manager, CapstanProperties properties) {
        return new ManagerLifecycle(manager, properties.informers().syncTimeout(), properties.autoStartup());
    }

    /** The {@code capstan} health indicator, when Spring Boot's health module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnEnabledHealthIndicator("capstan")
        static class CapstanHealthConfiguration {

            @Bean
            @ConditionalOnMissingBean(name = "capstanHealthIndicator")
            CapstanHealthIndicator capstanHealthIndicator(Manager manager, CapstanProperties properties) {
                return new CapstanHealthIndicator(manager, properties.informers().watchDownBound(),
                        properties.leaderElection().enabled(), Clock.systemUTC());
            }
        }
    }

    /** {@code /actuator/capstan}, when Spring Boot's actuator module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        CapstanEndpoint capstanEndpoint(Manager manager, CapstanProperties properties) {
            return new CapstanEndpoint(manager, properties.leaderElection().enabled());
        }
    }
}
