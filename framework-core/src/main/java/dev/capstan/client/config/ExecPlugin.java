package dev.capstan.client.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An exec credential plugin: a program that prints a {@code client.authentication.k8s.io}
 * {@code ExecCredential} holding a token or a client certificate (for example
 * {@code aws eks get-token}, {@code gke-gcloud-auth-plugin}, {@code kubelogin}). This is the
 * {@code exec} block of a kubeconfig user; pass one to {@link ClientConfig.Builder#exec} to
 * configure a plugin in code.
 *
 * <p>The plugin inherits the JVM's environment plus {@link #env}, and receives
 * {@code KUBERNETES_EXEC_INFO}. It never gets a terminal: its standard input is closed, and a
 * plugin that needs a person to answer a prompt must be set up beforehand (a cached login).
 *
 * @param command the program; looked up on {@code PATH} unless it contains a path separator
 * @param args its arguments
 * @param env extra environment variables, in order; values are treated as secrets and never
 *     printed
 * @param apiVersion {@link #V1} (default) or {@link #V1BETA1}; the plugin must answer with the same
 * @param installHint shown when the command cannot be found, to tell the user how to install it
 * @param provideClusterInfo whether {@code KUBERNETES_EXEC_INFO} carries the cluster (server,
 *     CA, TLS server name, proxy and the kubeconfig's {@code client.authentication.k8s.io/exec}
 *     cluster extension)
 * @param timeout how long the plugin may run before it is killed and the request fails; default
 *     {@link #DEFAULT_TIMEOUT}
 */
public record ExecPlugin(String command, List<String> args, Map<String, String> env, String apiVersion,
        @Nullable String installHint, boolean provideClusterInfo, Duration timeout) {

    public static final String V1 = "client.authentication.k8s.io/v1";
    public static final String V1BETA1 = "client.authentication.k8s.io/v1beta1";
    /** Thirty seconds: token plugins answer in a few; anything slower is stuck. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public ExecPlugin {
        Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("an exec plugin needs a command");
        }
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(env, "env")));
        env.forEach((name, value) -> {
            if (name == null || name.isEmpty() || value == null) {
                throw new IllegalArgumentException("exec plugin environment variables need a name and a value");
            }
        });
        Objects.requireNonNull(apiVersion, "apiVersion");
        if (!apiVersion.equals(V1) && !apiVersion.equals(V1BETA1)) {
            throw new IllegalArgumentException("exec plugin apiVersion must be " + V1 + " or " + V1BETA1 + ", not " + apiVersion);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("exec plugin timeout must be positive");
        }
    }

    /** A {@link #V1} plugin with no extra environment and the default timeout. */
    public static ExecPlugin of(String command, String... args) {
        return new ExecPlugin(command, List.of(args), Map.of(), V1, null, false, DEFAULT_TIMEOUT);
    }

    public ExecPlugin withArgs(List<String> args) {
        return new ExecPlugin(command, args, env, apiVersion, installHint, provideClusterInfo, timeout);
    }

    public ExecPlugin withEnv(Map<String, String> env) {
        return new ExecPlugin(command, args, env, apiVersion, installHint, provideClusterInfo, timeout);
    }

    public ExecPlugin withApiVersion(String apiVersion) {
        return new ExecPlugin(command, args, env, apiVersion, installHint, provideClusterInfo, timeout);
    }

    public ExecPlugin withInstallHint(@Nullable String installHint) {
        return new ExecPlugin(command, args, env, apiVersion, installHint, provideClusterInfo, timeout);
    }

    public ExecPlugin withProvideClusterInfo(boolean provideClusterInfo) {
        return new ExecPlugin(command, args, env, apiVersion, installHint, provideClusterInfo, timeout);
    }

    public ExecPlugin withTimeout(Duration timeout) {
        return new ExecPlugin(command, args, env, apiVersion, installHint, provideClusterInfo, timeout);
    }

    /** Names the environment variables but never prints their values or the arguments. */
    @Override
    public String toString() {
        return "ExecPlugin[command=" + command + ", args=<" + args.size() + ">, env=" + env.keySet() + ", apiVersion=" + apiVersion
                + ", provideClusterInfo=" + provideClusterInfo + ", timeout=" + timeout + "]";
    }
}
