package dev.capstan.samples.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.apps.v1.Deployment;
import dev.capstan.api.coordination.v1.Lease;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.samples.deploy.DockerfileModel.Copy;
import dev.capstan.samples.deploy.DockerfileModel.Instruction;
import dev.capstan.samples.deploy.DockerfileModel.Stage;
import dev.capstan.samples.samplecontroller.Foo;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The image without Docker: the packaged, layered jar the Dockerfile copies is taken through the
 * Dockerfile's own steps — its layers stage's {@code RUN} (jarmode tools extraction), its final
 * stage's {@code COPY}s of each layer into one directory, its {@code ENTRYPOINT} from the
 * {@code WORKDIR} — with this JVM's {@code java} standing in for the JRE image's. The process gets
 * the Deployment's environment variables and a kubeconfig (the out-of-cluster configuration),
 * answers the Deployment's readiness and liveness probes, and reconciles a Foo.
 */
@KubernetesTest
class PackagedJarIT {
    private static final Duration START = Duration.ofMinutes(3);

    private final DockerfileModel dockerfile = DockerfileModel.read(Repository.root().resolve("Dockerfile"));

    @ParameterizedTest
    @EnumSource(Sample.class)
    void theJarTheDockerfileCopiesIsALayeredBootJarOfTheSampleWithoutTestTooling(Sample sample) throws IOException {
        Path jar = packagedJar(sample);
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Start-Class")).isEqualTo(sample.mainClass);
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .startsWith("org.springframework.boot.loader.launch.");
            String layers = new String(file.getInputStream(file.getEntry("BOOT-INF/layers.idx")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(layers.lines().filter(l -> l.startsWith("- ")).map(l -> l.substring(3, l.length() - 2)).toList())
                    .as("layers.idx, in the order the Dockerfile copies them").containsExactlyElementsOf(DockerfileTest.BOOT_LAYERS);
            List<String> libraries = file.stream().map(e -> e.getName()).filter(n -> n.startsWith("BOOT-INF/lib/")).toList();
            assertThat(libraries).as("jarmode tools, for the layers stage").anyMatch(n -> n.contains("spring-boot-jarmode-tools"));
            assertThat(libraries).anyMatch(n -> n.contains("framework-spring-boot-starter"))
                    .noneMatch(n -> n.contains("testing-support") || n.contains("testcontainers") || n.contains("junit"));
        }
    }

    @Test
    void theSampleControllerStartsFromTheExtractedLayersAsTheImageEntrypointDoes(TestCluster cluster, TestNamespace namespace,
            @TempDir Path work) throws Exception {
        Sample sample = Sample.SAMPLE_CONTROLLER;
        Path application = buildImageFilesystem(sample, work);
        int port = freePort();
        Path log = work.resolve("operator.log");
        try (KubernetesClient admin = ClusterSupport.admin(cluster, namespace.name())) {
            ClusterSupport.applyAll(admin, sample.crds());
            Process operator = entrypoint(sample, application, port, cluster, namespace, log);
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                JsonNode container = sample.manifest("Deployment", sample.id).at("/spec/template/spec/containers/0");
                String readiness = container.at("/readinessProbe/httpGet/path").asString();
                String liveness = container.at("/livenessProbe/httpGet/path").asString();
                await().atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(operator.isAlive()).as("the operator exited: %s", tail(log)).isTrue();
                    assertThat(get(http, port, readiness).statusCode()).as("readiness probe %s", readiness).isEqualTo(200);
                });
                HttpResponse<String> live = get(http, port, liveness);
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(get(http, port, "/actuator/health/readiness").body()).contains("\"status\":\"UP\"");

                ResourceClient<Lease> leases = admin.resources(Lease.class).inNamespace(namespace.name());
                await().atMost(ClusterSupport.WAIT).until(() -> leases.find(sample.leaseName())
                        .map(l -> l.spec().holderIdentity() != null && !l.spec().holderIdentity().isBlank()).orElse(false));

                ResourceClient<Foo> foos = admin.resources(Foo.class).inNamespace(namespace.name());
                ResourceClient<Deployment> deployments = admin.resources(Deployment.class).inNamespace(namespace.name());
                Foo foo = foos.create(Foo.of(namespace.name(), "from-the-jar", "from-the-jar-web", 1));
                await().atMost(ClusterSupport.WAIT).until(() -> deployments.find("from-the-jar-web").isPresent());
                assertThat(deployments.get("from-the-jar-web").metadata().ownerReferences()).singleElement()
                        .satisfies(o -> assertThat(o.uid()).isEqualTo(foo.metadata().uid()));
                await().atMost(ClusterSupport.WAIT).until(() -> foos.get("from-the-jar").status() != null
                        && OperatorInClusterIT.ready(foos.get("from-the-jar").status().conditions()).isPresent());
            } finally {
                operator.destroy(); // SIGTERM, as the kubelet stops a container
                boolean exited = operator.waitFor(60, TimeUnit.SECONDS);
                if (!exited) {
                    operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                assertThat(exited).as("the operator stops within 60 s of SIGTERM: %s", tail(log)).isTrue();
            }
            assertThat(Files.readString(log)).as("the Deployment's SERVER_SHUTDOWN=graceful took effect")
                    .contains("Graceful shutdown complete");
        }
    }

    /** The jar the Dockerfile's build stage copies out of sample-operators/target for this SAMPLE. */
    private Path packagedJar(Sample sample) {
        Stage build = dockerfile.stage("build").orElseThrow();
        String run = build.all("RUN").stream().map(Instruction::arguments).filter(a -> a.contains("sample-operators/target/"))
                .findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(sample-operators/target/[^\"\\s]+\\.jar)").matcher(run);
        assertThat(m.find()).isTrue();
        Path jar = Repository.root().resolve(DockerfileModel.substitute(m.group(1), Map.of("SAMPLE", sample.id)));
        assertThat(jar).as("the jar for SAMPLE=%s (made by mvn package)", sample.id).isRegularFile();
        return jar;
    }

    /**
     * The final image's file system, made by the Dockerfile's steps: the jar copied into the
     * layers stage's WORKDIR, its RUN, then each final-stage COPY --from=layers into the final
     * WORKDIR. Returns that directory.
     */
    private Path buildImageFilesystem(Sample sample, Path work) throws Exception {
        Stage layers = dockerfile.stage("layers").orElseThrow();
        Path layersRoot = work.resolve("layers-stage");
        Path layersWorkdir = inside(layersRoot, layers.all("WORKDIR").get(0).arguments().strip());
        Files.createDirectories(layersWorkdir);
        Copy jarCopy = dockerfile.copies().stream().filter(c -> c.stage() == layers).findFirst().orElseThrow();
        Files.copy(packagedJar(sample), layersWorkdir.resolve(jarCopy.destination()));
        for (Instruction run : layers.all("RUN")) {
            List<String> command = new ArrayList<>(run.words());
            assertThat(command.get(0)).isEqualTo("java");
            command.set(0, javaExecutable());
            Process process = new ProcessBuilder(command).directory(layersWorkdir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as("RUN %s: %s", run.arguments(), output).isZero();
        }
        Stage image = dockerfile.finalStage();
        Path imageRoot = work.resolve("image");
        Path workdir = inside(imageRoot, image.all("WORKDIR").get(0).arguments().strip());
        Files.createDirectories(workdir);
        for (Copy copy : dockerfile.copies()) {
            if (copy.stage() != image) {
                continue;
            }
            assertThat(copy.from()).isEqualTo(layers.name());
            assertThat(copy.destination()).isEqualTo("./");
            for (String source : copy.sources()) {
                Path from = inside(layersRoot, source);
                assertThat(from).as("COPY --from=layers %s: the extraction made it", source).isDirectory();
                copyTree(from, workdir);
            }
        }
        return workdir;
    }

    /** Starts the final stage's ENTRYPOINT in its WORKDIR with the Deployment's environment. */
    private Process entrypoint(Sample sample, Path workdir, int port, TestCluster cluster, TestNamespace namespace, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(dockerfile.finalStage().all("ENTRYPOINT").get(0).words());
        assertThat(command.get(0)).isEqualTo("java");
        command.set(0, javaExecutable());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("KUBERNETES_SERVICE_HOST");
        environment.remove("KUBERNETES_SERVICE_PORT");
        environment.putAll(OperatorInClusterIT.podEnvironment(sample));
        JsonNode container = sample.manifest("Deployment", sample.id).at("/spec/template/spec/containers/0");
        environment.put("JAVA_TOOL_OPTIONS", DeployManifestsTest.env(container).get("JAVA_TOOL_OPTIONS"));
        // out of a cluster: a kubeconfig; the Lease in this test's namespace, the HTTP port free on this machine
        environment.put("KUBECONFIG", cluster.kubeconfig().toString());
        environment.put("CAPSTAN_LEADERELECTION_LEASENAMESPACE", namespace.name());
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("CAPSTAN_INFORMERS_SYNCTIMEOUT", "90s");
        return builder.start();
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path inside(Path root, String absolute) {
        return root.resolve(absolute.replaceAll("^/+", ""));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return "\n--- operator output (last 40 lines) ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40),
                    lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
