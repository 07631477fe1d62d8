package dev.capstan.samples.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.samples.deploy.DockerfileModel.Copy;
import dev.capstan.samples.deploy.DockerfileModel.Instruction;
import dev.capstan.samples.deploy.DockerfileModel.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfile's build stage without Docker: a directory filled by exactly its {@code COPY}
 * instructions (with .dockerignore applied, as the build context would be), then its
 * {@code RUN} in a shell with {@code SAMPLE} set — offline ({@code mvn -o}: the enclosing build
 * has just resolved every plugin and dependency) and with the stage's {@code WORKDIR} mapped to
 * that directory. Proves the copied files are enough to build the jar the next stage copies.
 * Needs {@code mvn} on the PATH, as the build itself does.
 */
class DockerBuildStageIT {

    @Test
    void theBuildStageMakesTheSamplesJarFromExactlyWhatItCopies(@TempDir Path root) throws Exception {
        DockerfileModel dockerfile = DockerfileModel.read(Repository.root().resolve("Dockerfile"));
        DockerIgnore ignore = DockerIgnore.read(Repository.root().resolve(".dockerignore"));
        Stage build = dockerfile.stage("build").orElseThrow();
        String workdirInImage = build.all("WORKDIR").get(0).arguments().strip();
        Path workdir = root.resolve(workdirInImage.replaceAll("^/+", ""));
        Files.createDirectories(workdir);
        for (Copy copy : dockerfile.copies()) {
            if (copy.stage() != build) {
                continue;
            }
            assertThat(copy.from()).as("the build stage copies only from the context").isNull();
            for (String source : copy.sources()) {
                copyFromContext(source, workdir.resolve(copy.destination()), ignore);
            }
        }
        String sample = dockerfile.globalArgs.get("SAMPLE");
        for (Instruction run : build.all("RUN")) {
            String command = run.arguments().replace(workdirInImage + "/", workdir + "/").replaceFirst("\\bmvn ", "mvn -o ");
            Path log = root.resolve("build-stage.log");
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(workdir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("SAMPLE", sample);
            Process process = builder.start();
            boolean finished = process.waitFor(15, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            assertThat(finished).as("RUN at line %d finished", run.line()).isTrue();
            assertThat(process.exitValue()).as("RUN at line %d: %s%n%s", run.line(), command,
                    Files.readString(log, StandardCharsets.UTF_8)).isZero();
        }
        Path jar = workdir.resolve("application.jar");
        assertThat(jar).as("the jar the layers stage copies").isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Start-Class")).isEqualTo(Sample.byId(sample).mainClass);
        }
        for (Sample each : Sample.values()) {
            assertThat(workdir.resolve("sample-operators/target/sample-operators-" + each.id + ".jar"))
                    .as("SAMPLE=%s would find its jar", each.id).isRegularFile();
        }
    }

    /** COPY of a context path: a directory's contents onto the destination directory, a file into it; ignored paths skipped. */
    private static void copyFromContext(String source, Path destination, DockerIgnore ignore) throws IOException {
        Path context = Repository.root();
        Path from = context.resolve(source);
        if (Files.isRegularFile(from)) {
            Files.createDirectories(destination);
            Files.copy(from, destination.resolve(from.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                String relative = context.relativize(path).toString().replace('\\', '/');
                if (ignore.excludes(relative)) {
                    continue;
                }
                Path target = destination.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
