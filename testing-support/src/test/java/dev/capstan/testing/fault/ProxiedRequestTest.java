package dev.capstan.testing.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProxiedRequestTest {

    @Test
    void requestsAreClassifiedAsWatchListOrOther() {
        Instant now = Instant.now();
        ProxiedRequest watch = ProxiedRequest.parse("GET", "/api/v1/namespaces/a/configmaps?watch=true&resourceVersion=5", now);
        assertThat(watch.kind()).isEqualTo(RequestKind.WATCH);
        assertThat(watch.resource()).isEqualTo("configmaps");
        assertThat(watch.namespace()).isEqualTo("a");
        assertThat(watch.query()).containsEntry("resourceVersion", "5");
        assertThat(ProxiedRequest.parse("GET", "/apis/apps/v1/deployments?limit=500", now).kind()).isEqualTo(RequestKind.LIST);
        assertThat(ProxiedRequest.parse("GET", "/api/v1/namespaces/a/configmaps/x", now).kind()).isEqualTo(RequestKind.OTHER);
        assertThat(ProxiedRequest.parse("GET", "/api/v1/namespaces", now).kind()).isEqualTo(RequestKind.LIST);
        assertThat(ProxiedRequest.parse("PUT", "/api/v1/namespaces/a/configmaps/x", now).kind()).isEqualTo(RequestKind.OTHER);
        assertThat(ProxiedRequest.parse("GET", "/version", now).resource()).isEmpty();
        assertThat(RequestMatcher.watches("configmaps").matches(watch)).isTrue();
        assertThat(RequestMatcher.lists("configmaps").matches(watch)).isFalse();
    }
}
