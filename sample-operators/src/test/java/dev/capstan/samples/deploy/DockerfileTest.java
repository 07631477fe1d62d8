package dev.capstan.samples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.samples.deploy.DockerfileModel.Copy;
import dev.capstan.samples.deploy.DockerfileModel.Instruction;
import dev.capstan.samples.deploy.DockerfileModel.Stage;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import tools.jackson.databind.JsonNode;

/**
 * The root Dockerfile kept honest without a Docker engine (the build machines have none): every
 * path it copies exists in the repository (and is not left out of the context by
 * .dockerignore) or is made by an earlier stage, each {@code SAMPLE} names a jar the Maven build
 * makes with an existing main class, and the image is a JRE running as the non-root user the
 * manifests expect. PackagedJarIT runs the layers stage and the ENTRYPOINT for real.
 */
class DockerfileTest {
    /** Spring Boot's default layers, in the order the final stage copies them (least changing first). */
    static final List<String> BOOT_LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
    private static final Pattern JAR_IN_BUILD = Pattern.compile("(sample-operators/target/[^\"\\s]+\\.jar)\"?\\s+(/\\S+)");

    private final Path root = Repository.root();
    private final DockerfileModel dockerfile = DockerfileModel.read(root.resolve("Dockerfile"));
    private final DockerIgnore dockerignore = DockerIgnore.read(root.resolve(".dockerignore"));
    private final MavenPom samplesPom = MavenPom.read(Repository.module().resolve("pom.xml"));

    @Test
    void everyPathCopiedFromTheBuildContextExistsAndIsNotLeftOutByDockerignore() {
        List<Copy> fromContext = dockerfile.copies().stream().filter(c -> c.from() == null).toList();
        assertThat(fromContext).as("COPY instructions from the build context").isNotEmpty();
        for (Copy copy : fromContext) {
            for (String source : copy.sources()) {
                assertThat(source).as("line %d: a source without wildcards", copy.instruction().line()).doesNotContain("*", "?", "$");
                Path path = root.resolve(source);
                assertThat(path).as("line %d: COPY %s", copy.instruction().line(), source).exists();
                assertThat(dockerignore.excludes(source)).as("line %d: %s is left out of the context by .dockerignore rule %s",
                        copy.instruction().line(), source, dockerignore.decidingRule(source)).isFalse();
                if (Files.isDirectory(path)) {
                    // a module directory: its pom and sources must reach the build, its target must not
                    for (String inside : List.of("pom.xml", "src")) {
                        String child = source.replaceAll("/$", "") + "/" + inside;
                        if (Files.exists(root.resolve(child))) {
                            assertThat(dockerignore.excludes(child)).as(".dockerignore leaves out %s (rule %s)", child,
                                    dockerignore.decidingRule(child)).isFalse();
                        }
                    }
                    assertThat(dockerignore.excludes(source.replaceAll("/$", "") + "/target"))
                            .as("build output of %s stays out of the context", source).isTrue();
                }
            }
        }
    }

    @Test
    void theBuildStageGetsEveryReactorPomAndTheSourcesOfEveryModuleTheSamplesNeed() {
        Stage build = buildStage();
        Set<String> copied = new LinkedHashSet<>();
        for (Copy copy : dockerfile.copies()) {
            if (copy.stage() == build && copy.from() == null) {
                for (String source : copy.sources()) {
                    copied.add(source.replaceAll("/$", ""));
                    // the repository's layout, unchanged, under WORKDIR: a file into its directory, a directory onto itself
                    String expected = source.endsWith("/") ? source
                            : source.contains("/") ? source.substring(0, source.lastIndexOf('/') + 1) : "./";
                    assertThat(copy.destination()).as("line %d: destination of %s", copy.instruction().line(), source)
                            .isEqualTo(expected);
                }
            }
        }
        assertThat(copied).as("the root pom").contains("pom.xml");
        MavenPom parent = MavenPom.read(root.resolve("pom.xml"));
        for (String module : parent.modules()) {
            // Maven reads every module of the reactor, even with -pl
            assertThat(copied.contains(module) || copied.contains(module + "/pom.xml"))
                    .as("the build stage copies %s/pom.xml (a reactor module), copied: %s", module, copied).isTrue();
        }
        for (String module : modulesNeededBy("sample-operators", parent.modules())) {
            assertThat(copied).as("the build stage copies all of %s (sample-operators needs it)", module).contains(module);
        }
    }

