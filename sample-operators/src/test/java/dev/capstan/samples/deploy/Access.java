package dev.capstan.samples.deploy;

import java.util.List;

/**
 * One request an operator's ServiceAccount makes (or must not be able to make), as an RBAC
 * check sees it. {@code namespace} empty: cluster-scoped, or across all namespaces for list and
 * watch. The tables are written from reading the reconcilers, the starter's leader election and
 * the event recorder, not from the manifests they check.
 */
record Access(String verb, String group, String resource, String subresource, String namespace, String name) {
    /** Namespace placeholders, filled in per test: any namespace the operator works in, and its own. */
    static final String ANY = "<any>";
    static final String OWN = "<own>";

    static Access of(String verb, String groupResource, String namespace) {
        return parse(verb, groupResource, namespace, "");
    }

    static Access named(String verb, String groupResource, String namespace, String name) {
        return parse(verb, groupResource, namespace, name);
    }

    private static Access parse(String verb, String groupResource, String namespace, String name) {
        // "apps/deployments", "/namespaces" (core), "samplecontroller.capstan.dev/foos/status"
        String[] parts = groupResource.split("/", 3);
        return new Access(verb, parts[0], parts[1], parts.length == 3 ? parts[2] : "", namespace, name);
    }

    Access in(String any, String own) {
        String ns = namespace.equals(ANY) ? any : namespace.equals(OWN) ? own : namespace;
        return new Access(verb, group, resource, subresource, ns, name);
    }

    /** As SelfSubjectRulesReview lists it: {@code verb group/resource[/sub][name]}. */
    String rule() {
        return verb + " " + group + "/" + resource + (subresource.isEmpty() ? "" : "/" + subresource)
                + (name.isEmpty() ? "" : "[" + name + "]");
    }

    @Override
    public String toString() {
        return rule() + (namespace.isEmpty() ? " (cluster)" : " in " + namespace);
    }

    /** What each operator does; every entry must be allowed. */
    static List<Access> needed(Sample sample) {
        List<Access> leases = List.of(
                of("create", "coordination.k8s.io/leases", OWN),
                named("get", "coordination.k8s.io/leases", OWN, sample.leaseName()),
                named("update", "coordination.k8s.io/leases", OWN, sample.leaseName()));
        List<Access> own = switch (sample) {
            case SAMPLE_CONTROLLER -> List.of(
                    of("list", "samplecontroller.capstan.dev/foos", ANY),
                    of("watch", "samplecontroller.capstan.dev/foos", ANY),
                    of("list", "samplecontroller.capstan.dev/foos", ""),
                    of("watch", "samplecontroller.capstan.dev/foos", ""),
                    of("update", "samplecontroller.capstan.dev/foos/status", ANY),
                    of("update", "samplecontroller.capstan.dev/foos/finalizers", ANY),
                    of("list", "apps/deployments", ANY),
                    of("watch", "apps/deployments", ANY),
                    of("list", "apps/deployments", ""),
                    of("watch", "apps/deployments", ""),
                    of("create", "apps/deployments", ANY),
                    of("update", "apps/deployments", ANY),
                    of("create", "events.k8s.io/events", ANY),
                    of("patch", "events.k8s.io/events", ANY));
            case TENANT_OPERATOR -> List.of(
                    of("list", "tenancy.capstan.dev/tenantnamespaces", ""),
                    of("watch", "tenancy.capstan.dev/tenantnamespaces", ""),
                    of("patch", "tenancy.capstan.dev/tenantnamespaces", ""),
                    of("update", "tenancy.capstan.dev/tenantnamespaces/status", ""),
                    of("update", "tenancy.capstan.dev/tenantnamespaces/finalizers", ""),
                    of("list", "/namespaces", ""),
                    of("watch", "/namespaces", ""),
                    of("create", "/namespaces", ""),
                    of("patch", "/namespaces", ""),
                    of("delete", "/namespaces", ""),
                    of("list", "/resourcequotas", ""),
                    of("watch", "/resourcequotas", ""),
                    of("create", "/resourcequotas", ANY),
                    of("patch", "/resourcequotas", ANY),
                    of("list", "rbac.authorization.k8s.io/rolebindings", ""),
                    of("watch", "rbac.authorization.k8s.io/rolebindings", ""),
                    of("create", "rbac.authorization.k8s.io/rolebindings", ANY),
                    of("patch", "rbac.authorization.k8s.io/rolebindings", ANY),
                    named("bind", "rbac.authorization.k8s.io/clusterroles", ANY, "admin"),
                    of("list", "networking.k8s.io/networkpolicies", ""),
                    of("watch", "networking.k8s.io/networkpolicies", ""),
                    of("create", "networking.k8s.io/networkpolicies", ANY),
                    of("patch", "networking.k8s.io/networkpolicies", ANY),
                    of("create", "events.k8s.io/events", "default"),
                    of("patch", "events.k8s.io/events", "default"));
        };
        return concat(own, leases);
    }

