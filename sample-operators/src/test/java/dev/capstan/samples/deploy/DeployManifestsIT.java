package dev.capstan.samples.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.Unstructured;
import dev.capstan.api.authorization.v1.ResourceAttributes;
import dev.capstan.api.authorization.v1.ResourceRule;
import dev.capstan.api.authorization.v1.SelfSubjectRulesReview;
import dev.capstan.api.authorization.v1.SelfSubjectRulesReviewSpec;
import dev.capstan.api.authorization.v1.SubjectAccessReview;
import dev.capstan.api.authorization.v1.SubjectAccessReviewSpec;
import dev.capstan.api.core.v1.Pod;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ResourceClient;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every manifest of each sample (deploy/&lt;sample&gt;/*.yaml and the generated CRDs) against the
 * real API server: accepted with server-side dry-run=All (which persists nothing), then applied;
 * the Deployment's pods pass the namespace's "restricted" Pod Security admission; and the
 * ServiceAccount may do exactly what the operator does — SubjectAccessReviews allow each
 * request it makes and deny its neighbours, and its SelfSubjectRulesReview lists nothing more.
 */
@KubernetesTest
class DeployManifestsIT {

    @ParameterizedTest
    @EnumSource(Sample.class)
    void everyManifestIsAcceptedWithServerSideDryRunAndThenApplied(Sample sample, TestCluster cluster, TestNamespace namespace) {
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (KubernetesClient admin = ClusterSupport.admin(cluster, namespace.name(), warnings::add)) {
            List<ObjectNode> manifests = new ArrayList<>(sample.crds());
            manifests.addAll(sample.manifests());
            for (ObjectNode manifest : manifests) {
                String what = manifest.path("kind").asString() + " " + manifest.at("/metadata/name").asString();
                ResourceClient<Unstructured> resources = ClusterSupport.resources(admin, manifest);
                String name = manifest.at("/metadata/name").asString();
                boolean existed = resources.find(name).isPresent();

                Unstructured dryRun = ClusterSupport.apply(admin, manifest, true);
                assertThat(dryRun.name()).as(what).isEqualTo(name);
                if (!existed) {
                    assertThat(resources.find(name)).as("%s: a dry run persists nothing", what).isEmpty();
                }

                Unstructured applied = ClusterSupport.apply(admin, manifest, false);
                assertThat(applied.uid()).as(what).isNotEmpty();
                assertThat(resources.get(name).uid()).isEqualTo(applied.uid());
            }
            ClusterSupport.awaitServed(admin, manifests);
            assertThat(warnings).as("API server warnings while applying (deprecated fields, Pod Security)").isEmpty();

            // the Deployment controller creates the pods; Pod Security admission ("restricted") would refuse non-compliant ones
            ResourceClient<Pod> pods = admin.resources(Pod.class).inNamespace(sample.namespace);
            await().atMost(ClusterSupport.WAIT).untilAsserted(() -> assertThat(pods.list(ListOptions.all()
                    .withLabelSelector("app.kubernetes.io/name=" + sample.id)).items()).hasSize(2));
            assertThat(warnings).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void theServiceAccountMayMakeEveryRequestTheOperatorMakesAndNoOther(Sample sample, TestCluster cluster, TestNamespace namespace) {
        try (KubernetesClient admin = ClusterSupport.admin(cluster, namespace.name())) {
            List<ObjectNode> manifests = new ArrayList<>(sample.crds());
            manifests.addAll(sample.manifests());
            ClusterSupport.applyAll(admin, manifests);

            String any = namespace.name();
            List<String> wronglyDenied = new ArrayList<>();
            for (Access access : Access.needed(sample)) {
                Access concrete = access.in(any, sample.namespace);
                if (!allowed(admin, sample, concrete)) {
                    wronglyDenied.add(concrete.toString());
                }
            }
            assertThat(wronglyDenied).as("%s needs these and may not", sample.serviceAccountUser()).isEmpty();

            List<String> wronglyAllowed = new ArrayList<>();
            for (Access access : Access.notNeeded(sample)) {
                Access concrete = access.in(any, sample.namespace);
                if (allowed(admin, sample, concrete)) {
                    wronglyAllowed.add(concrete.toString());
                }
            }
            assertThat(wronglyAllowed).as("%s does not need these but may", sample.serviceAccountUser()).isEmpty();

            // exactly: the rules the ServiceAccount holds, as it sees them itself, are the table's and no more
            String token = ClusterSupport.token(admin, sample.namespace, sample.serviceAccount());
            try (KubernetesClient self = ClusterSupport.withToken(cluster, sample.namespace, token)) {
                for (String ns : List.of(any, sample.namespace, "default")) {
                    Set<String> expected = new TreeSet<>();
                    for (Access access : Access.needed(sample)) {
                        // cluster-wide and any-namespace grants (ClusterRoles) show in every namespace's review
                        String where = access.namespace();
                        if (where.isEmpty() || where.equals(Access.ANY) || where.equals(Access.OWN) && ns.equals(sample.namespace)
                                || where.equals(ns)) {
                            expected.add(access.rule());
                        }
                    }
                    assertThat(rules(self, ns)).as("rules of %s in namespace %s", sample.serviceAccountUser(), ns)
                            .containsExactlyElementsOf(expected);
                }
            }
        }
    }

    private static boolean allowed(KubernetesClient admin, Sample sample, Access access) {
        SubjectAccessReview review = admin.resources(SubjectAccessReview.class).create(SubjectAccessReview.builder()
                .apiVersion("authorization.k8s.io/v1").kind("SubjectAccessReview")
                .spec(SubjectAccessReviewSpec.builder()
                        .user(sample.serviceAccountUser())
                        .groups(List.of("system:serviceaccounts", "system:serviceaccounts:" + sample.namespace, "system:authenticated"))
                        .resourceAttributes(ResourceAttributes.builder()
                                .verb(access.verb()).group(access.group()).resource(access.resource())
                                .subresource(access.subresource().isEmpty() ? null : access.subresource())
                                .namespace(access.namespace().isEmpty() ? null : access.namespace())
                                .name(access.name().isEmpty() ? null : access.name())
                                .build())
                        .build())
                .build());
        return Boolean.TRUE.equals(review.status().allowed());
    }

    /**
     * The resource rules the caller holds in {@code namespace}, flattened to {@code verb group/resource[name]},
     * without the self-review rules every authenticated user has (system:basic-user).
     */
    private static Set<String> rules(KubernetesClient self, String namespace) {
        SelfSubjectRulesReview review = self.resources(SelfSubjectRulesReview.class).create(SelfSubjectRulesReview.builder()
                .apiVersion("authorization.k8s.io/v1").kind("SelfSubjectRulesReview")
                .spec(SelfSubjectRulesReviewSpec.builder().namespace(namespace).build()).build());
        assertThat(review.status().incomplete()).as("rules review incomplete: %s", review.status().evaluationError()).isNotEqualTo(true);
        Set<String> rules = new TreeSet<>();
        for (ResourceRule rule : review.status().resourceRules()) {
            List<String> names = rule.resourceNames() == null ? List.of() : rule.resourceNames();
            for (String group : rule.apiGroups()) {
                if (group.equals("authorization.k8s.io") || group.equals("authentication.k8s.io")) {
                    continue; // selfsubjectaccessreviews, selfsubjectrulesreviews, selfsubjectreviews: everyone's
                }
                for (String resource : rule.resources()) {
                    for (String verb : rule.verbs()) {
                        if (names.isEmpty()) {
                            rules.add(verb + " " + group + "/" + resource);
                        } else {
                            names.forEach(name -> rules.add(verb + " " + group + "/" + resource + "[" + name + "]"));
                        }
                    }
                }
            }
        }
        return rules;
    }
}
