package dev.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The foundation's acceptance: the test cluster is a real Kubernetes API server with the
 * controllers that tests rely on (namespace deletion, garbage collection). Uses Reactor Netty
 * directly, as no Capstan client exists yet.
 */
@KubernetesTest
class ClusterAcceptanceIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void configMapIsCreatedReadBackAndWatched(TestCluster cluster, TestNamespace namespace) throws InterruptedException {
        HttpClient http = cluster.httpClient();
        String base = "/api/v1/namespaces/" + namespace + "/configmaps";

        JsonNode created = call(http, HttpMethod.POST, base,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\"},\"data\":{\"color\":\"blue\"}}", 201);
        JsonNode read = call(http, HttpMethod.GET, base + "/settings", null, 200);
        assertThat(read.at("/data/color").asString()).isEqualTo("blue");
        assertThat(read.at("/metadata/uid").asString()).isEqualTo(created.at("/metadata/uid").asString());
        String resourceVersion = read.at("/metadata/resourceVersion").asString();

        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        Disposable watch = http
                .doOnConnected(connection -> connection.addHandlerLast(new LineBasedFrameDecoder(1 << 20)))
                .get()
                .uri(base + "?watch=true&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dsettings&resourceVersion="
                        + resourceVersion)
                .responseContent()
                .asString(StandardCharsets.UTF_8)
                .map(JSON::readTree)
                .subscribe(events::add);
        try {
            call(http, HttpMethod.PUT, base + "/settings",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\",\"resourceVersion\":\""
                            + resourceVersion + "\"},\"data\":{\"color\":\"green\"}}", 200);
            JsonNode event = nextNonBookmark(events);
            assertThat(event.path("type").asString()).isEqualTo("MODIFIED");
            assertThat(event.at("/object/data/color").asString()).isEqualTo("green");
            assertThat(Long.parseLong(event.at("/object/metadata/resourceVersion").asString()))
                    .isGreaterThan(Long.parseLong(resourceVersion));
        } finally {
            watch.dispose();
        }
    }

    @Test
    void deletedNamespaceDisappearsBecauseTheNamespaceControllerRuns(TestCluster cluster, TestNamespace namespace) {
        HttpClient http = cluster.httpClient();
        String name = namespace + "-doomed";
        call(http, HttpMethod.POST, "/api/v1/namespaces",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}", 201);
        // Content makes the namespace controller do real work: it must delete this first.
        call(http, HttpMethod.POST, "/api/v1/namespaces/" + name + "/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"content\"}}", 201);

        JsonNode deleting = call(http, HttpMethod.DELETE, "/api/v1/namespaces/" + name, null, 200);
        assertThat(deleting.at("/status/phase").asString()).isEqualTo("Terminating");

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(status(http, "/api/v1/namespaces/" + name)).isEqualTo(404));
    }

    @Test
    void dependentIsGarbageCollectedWhenItsOwnerIsDeleted(TestCluster cluster, TestNamespace namespace) {
        HttpClient http = cluster.httpClient();
        String base = "/api/v1/namespaces/" + namespace + "/configmaps";
        JsonNode owner = call(http, HttpMethod.POST, base,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"owner\"}}", 201);
        String uid = owner.at("/metadata/uid").asString();
        call(http, HttpMethod.POST, base, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dependent\","
                + "\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"owner\",\"uid\":\"" + uid + "\"}]}}", 201);

        call(http, HttpMethod.DELETE, base + "/owner", null, 200);

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(status(http, base + "/dependent")).isEqualTo(404));
    }

    @Test
    void defaultServiceAccountIsCreatedInNewNamespaces(TestCluster cluster, TestNamespace namespace) {
        HttpClient http = cluster.httpClient();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(status(http, "/api/v1/namespaces/" + namespace + "/serviceaccounts/default")).isEqualTo(200));
    }

    @Test
    void versionReportsThePinnedRelease(TestCluster cluster) {
        Assumptions.assumeTrue(cluster.localControlPlane().isPresent(), "only the local control plane pins a release");
        JsonNode version = call(cluster.httpClient(), HttpMethod.GET, "/version", null, 200);
        String pinned = cluster.localControlPlane().get().kubernetesVersion();
        assertThat(pinned).matches("v1\\.\\d+\\.\\d+");
        assertThat(version.path("gitVersion").asString()).isEqualTo(pinned);
        assertThat(version.path("major").asString()).isEqualTo("1");
        assertThat(pinned).startsWith("v1." + version.path("minor").asString() + ".");
    }

    @Test
    void writtenKubeconfigReachesTheCluster(TestCluster cluster) {
        Kubeconfig.Target target = Kubeconfig.read(List.of(cluster.kubeconfig()));
        assertThat(target.server()).isEqualTo(cluster.server());
        HttpClient http = ClusterHttp.client(target.server(), target.credentials());
        assertThat(call(http, HttpMethod.GET, "/api/v1/namespaces/default", null, 200).at("/metadata/name").asString())
                .isEqualTo("default");
    }

    @Test
    void kubectlWorksWithTheWrittenKubeconfig(TestCluster cluster) throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed on this machine");
        Process kubectl = new ProcessBuilder("kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "get", "--raw", "/version")
                .redirectErrorStream(true).start();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(output).isZero();
        assertThat(JSON.readTree(output).path("gitVersion").asString()).startsWith("v1.");
    }

    private static JsonNode nextNonBookmark(BlockingQueue<JsonNode> events) throws InterruptedException {
        while (true) {
            JsonNode event = events.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(event).as("a watch event within " + TIMEOUT).isNotNull();
            if (!"BOOKMARK".equals(event.path("type").asString())) {
                return event;
            }
        }
    }

    private static JsonNode call(HttpClient http, HttpMethod method, String path, String body, int expectedStatus) {
        ClusterHttp.Response response = ClusterHttp.send(http, method, path, body, TIMEOUT);
        assertThat(response.status()).as(method + " " + path + " -> " + response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private static int status(HttpClient http, String path) {
        return ClusterHttp.get(http, path, TIMEOUT).status();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