    /** Close neighbours of what each operator does, which it does not need; every entry must be denied. */
    static List<Access> notNeeded(Sample sample) {
        List<Access> common = List.of(
                of("get", "/secrets", ANY),
                of("list", "/secrets", ""),
                of("list", "/pods", ANY),
                of("create", "/events", ANY), // the recorder writes events.k8s.io/v1, not core events
                of("list", "events.k8s.io/events", ANY),
                of("delete", "events.k8s.io/events", ANY),
                named("get", "coordination.k8s.io/leases", OWN, "someone-else"),
                named("update", "coordination.k8s.io/leases", OWN, "someone-else"),
                named("delete", "coordination.k8s.io/leases", OWN, sample.leaseName()),
                named("update", "coordination.k8s.io/leases", ANY, sample.leaseName()),
                of("create", "rbac.authorization.k8s.io/clusterrolebindings", ""),
                of("impersonate", "/serviceaccounts", ANY));
        List<Access> own = switch (sample) {
            case SAMPLE_CONTROLLER -> List.of(
                    of("get", "samplecontroller.capstan.dev/foos", ANY),
                    of("update", "samplecontroller.capstan.dev/foos", ANY),
                    of("patch", "samplecontroller.capstan.dev/foos", ANY),
                    of("delete", "samplecontroller.capstan.dev/foos", ANY),
                    of("patch", "samplecontroller.capstan.dev/foos/status", ANY),
                    of("get", "apps/deployments", ANY),
                    of("patch", "apps/deployments", ANY),
                    of("delete", "apps/deployments", ANY),
                    of("update", "apps/deployments/scale", ANY),
                    of("create", "apps/replicasets", ANY));
            case TENANT_OPERATOR -> List.of(
                    of("get", "tenancy.capstan.dev/tenantnamespaces", ""),
                    of("update", "tenancy.capstan.dev/tenantnamespaces", ""),
                    of("delete", "tenancy.capstan.dev/tenantnamespaces", ""),
                    of("update", "/namespaces", ""),
                    of("delete", "/resourcequotas", ANY),
                    of("update", "/resourcequotas", ANY),
                    of("delete", "rbac.authorization.k8s.io/rolebindings", ANY),
                    of("update", "rbac.authorization.k8s.io/rolebindings", ANY),
                    of("create", "rbac.authorization.k8s.io/roles", ANY),
                    named("bind", "rbac.authorization.k8s.io/clusterroles", ANY, "cluster-admin"),
                    named("bind", "rbac.authorization.k8s.io/clusterroles", ANY, "edit"),
                    named("escalate", "rbac.authorization.k8s.io/clusterroles", "", "admin"),
                    of("delete", "networking.k8s.io/networkpolicies", ANY),
                    of("create", "events.k8s.io/events", ANY),
                    of("create", "events.k8s.io/events", "kube-system"));
        };
        return concat(own, common);
    }

    private static List<Access> concat(List<Access> a, List<Access> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
