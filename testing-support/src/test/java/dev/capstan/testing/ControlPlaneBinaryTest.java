package dev.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

class ControlPlaneBinaryTest {

    @Test
    void jarCarriesEverySourceFileOfTheGoModule() throws IOException {
        Path module = Path.of("controlplane");
        try (Stream<Path> files = Files.list(module)) {
            assertThat(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".go") || n.equals("go.mod") || n.equals("go.sum") || n.equals("build.sh")
                            || n.equals("KUBERNETES_VERSION")))
                    .containsExactlyInAnyOrderElementsOf(ControlPlaneBinary.SOURCES);
        }
        for (String name : ControlPlaneBinary.SOURCES) {
            assertThat(ControlPlaneBinary.class.getResource("/dev/capstan/testing/controlplane/" + name)).as(name).isNotNull();
        }
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void explicitBinaryThatIsNotExecutableIsNamed(@TempDir Path dir) throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("capstan-controlplane"), "");
        System.setProperty("capstan.controlplane.binary", notExecutable.toString());
        try {
            assertThatThrownBy(ControlPlaneBinary::locate)
                    .isInstanceOf(ControlPlaneException.class)
                    .hasMessageContaining(notExecutable + ", which is not an executable file");
        } finally {
            System.clearProperty("capstan.controlplane.binary");
        }
    }

    @Test
    @ResourceLock(Resources.SYSTEM_PROPERTIES)
    void extractedSourcesAreContentAddressedAndReused(@TempDir Path dir) throws IOException {
        System.setProperty("capstan.cache.dir", dir.toString());
        try {
            Path first = ControlPlaneBinary.extractSources();
            Path second = ControlPlaneBinary.extractSources();
            assertThat(second).isEqualTo(first);
            assertThat(first).startsWith(dir.resolve("controlplane/src"));
            assertThat(Files.isExecutable(first.resolve("build.sh"))).isTrue();
            assertThat(Files.readString(first.resolve("go.mod"))).isEqualTo(Files.readString(Path.of("controlplane/go.mod")));
        } finally {
            System.clearProperty("capstan.cache.dir");
        }
    }
}
