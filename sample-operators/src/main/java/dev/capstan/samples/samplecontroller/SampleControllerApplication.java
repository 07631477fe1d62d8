package dev.capstan.samples.samplecontroller;

import dev.capstan.client.KubernetesClient;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventRecorderOptions;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * The sample-controller as a Spring Boot application: the starter finds {@link FooReconciler}
 * ({@code @KubernetesController}), builds its informers (Foo, and the Deployments it owns), its
 * work queue and workers, and injects the listers. Configuration: {@code capstan.*} properties
 * (see docs/spring-boot.md); its defaults, and {@code spring.application.name=sample-controller}
 * (which names the leader-election Lease), come from {@code sample-controller.properties}, a name
 * of its own so that the tenant operator, on the same class path, never reads them. In a pod it
 * uses the service account (in-cluster configuration); out of a cluster, {@code KUBECONFIG} or
 * {@code --capstan.client.kubeconfig=...}.
 */
@SpringBootApplication
@PropertySource("classpath:sample-controller.properties")
public class SampleControllerApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleControllerApplication.class, args);
    }

    /** Events about Foos, written asynchronously as {@code capstan.dev/sample-controller}. */
    @Bean(destroyMethod = "close")
    EventRecorder eventRecorder(KubernetesClient client) {
        return EventRecorder.create(client, EventRecorderOptions.forController(FooReconciler.CONTROLLER_AGENT));
    }
}
