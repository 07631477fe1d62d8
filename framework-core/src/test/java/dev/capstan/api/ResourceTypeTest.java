package dev.capstan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.annotation.ClusterScoped;
import dev.capstan.api.annotation.Group;
import dev.capstan.api.annotation.Namespaced;
import dev.capstan.api.annotation.ShortNames;
import dev.capstan.api.annotation.Version;
import dev.capstan.api.meta.v1.ObjectMeta;
import org.junit.jupiter.api.Test;

class ResourceTypeTest {
    @Group("example.com")
    @Version("v1alpha1")
    @ShortNames({"pol", "pols"})
    record Policy(String apiVersion, String kind, ObjectMeta metadata) implements KubernetesObject {}

    @Group("example.com")
    @Version("v1")
    @ClusterScoped
    record Tenancy(String apiVersion, String kind, ObjectMeta metadata) implements KubernetesObject {}

    record Plain(String name) {}

    @Group("example.com")
    @Version("v1")
    @Namespaced
    @ClusterScoped
    record Confused(String name) {}

    @Test
    void annotationsDescribeACustomResource() {
        ResourceType<Policy> type = ResourceType.of(Policy.class);
        assertThat(type.apiVersion()).isEqualTo("example.com/v1alpha1");
        assertThat(type.kind()).isEqualTo("Policy");
        assertThat(type.plural()).isEqualTo("policies");
        assertThat(type.singular()).isEqualTo("policy");
        assertThat(type.shortNames()).containsExactly("pol", "pols");
        assertThat(type.namespaced()).isTrue();
        assertThat(ResourceType.of(Tenancy.class).namespaced()).isFalse();
        assertThat(ResourceType.of(Tenancy.class).plural()).isEqualTo("tenancies");
    }

    @Test
    void missingAnnotationsAreNamed() {
        assertThatThrownBy(() -> ResourceType.of(Plain.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Plain.class.getName() + " is not a Kubernetes resource type: annotate it with @Group and @Version");
    }

    @Test
    void bothScopesAreRefused() {
        assertThatThrownBy(() -> ResourceType.of(Confused.class))
                .hasMessageContaining("carries both @Namespaced and @ClusterScoped");
    }

    @Test
    void pluralsFollowSimpleEnglishRules() {
        assertThat(ResourceType.pluralize("foo")).isEqualTo("foos");
        assertThat(ResourceType.pluralize("policy")).isEqualTo("policies");
        assertThat(ResourceType.pluralize("gateway")).isEqualTo("gateways");
        assertThat(ResourceType.pluralize("ingress")).isEqualTo("ingresses");
        assertThat(ResourceType.pluralize("box")).isEqualTo("boxes");
        assertThat(ResourceType.pluralize("patch")).isEqualTo("patches");
    }

    @Test
    void groupVersionKindSplitsApiVersion() {
        assertThat(GroupVersionKind.of("v1", "Pod")).isEqualTo(new GroupVersionKind("", "v1", "Pod"));
        assertThat(GroupVersionKind.of("apps/v1", "Deployment").apiVersion()).isEqualTo("apps/v1");
    }
}
