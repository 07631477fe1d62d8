package dev.capstan.samples.tenant;

import dev.capstan.client.KubernetesClient;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventRecorderOptions;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.PropertySource;

/**
 * The tenant operator as a Spring Boot application: the starter finds {@link TenantReconciler}
 * ({@code @KubernetesController}), builds the informers of tenants and of the quotas, role
 * bindings and network policies they own (all namespaces), the cluster-wide namespace informer of
 * its {@code @Watches(Namespace.class)} method with the {@code by-namespace} index of its
 * {@code @Index} method, its work queue and workers, and injects the listers.
 *
 * <p>Configuration: {@code capstan.*} properties (see docs/spring-boot.md); its defaults, and
 * {@code spring.application.name=tenant-operator} (which names the leader-election Lease), come
 * from {@code tenant-operator.properties}, a name of its own so that the sample-controller, on the
 * same class path, never reads them (and this application never reads the sample-controller's).
 * Environment variables and command-line arguments override them. In a pod it uses the service
 * account (in-cluster configuration); out of a cluster, {@code KUBECONFIG} or
 * {@code --capstan.client.kubeconfig=...}. It needs the TenantNamespace CRD installed
 * (docs/samples.md).
 */
@SpringBootApplication
@PropertySource("classpath:tenant-operator.properties")
public class TenantOperatorApplication {

    public static void main(String[] args) {
        SpringApplication.run(TenantOperatorApplication.class, args);
    }

    /** Events about tenants, written asynchronously as {@code capstan.dev/tenant-operator}. */
    @Bean(destroyMethod = "close")
    EventRecorder eventRecorder(KubernetesClient client) {
        return EventRecorder.create(client, EventRecorderOptions.forController(TenantReconciler.CONTROLLER_AGENT));
    }
}
