package dev.capstan.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds or builds the {@code capstan-controlplane} executable (etcd, kube-apiserver and
 * kube-controller-manager in one binary, built from Go modules).
 *
 * <p>In order:
 * <ol>
 *   <li>{@code capstan.controlplane.binary} (system property) or
 *       {@code CAPSTAN_CONTROLPLANE_BINARY} (environment): that file, which must be
 *       executable;</li>
 *   <li>otherwise the Go sources shipped inside this jar are extracted under the cache
 *       directory and built by their {@code build.sh}, which needs Go on the {@code PATH} and
 *       caches the binary by a hash of its sources ({@code ~/.cache/capstan/controlplane/}, or
 *       {@code CAPSTAN_CACHE_DIR}). The first build takes several minutes and prints progress
 *       on standard error; later ones return at once.</li>
 * </ol>
 * The build is bounded by {@code capstan.controlplane.build-timeout} (an ISO-8601 duration,
 * default {@code PT45M}); past it the build is killed and an exception says so.
 */
public final class ControlPlaneBinary {
    /** The files of the Go module, as packaged under {@code dev/capstan/testing/controlplane/}. */
    static final List<String> SOURCES = List.of(
            "go.mod", "go.sum", "main.go", "pki.go", "watchdog.go", "build.sh", "KUBERNETES_VERSION");
    private static final String RESOURCE_DIR = "/dev/capstan/testing/controlplane/";

    private ControlPlaneBinary() {}

    /** Returns the path of a runnable binary, building it first if needed. */
    public static Path locate() {
        String explicit = Settings.get("capstan.controlplane.binary", "CAPSTAN_CONTROLPLANE_BINARY");
        if (explicit != null) {
            Path path = Path.of(explicit);
            if (!Files.isExecutable(path)) {
                throw new ControlPlaneException("capstan.controlplane.binary / CAPSTAN_CONTROLPLANE_BINARY names " + path
                        + ", which is not an executable file; unset it to build the control plane from source");
            }
            return path;
        }
        Duration timeout = Duration.parse(Settings.getOrDefault(
                "capstan.controlplane.build-timeout", "CAPSTAN_CONTROLPLANE_BUILD_TIMEOUT", "PT45M"));
        return build(extractSources(), timeout);
    }

    /** The cache root: {@code CAPSTAN_CACHE_DIR}, else {@code $XDG_CACHE_HOME/capstan}, else {@code ~/.cache/capstan}. */
    static Path cacheRoot() {
        String explicit = Settings.get("capstan.cache.dir", "CAPSTAN_CACHE_DIR");
        if (explicit != null) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("capstan");
    }

    /** Copies the packaged Go module into a content-addressed folder under the cache root. */
    static Path extractSources() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : SOURCES) {
            try (InputStream in = ControlPlaneBinary.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new ControlPlaneException("testing-support is missing its control-plane source " + RESOURCE_DIR + name
                            + "; the jar is incomplete (rebuild testing-support)");
                }
                byte[] bytes = in.readAllBytes();
                files.put(name, bytes);
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path dir = cacheRoot().resolve("controlplane").resolve("src")
                .resolve(HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        Path complete = dir.resolve(".complete");
        if (Files.exists(complete)) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(dir.resolve(file.getKey()), file.getValue());
            }
            dir.resolve("build.sh").toFile().setExecutable(true);
            Files.writeString(complete, "");
        } catch (IOException e) {
            throw new ControlPlaneException("could not extract the control-plane sources to " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** Runs {@code build.sh} in {@code sourceDir}; its progress goes to standard error. */
    static Path build(Path sourceDir, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder("bash", sourceDir.resolve("build.sh").toString())
                    .directory(sourceDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new ControlPlaneException("could not run bash to build the control plane: " + e.getMessage(), e);
        }
        Deque<String> lastErrors = new ArrayDeque<>();
        Thread errors = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    System.err.println(line);
                    synchronized (lastErrors) {
                        lastErrors.addLast(line);
                        if (lastErrors.size() > 30) {
                            lastErrors.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "capstan-controlplane-build-stderr");
        errors.setDaemon(true);
        errors.start();
        String stdout;
        try {
            byte[] out = process.getInputStream().readAllBytes();
            stdout = new String(out, StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ControlPlaneException("building the control plane took longer than " + timeout
                        + " and was stopped; run " + sourceDir.resolve("build.sh") + " by hand to see where it hangs, "
                        + "or raise capstan.controlplane.build-timeout");
            }
            errors.join(5_000);
        } catch (IOException e) {
            throw new ControlPlaneException("lost the output of the control-plane build: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ControlPlaneException("interrupted while building the control plane", e);
        }
        if (process.exitValue() != 0) {
            String tail;
            synchronized (lastErrors) {
                tail = String.join("\n    ", lastErrors);
            }
            throw new ControlPlaneException("building the local control plane failed (exit " + process.exitValue()
                    + "). Its last messages:\n    " + tail);
        }
        String[] lines = stdout.strip().split("\n");
        Path binary = Path.of(lines[lines.length - 1].strip());
        if (!Files.isExecutable(binary)) {
            throw new ControlPlaneException("the control-plane build reported " + binary + ", which is not an executable file");
        }
        return binary;
    }
}
