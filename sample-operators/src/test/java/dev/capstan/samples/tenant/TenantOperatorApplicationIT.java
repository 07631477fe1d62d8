package dev.capstan.samples.tenant;

import static dev.capstan.samples.SampleClusters.eventReasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.Quantity;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.api.core.v1.ResourceQuota;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.networking.v1.NetworkPolicy;
import dev.capstan.api.rbac.v1.RoleBinding;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.rest.PatchType;
import dev.capstan.samples.SampleClusters;
import dev.capstan.samples.samplecontroller.SampleControllerIT;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The tenant operator as the Spring Boot application users deploy, against the test cluster (the
 * local control plane runs kube-controller-manager, so namespaces really terminate; k3s or an
 * existing cluster when selected). One application serves every test, watching the whole
 * cluster as the real operator does.
 *
 * <p>The application runs with the starter's defaults, generation filter included: a tenant that
 * gets provisioned at all proves the reconcile does not wait for the finalizer patch's update
 * event, which that filter drops (the bug an earlier version had).
 */
@KubernetesTest
class TenantOperatorApplicationIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static KubernetesClient client;
    private static ConfigurableApplicationContext application;
    private static ResourceClient<TenantNamespace> tenants;
    private static ResourceClient<Namespace> namespaces;
    private static String suffix;

    @BeforeAll
    static void startTheApplication(TestCluster cluster, TestNamespace testNamespace) {
        suffix = testNamespace.name().substring(testNamespace.name().lastIndexOf('-') + 1);
        client = SampleControllerIT.client(cluster, testNamespace.name());
        SampleControllerIT.installCrd(client, TenantNamespace.class);
        application = new SpringApplicationBuilder(TenantOperatorApplication.class)
                .web(WebApplicationType.NONE)
                .run("--capstan.client.kubeconfig=" + cluster.kubeconfig());
        tenants = client.resources(TenantNamespace.class);
        namespaces = client.resources(Namespace.class);
    }

    @AfterAll
    static void stopTheApplication() {
        if (application != null) {
            application.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void theApplicationHasItsOwnNameAndNotTheSampleControllers() {
        assertThat(application.getEnvironment().getProperty("spring.application.name")).isEqualTo("tenant-operator");
        assertThat(application.getBeanNamesForType(TenantReconciler.class)).hasSize(1);
        assertThat(application.getBeanNamesForType(dev.capstan.samples.samplecontroller.FooReconciler.class)).isEmpty();
    }

    @Test
    void aTenantIsProvisionedFollowsItsSpecIsRestoredAndIsCleanedUpThroughItsFinalizer() {
        String name = "acme-" + suffix;
        String ns = "tenant-" + name;
        TenantNamespace created = tenants.create(TenantNamespace.of(name, new TenantNamespace.Spec("acme-admins", Quantity.parse("2"),
                Quantity.parse("4Gi"), 10)));

        await().atMost(WAIT).untilAsserted(() -> {
            TenantNamespace tenant = tenants.get(name);
            assertThat(tenant.metadata().finalizers()).contains(TenantReconciler.FINALIZER);
            Condition ready = readyOf(tenant);
            assertThat(ready.status()).isEqualTo("True");
            assertThat(ready.reason()).isEqualTo(TenantReconciler.REASON_PROVISIONED);
            assertThat(ready.observedGeneration()).isEqualTo(tenant.metadata().generation());
            assertThat(ready.lastTransitionTime()).isNotNull();
            assertThat(tenant.status().namespace()).isEqualTo(ns);
        });
        String uid = created.metadata().uid();
        Namespace namespace = namespaces.get(ns);
        assertThat(namespace.metadata().labels()).containsEntry(TenantReconciler.TENANT_LABEL, name);
        assertOwnedBy(namespace, name, uid);
        ResourceClient<ResourceQuota> quotas = client.resources(ResourceQuota.class).inNamespace(ns);
        ResourceClient<RoleBinding> bindings = client.resources(RoleBinding.class).inNamespace(ns);
        ResourceQuota quota = quotas.get(TenantReconciler.QUOTA);
        assertOwnedBy(quota, name, uid);
        assertThat(quota.spec().hard()).containsEntry("pods", Quantity.parse("10")).containsEntry("requests.cpu", Quantity.parse("2"))
                .containsEntry("requests.memory", Quantity.parse("4Gi"));
        RoleBinding binding = bindings.get(TenantReconciler.ROLE_BINDING);
        assertOwnedBy(binding, name, uid);
        assertThat(binding.roleRef().name()).isEqualTo("admin");
        assertThat(binding.subjects()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("acme-admins"));
        NetworkPolicy policy = client.resources(NetworkPolicy.class).inNamespace(ns).get(TenantReconciler.NETWORK_POLICY);
        assertOwnedBy(policy, name, uid);
        assertThat(policy.spec().policyTypes()).containsExactly("Ingress");
        assertThat(policy.spec().ingress()).singleElement().satisfies(rule -> assertThat(rule.from()).singleElement()
                .satisfies(peer -> assertThat(peer.namespaceSelector().matchLabels()).containsEntry(TenantReconciler.TENANT_LABEL, name)));
        await().atMost(WAIT).until(() -> eventReasons(client, "default", "TenantNamespace", name).contains("Provisioned"));

        // update the spec: the quota and the binding follow; a quota line dropped from the spec is removed (server-side apply)
        tenants.patch(name, PatchType.MERGE, "{\"spec\":{\"adminGroup\":\"acme-platform\",\"pods\":20,\"memory\":null}}");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(quotas.get(TenantReconciler.QUOTA).spec().hard()).containsEntry("pods", Quantity.parse("20"))
                    .doesNotContainKey("requests.memory");
            assertThat(bindings.get(TenantReconciler.ROLE_BINDING).subjects()).singleElement()
                    .satisfies(s -> assertThat(s.name()).isEqualTo("acme-platform"));
            TenantNamespace tenant = tenants.get(name);
            assertThat(readyOf(tenant).observedGeneration()).isEqualTo(tenant.metadata().generation()).isEqualTo(2L);
        });

        // someone edits the quota by hand: its owner reference maps the event to the tenant, which restores it
        quotas.patch(TenantReconciler.QUOTA, PatchType.MERGE, "{\"spec\":{\"hard\":{\"pods\":\"99\"}}}");
        await().atMost(WAIT).until(() -> Quantity.parse("20").equals(quotas.get(TenantReconciler.QUOTA).spec().hard().get("pods")));

        // another manager's label on the namespace survives server-side apply
        namespaces.patch(ns, PatchType.MERGE, "{\"metadata\":{\"labels\":{\"team\":\"blue\"}}}");
        bindings.delete(TenantReconciler.ROLE_BINDING); // forces a re-apply of everything
        await().atMost(WAIT).until(() -> bindings.find(TenantReconciler.ROLE_BINDING).isPresent());
        assertThat(namespaces.get(ns).metadata().labels()).containsEntry("team", "blue").containsEntry(TenantReconciler.TENANT_LABEL, name);

        // deletion: the finalizer holds the tenant until its namespace (cluster-scoped, outside the tenant) is gone
        tenants.delete(name);
        await().atMost(WAIT).until(() -> namespaces.find(ns).map(n -> n.metadata().deletionTimestamp() != null).orElse(true));
        await().atMost(WAIT).until(() -> tenants.find(name).isEmpty());
        assertThat(namespaces.find(ns)).isEmpty(); // the finalizer went only once the namespace had
    }

    @Test
    void aNamespaceTheTenantDoesNotOwnIsLeftAloneUntilItIsGoneThenTheIndexBringsTheTenantBack() {
        String name = "squat-" + suffix;
        String ns = "tenant-" + name;
        namespaces.create(Namespace.builder().metadata(ObjectMeta.builder().name(ns).labels(Map.of("owner", "someone-else")).build())
                .build());
        tenants.create(TenantNamespace.of(name, new TenantNamespace.Spec("squat-admins", null, null, 5)));

        await().atMost(WAIT).untilAsserted(() -> {
            TenantNamespace tenant = tenants.get(name);
            Condition ready = readyOf(tenant);
            assertThat(ready.status()).isEqualTo("False");
            assertThat(ready.reason()).isEqualTo(TenantReconciler.REASON_CONFLICT);
            assertThat(ready.message()).contains("namespace " + ns + " already exists and is not managed by this TenantNamespace");
            assertThat(ready.observedGeneration()).isEqualTo(tenant.metadata().generation());
        });
        await().atMost(WAIT).until(() -> eventReasons(client, "default", "TenantNamespace", name)
                .contains(TenantReconciler.REASON_CONFLICT));
        Namespace untouched = namespaces.get(ns);
        assertThat(untouched.metadata().labels()).containsEntry("owner", "someone-else").doesNotContainKey(TenantReconciler.TENANT_LABEL);
        assertThat(untouched.metadata().ownerReferences()).isNullOrEmpty();
        assertThat(client.resources(ResourceQuota.class).inNamespace(ns).find(TenantReconciler.QUOTA)).isEmpty();

        // the foreign namespace goes: its deletion event, mapped through the by-namespace index, reconciles the tenant
        namespaces.delete(ns);
        await().atMost(WAIT).untilAsserted(() -> {
            Condition ready = readyOf(tenants.get(name));
            assertThat(ready.status()).isEqualTo("True");
            assertThat(ready.reason()).isEqualTo(TenantReconciler.REASON_PROVISIONED);
        });
        assertOwnedBy(namespaces.get(ns), name, tenants.get(name).metadata().uid());

        tenants.delete(name);
        await().atMost(WAIT).until(() -> tenants.find(name).isEmpty());
    }

    @Test
    void deletingATenantThatNeverOwnedItsNamespaceLeavesThatNamespaceAlone() {
        String name = "foreign-" + suffix;
        String ns = "tenant-" + name;
        namespaces.create(Namespace.builder().metadata(ObjectMeta.builder().name(ns).build()).build());
        tenants.create(TenantNamespace.of(name, new TenantNamespace.Spec("foreign-admins", null, null, null)));
        await().atMost(WAIT).until(() -> reasonOf(tenants.get(name)).equals(TenantReconciler.REASON_CONFLICT));

        tenants.delete(name);
        await().atMost(WAIT).until(() -> tenants.find(name).isEmpty());
        assertThat(namespaces.get(ns).metadata().deletionTimestamp()).isNull();
        namespaces.delete(ns);
    }

    @Test
    void aTenantTheApiServerCannotServeGetsAConditionAndAnEventAndTheOperatorCarriesOn() {
        // a negative CPU quota passes the schema (a quantity may have a sign) but no ResourceQuota accepts it
        String negative = "negative-" + suffix;
        tenants.create(TenantNamespace.of(negative, new TenantNamespace.Spec("negative-admins", Quantity.parse("-1"), null, null)));
        // a dot is fine in a TenantNamespace's name but not in a namespace's: refused before anything is created
        String dotted = "dotted.team-" + suffix;
        tenants.create(TenantNamespace.of(dotted, new TenantNamespace.Spec("dotted-admins", null, null, null)));

        await().atMost(WAIT).untilAsserted(() -> {
            Condition ready = readyOf(tenants.get(negative));
            assertThat(ready.status()).isEqualTo("False");
            assertThat(ready.reason()).isEqualTo(TenantReconciler.REASON_INVALID);
            assertThat(ready.message()).contains("requests.cpu").contains("must be greater than or equal to 0");
        });
        await().atMost(WAIT).untilAsserted(() -> {
            TenantNamespace tenant = tenants.get(dotted);
            Condition ready = readyOf(tenant);
            assertThat(ready.status()).isEqualTo("False");
            assertThat(ready.reason()).isEqualTo(TenantReconciler.REASON_INVALID);
            assertThat(ready.message()).contains("'tenant-" + dotted + "'").contains("not a valid namespace name");
            assertThat(tenant.metadata().finalizers()).isNullOrEmpty();
        });
        await().atMost(WAIT).until(() -> eventReasons(client, "default", "TenantNamespace", negative)
                .contains(TenantReconciler.REASON_INVALID) && eventReasons(client, "default", "TenantNamespace", dotted)
                .contains(TenantReconciler.REASON_INVALID));

        // fixing the spec (a new generation) provisions the tenant; another tenant is served meanwhile
        String fine = "fine-" + suffix;
        tenants.create(TenantNamespace.of(fine, new TenantNamespace.Spec("fine-admins", null, null, 3)));
        tenants.patch(negative, PatchType.MERGE, "{\"spec\":{\"cpu\":\"1\"}}");
        await().atMost(WAIT).until(() -> reasonOf(tenants.get(negative)).equals(TenantReconciler.REASON_PROVISIONED)
                && reasonOf(tenants.get(fine)).equals(TenantReconciler.REASON_PROVISIONED));

        for (String name : List.of(negative, dotted, fine)) {
            tenants.delete(name);
        }
        await().atMost(WAIT).until(() -> tenants.find(negative).isEmpty() && tenants.find(dotted).isEmpty()
                && tenants.find(fine).isEmpty());
    }

    private static String reasonOf(TenantNamespace tenant) {
        return SampleClusters.ready(tenant.status() == null ? null : tenant.status().conditions()).map(Condition::reason).orElse("");
    }

    private static Condition readyOf(TenantNamespace tenant) {
        return SampleClusters.ready(tenant.status() == null ? null : tenant.status().conditions())
                .orElseThrow(() -> new AssertionError("tenant " + tenant.metadata().name() + " has no Ready condition yet: "
                        + tenant.status()));
    }

    private static void assertOwnedBy(KubernetesObject object, String tenant, String uid) {
        assertThat(object.metadata().ownerReferences()).as("owner references of %s", object.metadata().name())
                .singleElement().satisfies(owner -> {
                    assertThat(owner.apiVersion()).isEqualTo(TenantNamespace.API_VERSION);
                    assertThat(owner.kind()).isEqualTo("TenantNamespace");
                    assertThat(owner.name()).isEqualTo(tenant);
                    assertThat(owner.uid()).isEqualTo(uid);
                    assertThat(owner.controller()).isTrue();
                });
    }
}