    @Test
    void eachSampleNamesTheJarTheMavenBuildMakesForItWithAnExistingMainClass() throws Exception {
        Map<String, String> jars = samplesPom.bootJars();
        assertThat(jars.keySet()).as("classifiers of the executable jars in sample-operators/pom.xml")
                .containsExactlyInAnyOrder(Arrays.stream(Sample.values()).map(s -> s.id).toArray(String[]::new));
        assertThat(dockerfile.globalArgs).as("the global ARG choosing the sample").containsKey("SAMPLE");
        assertThat(jars).as("the default SAMPLE").containsKey(dockerfile.globalArgs.get("SAMPLE"));
        assertThat(dockerfile.globalArgs.get("SAMPLE")).isEqualTo("sample-controller");

        Instruction packaging = jarCopyInBuildStage();
        Matcher m = JAR_IN_BUILD.matcher(packaging.arguments());
        assertThat(m.find()).as("line %d names the packaged jar", packaging.line()).isTrue();
        for (Sample sample : Sample.values()) {
            String jar = DockerfileModel.substitute(m.group(1), Map.of("SAMPLE", sample.id));
            assertThat(jar).as("SAMPLE=%s", sample.id)
                    .isEqualTo("sample-operators/target/" + samplesPom.finalName() + "-" + sample.id + ".jar");
            assertThat(jars.get(sample.id)).as("main class of the %s jar", sample.id).isEqualTo(sample.mainClass);
            Class<?> main = Class.forName(sample.mainClass);
            Method method = main.getMethod("main", String[].class);
            assertThat(Modifier.isStatic(method.getModifiers())).as("%s.main is static", sample.mainClass).isTrue();
            assertThat(main.isAnnotationPresent(SpringBootApplication.class)).as("%s is a Spring Boot application", main).isTrue();
            assertThat(sample.deployDirectory()).as("manifests of %s", sample.id).isDirectory();
        }
        assertThat(packaging.keyword()).isEqualTo("RUN");
        for (Stage stage : dockerfile.stages) {
            boolean usesSample = stage.instructions().stream().anyMatch(i -> i.arguments().contains("${SAMPLE}"));
            if (usesSample) {
                assertThat(stage.all("ARG")).as("stage %s uses ${SAMPLE}: it must declare ARG SAMPLE to see the global one", stage.name())
                        .anyMatch(i -> i.arguments().strip().equals("SAMPLE"));
            }
        }
    }

    @Test
    void copiesFromOtherStagesNameEarlierStagesAndWhatTheyMake() {
        List<Copy> fromStages = dockerfile.copies().stream().filter(c -> c.from() != null).toList();
        assertThat(fromStages).isNotEmpty();
        for (Copy copy : fromStages) {
            Stage source = dockerfile.stage(copy.from()).orElseThrow(() -> new AssertionError(
                    "line " + copy.instruction().line() + ": COPY --from=" + copy.from() + " names no stage"));
            assertThat(source.index()).as("line %d: --from=%s is an earlier stage", copy.instruction().line(), copy.from())
                    .isLessThan(copy.stage().index());
        }
        // the layers stage copies the jar the build stage's RUN put there
        Matcher m = JAR_IN_BUILD.matcher(jarCopyInBuildStage().arguments());
        assertThat(m.find()).isTrue();
        String builtJar = m.group(2);
        Stage layers = layersStage();
        assertThat(dockerfile.copies()).filteredOn(c -> c.stage() == layers && buildStage().name().equals(c.from()))
                .singleElement().satisfies(c -> assertThat(c.sources()).containsExactly(builtJar));
        // the final stage copies exactly Spring Boot's layers, as extracted by the layers stage
        String workdir = layers.all("WORKDIR").get(0).arguments().strip();
        Instruction extract = layers.all("RUN").get(0);
        assertThat(extract.arguments()).contains("-Djarmode=tools", "extract", "--layers", "--destination extracted");
        List<String> finalSources = dockerfile.copies().stream()
                .filter(c -> c.stage() == dockerfile.finalStage())
                .flatMap(c -> c.sources().stream()).toList();
        assertThat(finalSources).containsExactlyElementsOf(BOOT_LAYERS.stream().map(l -> workdir + "/extracted/" + l + "/").toList());
        assertThat(dockerfile.copies()).filteredOn(c -> c.stage() == dockerfile.finalStage())
                .allSatisfy(c -> assertThat(c.from()).as("the final stage takes nothing from the build stage").isEqualTo(layers.name()));
    }

