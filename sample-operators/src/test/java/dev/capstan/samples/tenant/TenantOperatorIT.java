package dev.capstan.samples.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.Quantity;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.api.core.v1.ResourceQuota;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.networking.v1.NetworkPolicy;
import dev.capstan.api.rbac.v1.RoleBinding;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.rest.PatchType;
import dev.capstan.controller.Manager;
import dev.capstan.events.EventRecorder;
import dev.capstan.events.EventRecorderOptions;
import dev.capstan.informer.InformerSelection;
import dev.capstan.informer.Lister;
import dev.capstan.samples.samplecontroller.SampleControllerIT;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tenant operator against the real control plane (with kube-controller-manager, so namespaces really go away). */
@KubernetesTest
class TenantOperatorIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aTenantGetsItsNamespaceKeptInShapeAndCleanedUpOnDeletion(TestCluster cluster, TestNamespace testNamespace) throws Exception {
        String name = "acme-" + testNamespace.name().substring(testNamespace.name().lastIndexOf('-') + 1);
        try (KubernetesClient client = SampleControllerIT.client(cluster, testNamespace.name())) {
            SampleControllerIT.installCrd(client, TenantNamespace.class);
            EventRecorder events = EventRecorder.create(client, EventRecorderOptions.forController("capstan.dev/tenant-operator"));
            try (Manager manager = Manager.create(client)) {
                var tenantInformer = manager.informers().informerFor(TenantNamespace.class);
                tenantInformer.addIndexers(Map.of(TenantReconciler.BY_NAMESPACE, TenantReconciler.byNamespace()));
                Lister<TenantNamespace> tenants = tenantInformer.lister();
                InformerSelection owned = InformerSelection.all().withLabelSelector(TenantReconciler.TENANT_LABEL);
                Lister<Namespace> namespaces = manager.informers().informerFor(Namespace.class, owned).lister();
                manager.add(manager.controller("tenants", TenantNamespace.class)
                        .watches(Namespace.class, owned, TenantReconciler.ownerOf(tenants))
                        .watches(ResourceQuota.class, owned, TenantReconciler.ownerOf(tenants))
                        .watches(RoleBinding.class, owned, TenantReconciler.ownerOf(tenants))
                        .watches(NetworkPolicy.class, owned, TenantReconciler.ownerOf(tenants))
                        .reconciler(new TenantReconciler(tenants, namespaces, client, events))
                        .build());
                manager.start();

                ResourceClient<TenantNamespace> tenantClient = client.resources(TenantNamespace.class);
                tenantClient.create(TenantNamespace.of(name, new TenantNamespace.Spec("acme-admins", Quantity.parse("2"),
                        Quantity.parse("4Gi"), 10)));
                String ns = "tenant-" + name;

                await().atMost(WAIT).untilAsserted(() -> {
                    TenantNamespace tenant = tenantClient.get(name);
                    assertThat(tenant.metadata().finalizers()).contains(TenantReconciler.FINALIZER);
                    Condition ready = ready(tenant).orElseThrow(() -> new AssertionError("no Ready condition yet"));
                    assertThat(ready.status()).isEqualTo("True");
                    assertThat(ready.reason()).isEqualTo("Provisioned");
                    assertThat(ready.observedGeneration()).isEqualTo(tenant.metadata().generation());
                });
                assertThat(client.resources(Namespace.class).get(ns).metadata().labels()).containsEntry(TenantReconciler.TENANT_LABEL, name);
                ResourceClient<ResourceQuota> quotas = client.resources(ResourceQuota.class).inNamespace(ns);
                assertThat(quotas.get("tenant-quota").spec().hard()).containsEntry("pods", Quantity.parse("10"))
                        .containsEntry("requests.memory", Quantity.parse("4Gi"));
                assertThat(client.resources(RoleBinding.class).inNamespace(ns).get("tenant-admins").subjects())
                        .singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("acme-admins"));
                assertThat(client.resources(NetworkPolicy.class).inNamespace(ns).get("tenant-isolation").spec().policyTypes())
                        .containsExactly("Ingress");

                // someone edits the quota by hand: the index maps the quota's event to its tenant, which restores it
                quotas.patch("tenant-quota", PatchType.MERGE, "{\"spec\":{\"hard\":{\"pods\":\"99\"}}}");
                await().atMost(WAIT).until(() -> Quantity.parse("10").equals(quotas.get("tenant-quota").spec().hard().get("pods")));

                // another manager's label on the namespace survives server-side apply
                client.resources(Namespace.class).patch(ns, PatchType.MERGE, "{\"metadata\":{\"labels\":{\"team\":\"blue\"}}}");
                quotas.patch("tenant-quota", PatchType.MERGE, "{\"spec\":{\"hard\":{\"pods\":\"98\"}}}"); // forces a re-apply
                await().atMost(WAIT).until(() -> Quantity.parse("10").equals(quotas.get("tenant-quota").spec().hard().get("pods")));
                assertThat(client.resources(Namespace.class).get(ns).metadata().labels()).containsEntry("team", "blue");

                // deletion: the finalizer holds the tenant until its namespace is gone
                tenantClient.delete(name);
                await().atMost(WAIT).until(() -> client.resources(Namespace.class).find(ns).isEmpty());
                await().atMost(WAIT).until(() -> tenantClient.find(name).isEmpty());
            } finally {
                events.close(Duration.ofSeconds(10));
            }
        }
    }

    private static Optional<Condition> ready(TenantNamespace tenant) {
        return tenant.status() == null || tenant.status().conditions() == null ? Optional.empty()
                : tenant.status().conditions().stream().filter(c -> "Ready".equals(c.type())).findFirst();
    }
}
