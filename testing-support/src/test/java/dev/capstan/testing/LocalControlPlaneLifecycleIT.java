package dev.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.HttpMethod;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.netty.http.client.HttpClient;

/**
 * LocalControlPlane's own lifecycle on a private instance (without the controller manager, to
 * start fast), so that killing and restarting its parts never disturbs the shared cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalControlPlaneLifecycleIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private LocalControlPlane cluster;

    @BeforeAll
    void start() {
        cluster = LocalControlPlane.builder().controllers(List.of()).build().start();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    @Test
    void dataSurvivesAnApiServerRestartBecauseEtcdKeepsRunning() {
        long etcdPid = cluster.pid(LocalControlPlane.Component.ETCD).getAsLong();
        long apiPid = cluster.pid(LocalControlPlane.Component.KUBE_APISERVER).getAsLong();
        create(cluster.httpClient(), "before-restart");

        cluster.restartApiServer();

        assertThat(cluster.pid(LocalControlPlane.Component.KUBE_APISERVER).getAsLong()).isNotEqualTo(apiPid);
        assertThat(cluster.pid(LocalControlPlane.Component.ETCD).getAsLong()).isEqualTo(etcdPid);
        assertThat(ClusterHttp.get(cluster.httpClient(), "/api/v1/namespaces/default/configmaps/before-restart", TIMEOUT)
                .status()).isEqualTo(200);
    }

    @Test
    void apiServerThatDiesIsReportedWithItsLogAndCanBeStartedAgain() {
        long apiPid = cluster.pid(LocalControlPlane.Component.KUBE_APISERVER).getAsLong();
        ProcessHandle.of(apiPid).orElseThrow().destroyForcibly();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThatThrownBy(cluster::checkAlive)
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("kube-apiserver of the local control plane exited on its own")
                .hasMessageContaining("kube-apiserver.log"));

        cluster.startApiServer();

        cluster.checkAlive();
        assertThat(ClusterHttp.get(cluster.httpClient(), "/readyz", TIMEOUT).status()).isEqualTo(200);
    }

    @Test
    void pausedEtcdStallsWritesUntilResumed() {
        HttpClient http = cluster.httpClient();
        cluster.pauseEtcd();
        try {
            assertThatThrownBy(() -> ClusterHttp.send(http, HttpMethod.POST, "/api/v1/namespaces/default/configmaps",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"while-paused\"}}", Duration.ofSeconds(2)))
                    .hasMessageContaining("Timeout");
        } finally {
            cluster.resumeEtcd();
        }
        await().atMost(TIMEOUT).untilAsserted(() -> create(http, "after-resume"));
    }

    @Test
    void takenApiServerPortIsRefusedWithAMessageNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Set<Long> before = controlPlaneProcesses();
            LocalControlPlane second = LocalControlPlane.builder().controllers(List.of()).apiServerPort(port).build();
            assertThatThrownBy(second::start)
                    .isInstanceOf(ControlPlaneException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1")
                    .hasMessageContaining("already in use");
            assertThat(controlPlaneProcesses()).as("no process of the failed start is left running").isEqualTo(before);
        }
    }

    private static Set<Long> controlPlaneProcesses() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("capstan-controlplane"))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    @Test
    void closeStopsEveryProcessAndDeletesTheWorkDirectory() {
        LocalControlPlane other = LocalControlPlane.builder().controllers(List.of()).build().start();
        long etcd = other.pid(LocalControlPlane.Component.ETCD).getAsLong();
        long api = other.pid(LocalControlPlane.Component.KUBE_APISERVER).getAsLong();
        Path kubeconfig = other.kubeconfig();

        other.close();

        assertThat(ProcessHandle.of(etcd).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(api).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(kubeconfig.getParent())).isFalse();
        assertThatThrownBy(other::server).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void processesExitWhenTheJvmThatStartedThemIsKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ControlPlaneChild.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("PIDS "));
            assertThat(line).as("the child JVM reports its control plane's pids").isNotNull();
            String[] pids = line.substring(5).split(" ");

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

            for (String pid : pids) {
                await().atMost(TIMEOUT).until(() -> ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true));
            }
        } finally {
            child.destroyForcibly();
        }
    }

    private static void create(HttpClient http, String name) {
        ClusterHttp.Response response = ClusterHttp.send(http, HttpMethod.POST, "/api/v1/namespaces/default/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"}}", TIMEOUT);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }
}
