package dev.capstan.client.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which kubeconfig files to read and which context to use; for
 * {@link ClientConfig#fromKubeconfig(KubeconfigOptions)}.
 *
 * <pre>{@code
 * ClientConfig.fromKubeconfig(KubeconfigOptions.defaults());                       // like kubectl
 * ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withContext("prod"));  // like kubectl --context prod
 * ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withFiles(Path.of("ci.yaml")));  // like --kubeconfig
 * }</pre>
 *
 * @param files the files to merge, in precedence order; empty (the default) means the files named
 *     by {@code KUBECONFIG}, else {@code ~/.kube/config}. Every file given here must exist, whereas
 *     missing {@code KUBECONFIG} entries are skipped as kubectl skips them.
 * @param context the context to use; null (the default) for the merged {@code current-context}
 * @param execTimeout how long an exec credential plugin may run; default
 *     {@link ExecPlugin#DEFAULT_TIMEOUT} (30 s)
 */
public record KubeconfigOptions(List<Path> files, @Nullable String context, Duration execTimeout) {

    public KubeconfigOptions {
        files = List.copyOf(files);
        if (context != null && context.isBlank()) {
            context = null;
        }
        Objects.requireNonNull(execTimeout, "execTimeout");
        if (execTimeout.isNegative() || execTimeout.isZero()) {
            throw new IllegalArgumentException("execTimeout must be positive");
        }
    }

    /** {@code KUBECONFIG} or {@code ~/.kube/config}, the current context, a 30 s exec timeout. */
    public static KubeconfigOptions defaults() {
        return new KubeconfigOptions(List.of(), null, ExecPlugin.DEFAULT_TIMEOUT);
    }

    /** Reads exactly these files, merged in this order, instead of {@code KUBECONFIG}. */
    public KubeconfigOptions withFiles(Path... files) {
        return withFiles(List.of(files));
    }

    /** Reads exactly these files, merged in this order, instead of {@code KUBECONFIG}. */
    public KubeconfigOptions withFiles(List<Path> files) {
        return new KubeconfigOptions(files, context, execTimeout);
    }

    /** Uses this context instead of {@code current-context}. */
    public KubeconfigOptions withContext(@Nullable String context) {
        return new KubeconfigOptions(files, context, execTimeout);
    }

    public KubeconfigOptions withExecTimeout(Duration execTimeout) {
        return new KubeconfigOptions(files, context, execTimeout);
    }
}
