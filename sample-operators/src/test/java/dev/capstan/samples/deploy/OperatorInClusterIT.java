package dev.capstan.samples.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.Quantity;
import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.coordination.v1.Lease;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.api.core.v1.ResourceQuota;
import dev.capstan.api.events.v1.Event;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.networking.v1.NetworkPolicy;
import dev.capstan.api.rbac.v1.RoleBinding;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.samples.samplecontroller.Foo;
import dev.capstan.samples.tenant.TenantNamespace;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each operator as its pod runs it, short of a kubelet: the manifests applied, a token of the
 * operator's ServiceAccount (TokenRequest, as the kubelet projects it), the cluster's CA and the
 * pod's namespace written to files, the client built by framework-core's in-cluster
 * configuration from that directory ({@link ClientConfig#inCluster(Path, String, int)}: the same
 * loader a pod uses with /var/run/secrets/kubernetes.io/serviceaccount), and the Deployment's
 * environment variables as the application's environment. The operator then does its whole job
 * with nothing but the manifests' RBAC: leader election, informers in every namespace, writes and
 * events.
 */
@KubernetesTest
class OperatorInClusterIT {

    @Test
    void theSampleControllerReconcilesAFooWithTheManifestsRbac(TestCluster cluster, TestNamespace namespace, @TempDir Path mount)
            throws Exception {
        Sample sample = Sample.SAMPLE_CONTROLLER;
        try (KubernetesClient admin = ClusterSupport.admin(cluster, namespace.name())) {
            ClientConfig inCluster = deployAndMountServiceAccount(sample, cluster, admin, mount);
            try (ConfigurableApplicationContext operator = run(sample, inCluster)) {
                awaitLeader(admin, sample);
                ResourceClient<Foo> foos = admin.resources(Foo.class).inNamespace(namespace.name());
                ResourceClient<Deployment> deployments = admin.resources(Deployment.class).inNamespace(namespace.name());
                Foo foo = foos.create(Foo.of(namespace.name(), "in-cluster", "in-cluster-web", 2));

                await().atMost(ClusterSupport.WAIT).until(() -> deployments.find("in-cluster-web").isPresent());
                Deployment created = deployments.get("in-cluster-web");
                assertThat(created.spec().replicas()).isEqualTo(2);
                assertThat(created.metadata().ownerReferences()).singleElement()
                        .satisfies(o -> assertThat(o.uid()).isEqualTo(foo.metadata().uid()));
                await().atMost(ClusterSupport.WAIT).untilAsserted(() -> assertThat(ready(foos.get("in-cluster").status() == null ? null
                        : foos.get("in-cluster").status().conditions())).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("True")));

                // an update of the spec: the operator may update the Deployment
                Foo current = foos.get("in-cluster");
                foos.update(new Foo(current.apiVersion(), current.kind(), current.metadata(),
                        new Foo.FooSpec("in-cluster-web", 3), current.status()));
                await().atMost(ClusterSupport.WAIT).until(() -> deployments.get("in-cluster-web").spec().replicas() == 3);

                await().atMost(ClusterSupport.WAIT).untilAsserted(() -> assertThat(eventsAbout(admin, namespace.name(), "in-cluster"))
                        .contains("Synced"));
            }
        }
    }

    @Test
    void theTenantOperatorProvisionsAndCleansUpATenantWithTheManifestsRbac(TestCluster cluster, TestNamespace namespace,
            @TempDir Path mount) throws Exception {
        Sample sample = Sample.TENANT_OPERATOR;
        String name = "in-cluster-" + namespace.name().substring(namespace.name().lastIndexOf('-') + 1);
        String tenantNamespace = "tenant-" + name;
        try (KubernetesClient admin = ClusterSupport.admin(cluster, namespace.name())) {
            ClientConfig inCluster = deployAndMountServiceAccount(sample, cluster, admin, mount);
            try (ConfigurableApplicationContext operator = run(sample, inCluster)) {
                awaitLeader(admin, sample);
                ResourceClient<TenantNamespace> tenants = admin.resources(TenantNamespace.class);
                tenants.create(TenantNamespace.of(name, new TenantNamespace.Spec("in-cluster-admins", Quantity.parse("1"),
                        Quantity.parse("1Gi"), 5)));

                await().atMost(ClusterSupport.WAIT).untilAsserted(() -> {
                    TenantNamespace tenant = tenants.get(name);
                    assertThat(ready(tenant.status() == null ? null : tenant.status().conditions()))
                            .hasValueSatisfying(c -> assertThat(c.status()).as("Ready: %s", c.message()).isEqualTo("True"));
                });
                assertThat(admin.resources(Namespace.class).get(tenantNamespace).metadata().ownerReferences()).isNotEmpty();
                assertThat(admin.resources(ResourceQuota.class).inNamespace(tenantNamespace).find("tenant-quota")).isPresent();
                // binding a group to "admin" works with bind on that one ClusterRole, not admin's permissions
                assertThat(admin.resources(RoleBinding.class).inNamespace(tenantNamespace).get("tenant-admins").roleRef().name())
                        .isEqualTo("admin");
                assertThat(admin.resources(NetworkPolicy.class).inNamespace(tenantNamespace).find("tenant-isolation")).isPresent();
                await().atMost(ClusterSupport.WAIT).untilAsserted(() -> assertThat(eventsAbout(admin, "default", name))
                        .contains("Provisioned"));

                // deletion: the finalizer's cleanup deletes the namespace, then releases the tenant
                tenants.delete(name);
                await().atMost(ClusterSupport.WAIT).until(() -> admin.resources(Namespace.class).find(tenantNamespace).isEmpty());
                await().atMost(ClusterSupport.WAIT).until(() -> tenants.find(name).isEmpty());
            }
        }
    }

    /**
     * Applies the sample's manifests and CRDs, and writes what the kubelet mounts into a pod of
     * the Deployment: {@code token}, {@code ca.crt}, {@code namespace}.
     */
    private static ClientConfig deployAndMountServiceAccount(Sample sample, TestCluster cluster, KubernetesClient admin, Path mount)
            throws Exception {
        List<ObjectNode> manifests = new ArrayList<>(sample.crds());
        manifests.addAll(sample.manifests());
        ClusterSupport.applyAll(admin, manifests);
        Files.writeString(mount.resolve("token"), ClusterSupport.token(admin, sample.namespace, sample.serviceAccount()));
        Files.writeString(mount.resolve("ca.crt"), cluster.credentials().certificateAuthorityPem());
        Files.writeString(mount.resolve("namespace"), sample.namespace);
        URI server = cluster.server();
        ClientConfig config = ClientConfig.inCluster(mount, server.getHost(), server.getPort());
        assertThat(config.namespace()).isEqualTo(sample.namespace);
        return config;
    }

    /**
     * The sample's application with the in-cluster client and the Deployment's environment
     * variables (the downward-API ones as the kubelet would fill them).
     */
    private static ConfigurableApplicationContext run(Sample sample, ClientConfig inCluster) throws ClassNotFoundException {
        Map<String, Object> environment = new HashMap<>(podEnvironment(sample));
        environment.put("CAPSTAN_INFORMERS_SYNCTIMEOUT", "90s");
        return new SpringApplicationBuilder(Class.forName(sample.mainClass))
                .web(WebApplicationType.NONE)
                .initializers(context -> {
                    // "-systemEnvironment": Spring Boot maps CAPSTAN_LEADERELECTION_ENABLED to capstan.leader-election.enabled
                    // only for property sources named so, as it does for the process environment
                    context.getEnvironment().getPropertySources()
                            .addFirst(new SystemEnvironmentPropertySource("deployment-systemEnvironment", environment));
                    ((GenericApplicationContext) context).registerBean(KubernetesClient.class,
                            () -> KubernetesClient.create(inCluster, RestOptions.defaults()),
                            definition -> definition.setDestroyMethodName("close"));
                })
                .run();
    }

    /** The container's environment in the sample's Deployment, with POD_NAME and POD_NAMESPACE as the downward API gives them. */
    static Map<String, String> podEnvironment(Sample sample) {
        JsonNode container = sample.manifest("Deployment", sample.id).at("/spec/template/spec/containers/0");
        Map<String, String> environment = new HashMap<>(DeployManifestsTest.env(container));
        environment.remove("JAVA_TOOL_OPTIONS"); // JVM options; this JVM is already running
        for (JsonNode variable : container.path("env")) {
            String field = variable.at("/valueFrom/fieldRef/fieldPath").asString("");
            if (field.equals("metadata.name")) {
                environment.put(variable.path("name").asString(), sample.id + "-in-cluster-it");
            } else if (field.equals("metadata.namespace")) {
                environment.put(variable.path("name").asString(), sample.namespace);
            } else if (!field.isEmpty()) {
                throw new AssertionError("the Deployment sets " + variable.path("name") + " from " + field + ", which this test does not fill");
            }
        }
        return environment;
    }

    /** The operator took the Lease the Role names (leader election under the manifests' RBAC). */
    private static void awaitLeader(KubernetesClient admin, Sample sample) {
        ResourceClient<Lease> leases = admin.resources(Lease.class).inNamespace(sample.namespace);
        await().atMost(ClusterSupport.WAIT).untilAsserted(() -> assertThat(leases.find(sample.leaseName()))
                .hasValueSatisfying(l -> assertThat(l.spec().holderIdentity()).isNotBlank()));
    }

    static Optional<Condition> ready(List<Condition> conditions) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> "Ready".equals(c.type())).findFirst();
    }

    static List<String> eventsAbout(KubernetesClient admin, String namespace, String name) {
        return admin.resources(Event.class).inNamespace(namespace).list().items().stream()
                .filter(e -> e.regarding() != null && name.equals(e.regarding().name()))
                .map(Event::reason).toList();
    }
}
