package dev.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control-plane build script's failure modes: each ends at once with one message saying
 * what happened and what to do.
 */
class BuildScriptIT {
    private static final Path SCRIPT = Path.of("controlplane/build.sh").toAbsolutePath();

    @TempDir
    Path cache;

    record Result(int exit, String stdout, String stderr) {}

    @Test
    void missingGoIsNamedWithTheVersionToInstall() throws Exception {
        // A PATH with only what the script needs before its Go check, wherever Go is installed.
        Path bin = Files.createDirectories(cache.resolve("no-go-bin"));
        for (String tool : new String[] {"dirname", "sed"}) {
            Path wrapper = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexec " + which(tool) + " \"$@\"\n");
            wrapper.toFile().setExecutable(true);
        }
        Result result = run(Map.of("PATH", bin.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("Go is not installed or not on PATH. Install Go 1.");
    }

    @Test
    void tooOldGoIsNamedWithBothVersions() throws Exception {
        Path bin = Files.createDirectories(cache.resolve("fake-bin"));
        Path go = Files.writeString(bin.resolve("go"), "#!/bin/sh\nif [ \"$1 $2\" = \"env GOVERSION\" ]; then echo go1.20.1; exit 0; fi\nexit 1\n");
        go.toFile().setExecutable(true);
        Result result = run(Map.of("PATH", bin + ":/usr/bin:/bin"));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("Go 1.20.1 is too old: go.mod of the control plane needs Go 1.");
    }

    @Test
    void failedModuleDownloadSaysToCheckTheProxy() throws Exception {
        Result result = run(Map.of("GOMODCACHE", Files.createDirectories(cache.resolve("empty-modcache")).toString(),
                "GOPROXY", "off", "GOFLAGS", "-mod=mod"));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("downloading Go modules failed").contains("go env GOPROXY");
    }

    @Test
    void brokenCachedBinaryIsRebuiltAndThenReused() throws Exception {
        Result first = run(Map.of());
        assertThat(first.exit()).as(first.stderr()).isZero();
        Path binary = Path.of(first.stdout().strip());
        assertThat(binary).startsWith(cache);

        Files.writeString(binary, "#!/bin/sh\nexit 1\n");
        Result second = run(Map.of());
        assertThat(second.exit()).as(second.stderr()).isZero();
        assertThat(second.stderr()).contains("is broken");
        assertThat(Path.of(second.stdout().strip())).isEqualTo(binary);
        assertThat(version(binary)).startsWith("v1.");

        Result third = run(Map.of());
        assertThat(third.stderr()).contains("cached");
    }

    private Result run(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString());
        builder.environment().put("CAPSTAN_CACHE_DIR", cache.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String stdout = read(process.getInputStream());
        assertThat(process.waitFor(20, TimeUnit.MINUTES)).as("build.sh finishes").isTrue();
        return new Result(process.exitValue(), stdout, stderr.join());
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " is not on PATH");
    }

    private static String version(Path binary) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(binary.toString(), "version").start();
        String out = read(process.getInputStream());
        process.waitFor(30, TimeUnit.SECONDS);
        return out.strip();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
