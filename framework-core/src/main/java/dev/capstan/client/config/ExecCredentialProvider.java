package dev.capstan.client.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs an exec credential plugin and caches what it prints until it expires.
 *
 * <h2>Protocol</h2> The plugin runs with {@code KUBERNETES_EXEC_INFO} set to an
 * {@code ExecCredential} whose {@code spec} says {@code interactive: false} and, when asked for,
 * carries the cluster. It must exit 0 and print one {@code ExecCredential} of the same apiVersion
 * whose {@code status} has a {@code token}, or a {@code clientCertificateData} and
 * {@code clientKeyData} pair (PEM text), and optionally an {@code expirationTimestamp}
 * (RFC 3339). With both a token and a certificate, the certificate is used, as the API server
 * would authenticate it first.
 *
 * <h2>Caching</h2> The credential is reused until {@code expirationTimestamp}, or forever if there
 * is none, unless {@link #invalidate()} was called (after a 401): then the next {@link #current()}
 * runs the plugin again. Reading a valid cached credential takes no lock. Runs are serialized;
 * callers arriving during a run wait for it and share its result. Invalidation never blocks.
 *
 * <h2>Implementation notes</h2> Standard output and standard error are drained by two daemon
 * threads so a chatty plugin never blocks on a full pipe; the caller waits at most
 * {@link ExecPlugin#timeout()} for the process, then kills it and its descendants. Standard output
 * holds the credential, so it appears in no message and no log; error messages quote only the
 * first lines of standard error, where plugins explain their failures.
 */
final class ExecCredentialProvider implements CredentialProvider {

    /** What {@code KUBERNETES_EXEC_INFO.spec.cluster} is made from. */
    record ClusterInfo(URI server, TlsSettings tls, @Nullable URI proxy, @Nullable JsonNode extension) {}

    private static final System.Logger LOG = System.getLogger(ExecCredentialProvider.class.getName());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_STDOUT = 1 << 20;
    private static final int MAX_STDERR = 64 << 10;
    private static final int STDERR_LINES = 5;
    private static final int STDERR_LINE_LENGTH = 300;

    private final ExecPlugin plugin;
    /** For messages: "exec plugin 'aws' of user 'dev' in /home/u/.kube/config". */
    private final String what;
    private final @Nullable ClusterInfo cluster;
    private final Clock clock;

    /**
     * The last credential printed and its expiry, or null before the first run and after an
     * invalidation. Read without locking on every request; written by a run (under
     * {@link #running}) and cleared by invalidation (never blocks, so a transport may invalidate
     * from an event-loop thread).
     */
    private final AtomicReference<@Nullable Result> cached = new AtomicReference<>();
    /** Held while the plugin runs, so concurrent callers share one run. */
    private final ReentrantLock running = new ReentrantLock();

    ExecCredentialProvider(ExecPlugin plugin, String owner, @Nullable ClusterInfo cluster, Clock clock) {
        this.plugin = plugin;
        this.what = "exec plugin '" + plugin.command() + "' of " + owner;
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    public Credentials current() {
        Result result = cached.get();
        if (isValid(result)) {
            return result.credentials();
        }
        running.lock();
        try {
            result = cached.get();
            if (isValid(result)) {
                return result.credentials(); // another caller ran the plugin while this one waited
            }
            result = run();
            cached.set(result);
            return result.credentials();
        } finally {
            running.unlock();
        }
    }

    private boolean isValid(@Nullable Result result) {
        return result != null && (result.expiry() == null || clock.instant().isBefore(result.expiry()));
    }

    @Override
    public void invalidate() {
        cached.set(null);
    }

    @Override
    public void invalidate(Credentials rejected) {
        Result result = cached.get();
        if (result != null && result.credentials().equals(rejected)) {
            cached.compareAndSet(result, null);
        }
    }

    @Override
    public String toString() {
        return what;
    }

    private record Result(Credentials credentials, @Nullable Instant expiry) {}

    private Result run() {
        List<String> command = new ArrayList<>(plugin.args().size() + 1);
        command.add(plugin.command());
        command.addAll(plugin.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(plugin.env());
        builder.environment().put("KUBERNETES_EXEC_INFO", execInfo());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw notStarted(e);
        }
        long deadline = System.nanoTime() + plugin.timeout().toNanos();
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The plugin may already have exited; it gets no input either way.
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream(), MAX_STDOUT, "stdout");
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream(), MAX_STDERR, "stderr");
        try {
            if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new ClientConfigException(what + " did not finish within " + plugin.timeout().toSeconds()
                        + " s and was stopped; check that it does not wait for input, or allow it longer (exec timeout)");
            }
            long grace = Math.max(deadline - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            byte[] err = stderr.get(grace, TimeUnit.NANOSECONDS);
            if (process.exitValue() != 0) {
                throw new ClientConfigException(what + " failed with exit code " + process.exitValue() + describeStderr(err));
            }
            byte[] out = stdout.get(grace, TimeUnit.NANOSECONDS);
            if (err.length > 0 && LOG.isLoggable(Level.DEBUG)) {
                LOG.log(Level.DEBUG, "{0} succeeded and wrote to standard error:{1}", what, describeStderr(err));
            }
            return parse(out);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new ClientConfigException("interrupted while waiting for " + what);
        } catch (TimeoutException e) {
            kill(process);
            throw new ClientConfigException(what + " exited but a process it started kept its output open");
        } catch (ExecutionException e) {
            kill(process);
            throw new ClientConfigException("cannot read the output of " + what, e.getCause());
        }
    }

    private ClientConfigException notStarted(IOException e) {
        String reason = String.valueOf(e.getMessage());
        String hint = plugin.installHint() == null ? "" : "\n" + plugin.installHint().strip();
        if (reason.contains("error=2,")) {
            String where = plugin.command().contains("/") || plugin.command().contains(java.io.File.separator)
                    ? "the file does not exist" : "no such command on PATH";
            return new ClientConfigException(what + " cannot run: " + where + hint);
        }
        if (reason.contains("error=13,")) {
            return new ClientConfigException(what + " cannot run: permission denied (is it executable?)" + hint);
        }
        return new ClientConfigException(what + " cannot run" + hint, e);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Reads a stream to its end on a daemon thread, keeping at most {@code limit} bytes (marking overflow). */
    private static CompletableFuture<byte[]> drain(InputStream stream, int limit, String name) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean overflow = false;
            try (stream) {
                for (int n; (n = stream.read(buffer)) >= 0; ) {
                    int room = limit - kept.size();
                    kept.write(buffer, 0, Math.min(n, room));
                    overflow |= n > room;
                }
                result.complete(overflow ? null : kept.toByteArray());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "capstan-exec-plugin-" + name);
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    private static String describeStderr(byte @Nullable [] stderr) {
        if (stderr == null) {
            return "; it wrote more than " + (MAX_STDERR >> 10) + " KiB to standard error";
        }
        List<String> lines = new ArrayList<>();
        for (String line : new String(stderr, StandardCharsets.UTF_8).split("\r?\n")) {
            if (!line.isBlank() && lines.size() < STDERR_LINES) {
                lines.add(line.length() > STDERR_LINE_LENGTH ? line.substring(0, STDERR_LINE_LENGTH) + "…" : line);
            }
        }
        return lines.isEmpty() ? "; standard error was empty" : "; standard error begins:\n  " + String.join("\n  ", lines);
    }

    private String execInfo() {
        ObjectNode info = JSON.createObjectNode();
        info.put("apiVersion", plugin.apiVersion());
        info.put("kind", "ExecCredential");
        ObjectNode spec = info.putObject("spec");
        spec.put("interactive", false);
        if (plugin.provideClusterInfo() && cluster != null) {
            ObjectNode node = spec.putObject("cluster");
            node.put("server", cluster.server().toString());
            if (cluster.tls().serverName() != null) {
                node.put("tls-server-name", cluster.tls().serverName());
            }
            if (cluster.tls().insecureSkipTlsVerify()) {
                node.put("insecure-skip-tls-verify", true);
            }
            if (cluster.tls().certificateAuthorityPem() != null) {
                node.put("certificate-authority-data",
                        Base64.getEncoder().encodeToString(cluster.tls().certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII)));
            }
            if (cluster.proxy() != null) {
                node.put("proxy-url", cluster.proxy().toString());
            }
            if (cluster.extension() != null) {
                node.set("config", cluster.extension());
            }
        }
        return JSON.writeValueAsString(info);
    }

    private Result parse(byte @Nullable [] stdout) {
        if (stdout == null) {
            throw new ClientConfigException(what + " printed more than " + (MAX_STDOUT >> 20) + " MiB; an ExecCredential is a few KiB");
        }
        if (new String(stdout, StandardCharsets.UTF_8).isBlank()) {
            throw new ClientConfigException(what + " exited 0 but printed nothing; it must print an ExecCredential as JSON");
        }
        JsonNode root;
        try {
            root = JSON.readTree(stdout);
        } catch (JacksonException e) {
            // The parser's message quotes the output, which may hold a token: report the position only.
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new ClientConfigException(what + " printed something that is not JSON" + at + "; it must print an ExecCredential");
        }
        if (root == null || !root.isObject()) {
            throw new ClientConfigException(what + " printed JSON that is not an object; it must print an ExecCredential");
        }
        String kind = text(root.path("kind"));
        if (!kind.equals("ExecCredential")) {
            throw new ClientConfigException(what + " printed a " + printable(kind, "kind") + " object; it must print kind ExecCredential");
        }
        String apiVersion = text(root.path("apiVersion"));
        if (!apiVersion.equals(plugin.apiVersion())) {
            throw new ClientConfigException(what + " printed apiVersion " + printable(apiVersion, "apiVersion") + " but was configured for "
                    + plugin.apiVersion() + "; set the exec apiVersion the plugin speaks");
        }
        JsonNode status = root.path("status");
        if (!status.isObject()) {
            throw new ClientConfigException(what + " printed an ExecCredential without a status");
        }
        Instant expires = null;
        String timestamp = text(status.path("expirationTimestamp"));
        if (!timestamp.isEmpty()) {
            try {
                expires = OffsetDateTime.parse(timestamp).toInstant();
            } catch (DateTimeParseException e) {
                throw new ClientConfigException(what + " printed a status.expirationTimestamp that is not an RFC 3339 time");
            }
        }
        String token = text(status.path("token"));
        String certificate = text(status.path("clientCertificateData"));
        String key = text(status.path("clientKeyData"));
        if (certificate.isEmpty() != key.isEmpty()) {
            throw new ClientConfigException(what + " printed only one of status.clientCertificateData and status.clientKeyData; both are needed");
        }
        Credentials credentials;
        if (!certificate.isEmpty()) {
            credentials = PrivateKeys.clientCertificate(certificate, "status.clientCertificateData printed by " + what,
                    key, "status.clientKeyData printed by " + what);
        } else if (!token.isBlank()) {
            credentials = new Credentials.BearerToken(token.strip());
        } else {
            throw new ClientConfigException(what + " printed an ExecCredential whose status has neither a token nor a"
                    + " clientCertificateData and clientKeyData pair");
        }
        LOG.log(Level.DEBUG, "{0} returned {1}, {2}", what, credentials instanceof Credentials.BearerToken ? "a token" : "a client certificate",
                expires == null ? "without expiry" : "valid until " + expires);
        return new Result(credentials, expires);
    }

    /** The text of a scalar node; "" for a missing, null or container node. */
    static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asString() : "";
    }

    /** A short identifier-like value may be quoted; anything else is only described. */
    private static String printable(String value, String field) {
        if (value.isEmpty()) {
            return "no " + field;
        }
        return value.length() <= 80 && value.matches("[A-Za-z0-9./_-]+") ? "'" + value + "'" : "an unexpected " + field;
    }
}
