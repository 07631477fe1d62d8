package dev.capstan.samples.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the sample-operators module are, from the test's working directory. */
final class Repository {
    private Repository() {}

    /** The sample-operators module (Maven runs tests in the module's directory). */
    static Path module() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("sample-operators/pom.xml"))) {
                return dir.resolve("sample-operators");
            }
            if (dir.getFileName() != null && dir.getFileName().toString().equals("sample-operators")
                    && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("cannot find the sample-operators module from " + here);
    }

    /** The repository's root: the Docker build context. */
    static Path root() {
        return module().getParent();
    }
}
