package dev.capstan.client.config;

import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What configuration discovery reads from the process: environment variables, the home
 * directory and the service-account directory. Injected so tests can play every case without
 * touching the real environment.
 *
 * @param variables looks up an environment variable; may return null
 * @param home the user's home directory ({@code $HOME}, else {@code user.home})
 * @param serviceAccountDirectory where a pod's token, {@code ca.crt} and {@code namespace} are
 *     mounted
 */
record Environment(Function<String, @Nullable String> variables, Path home, Path serviceAccountDirectory) {

    /** Where Kubernetes mounts a pod's service-account credentials. */
    static final Path SERVICE_ACCOUNT_DIRECTORY = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    static Environment system() {
        String home = System.getenv("HOME");
        return new Environment(System::getenv, Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home),
                SERVICE_ACCOUNT_DIRECTORY);
    }

    /** The variable's value, or null when it is unset or blank. */
    @Nullable String get(String name) {
        String value = variables.apply(name);
        return value == null || value.isBlank() ? null : value;
    }

    Path defaultKubeconfig() {
        return home.resolve(".kube").resolve("config");
    }
}
