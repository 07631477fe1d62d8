package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Test fixtures: the PEM files in src/test/resources/client-config, kubeconfigs and plugin scripts. */
final class Fixtures {

    private Fixtures() {}

    /** The directory of the PEM fixtures (target/test-classes/client-config). */
    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/client-config/ca.crt").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path path(String name) {
        return dir().resolve(name);
    }

    static String text(String name) {
        try {
            return Files.readString(path(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Base64 of a fixture, as kubeconfig *-data fields hold it. */
    static String base64(String name) {
        return Base64.getEncoder().encodeToString(text(name).getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An executable {@code #!/bin/sh} script. */
    static Path script(Path file, String body) {
        write(file, "#!/bin/sh\n" + body);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** How many lines a plugin script has appended to its counter file. */
    static int invocations(Path counter) {
        try {
            return Files.exists(counter) ? Files.readAllLines(counter).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An environment with only the given variables, and home and service-account directories under {@code root}. */
    static Environment environment(Path root, String... keyValues) {
        Map<String, String> variables = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            variables.put(keyValues[i], keyValues[i + 1]);
        }
        return new Environment(variables::get, root.resolve("home"), root.resolve("serviceaccount"));
    }

    /** Asserts that no secret appears in the message or string form of {@code error} or its causes. */
    static void assertNoSecrets(Throwable error, String... secrets) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                assertThat(t.toString()).doesNotContain(secret);
            }
        }
    }
}