    @Test
    void theImageRunsTheJarOnAJreAsTheNonRootUserTheManifestsExpect() {
        Stage image = dockerfile.finalStage();
        assertThat(buildStage().base()).as("the build stage: Maven on a JDK").contains("maven").contains("temurin-17");
        assertThat(image.base()).as("the runtime: a JRE, no JDK").contains("jre").doesNotContain("jdk", "maven");
        assertThat(layersStage().base()).isEqualTo(image.base());
        for (Instruction instruction : image.instructions()) {
            assertThat(instruction.arguments()).as("line %d: no build tools in the final image", instruction.line())
                    .doesNotContain("mvn", "javac", "apt-get install", "gradle");
        }
        List<Instruction> users = image.all("USER");
        assertThat(users).hasSize(1);
        String user = users.get(0).arguments().strip();
        assertThat(user).as("a numeric user, so runAsNonRoot can verify it").matches("\\d+(:\\d+)?");
        String uid = user.split(":")[0];
        assertThat(uid).isNotEqualTo("0").isEqualTo("10001");
        assertThat(image.instructions().indexOf(users.get(0)))
                .as("USER comes after the last RUN, so nothing runs as root at start")
                .isGreaterThan(image.instructions().indexOf(image.all("RUN").get(image.all("RUN").size() - 1)));
        List<Instruction> entrypoints = image.all("ENTRYPOINT");
        assertThat(entrypoints).hasSize(1);
        assertThat(entrypoints.get(0).words()).as("exec form, so java is PID 1 and gets SIGTERM")
                .containsExactly("java", "-jar", "application.jar");
        assertThat(image.all("WORKDIR")).hasSize(1);
        for (Sample sample : Sample.values()) {
            JsonNode pod = sample.manifest("Deployment", sample.id).at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsUser").asString()).as("%s runAsUser", sample.id).isEqualTo(uid);
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            int port = pod.at("/containers/0/ports/0/containerPort").asInt();
            assertThat(image.all("EXPOSE")).singleElement().satisfies(e -> assertThat(e.arguments().strip()).isEqualTo(Integer.toString(port)));
        }
    }

    @Test
    void theParserRefusesWhatItDoesNotUnderstand() throws Exception {
        Path file = Files.createTempFile("Dockerfile", "");
        try {
            Files.writeString(file, "FROM a AS b\nCOPY --parents x y\n");
            DockerfileModel model = DockerfileModel.read(file);
            org.assertj.core.api.Assertions.assertThatThrownBy(model::copies).hasMessageContaining("COPY --parents");
            Files.writeString(file, "RUN echo before any FROM\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DockerfileModel.read(file))
                    .hasMessageContaining("only ARG may come before the first FROM");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void dockerignoreMatchesAsDockerDoes() throws Exception {
        Path file = Files.createTempFile("dockerignore", "");
        try {
            Files.writeString(file, "**/target\nbenchmarks\n!benchmarks/pom.xml\n*.md\n");
            DockerIgnore ignore = DockerIgnore.read(file);
            assertThat(ignore.excludes("framework-core/target/classes/A.class")).isTrue();
            assertThat(ignore.excludes("target")).isTrue();
            assertThat(ignore.excludes("framework-core/src/main/java/A.java")).isFalse();
            assertThat(ignore.excludes("benchmarks/src/Main.java")).isTrue();
            assertThat(ignore.excludes("benchmarks/pom.xml")).isFalse();
            assertThat(ignore.excludes("README.md")).isTrue();
            assertThat(ignore.excludes("docs/README.md")).as("* does not cross directories").isFalse();
        } finally {
            Files.delete(file);
        }
    }

    /** The dev.capstan modules {@code module} depends on, transitively (through their poms). */
    private List<String> modulesNeededBy(String module, List<String> reactor) {
        Set<String> needed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(module));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (!needed.add(next)) {
                continue;
            }
            assertThat(reactor).as("dev.capstan:%s is a module of the reactor", next).contains(next);
            todo.addAll(MavenPom.read(root.resolve(next).resolve("pom.xml")).dependencies("dev.capstan"));
        }
        return List.copyOf(needed);
    }

    private Stage buildStage() {
        return dockerfile.stage("build").orElseThrow(() -> new AssertionError("no stage named build"));
    }

    private Stage layersStage() {
        return dockerfile.stage("layers").orElseThrow(() -> new AssertionError("no stage named layers"));
    }

    private Instruction jarCopyInBuildStage() {
        return buildStage().all("RUN").stream().filter(i -> JAR_IN_BUILD.matcher(i.arguments()).find()).findFirst()
                .orElseThrow(() -> new AssertionError("no RUN in the build stage copies a jar out of sample-operators/target"));
    }
}
