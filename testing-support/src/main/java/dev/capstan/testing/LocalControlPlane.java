package dev.capstan.testing;

import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import reactor.netty.http.client.HttpClient;

/**
 * A real Kubernetes control plane on the loopback interface: etcd, kube-apiserver and
 * kube-controller-manager of the release pinned in {@code testing-support/controlplane},
 * each its own process, built from Go modules (no Docker engine, no downloaded binaries).
 *
 * <pre>{@code
 * try (LocalControlPlane cluster = LocalControlPlane.builder().build().start()) {
 *     HttpClient http = cluster.httpClient();   // admin client certificate, CA trusted
 *     Path kubeconfig = cluster.kubeconfig();   // for kubectl
 * }
 * }</pre>
 *
 * <h2>What runs</h2>
 * <ul>
 *   <li>etcd with {@code --unsafe-no-fsync} in a temporary data directory;</li>
 *   <li>kube-apiserver with RBAC authorization, client-certificate authentication (the admin
 *       certificate is in group {@code system:masters}), service-account token signing, and
 *       the {@code ServiceAccount} admission plugin disabled;</li>
 *   <li>kube-controller-manager with {@link #DEFAULT_CONTROLLERS} (garbage collection,
 *       namespace deletion, default ServiceAccounts, Deployments and ReplicaSets, …), so
 *       owner-reference cascades and namespace deletion really happen. No kubelet and no
 *       scheduler: Pods are stored but never run.</li>
 * </ul>
 * Readiness means: {@code /readyz} answers 200 to the admin certificate, the {@code default}
 * namespace exists, and (with the controller manager) its {@code default} ServiceAccount
 * exists. Startup that does not reach it within {@link Builder#startTimeout} fails with the
 * tail of each process's log.
 *
 * <h2>Lifecycle</h2> {@link #start()} blocks until ready. {@link #close()} stops the three
 * processes and deletes the work directory. A JVM shutdown hook closes it too, and each
 * process exits by itself when the JVM dies (even by SIGKILL), so none is left behind.
 * Fault tests can {@link #restartApiServer()} (etcd keeps its data), and
 * {@link #pauseEtcd()}/{@link #resumeEtcd()}.
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use; lifecycle methods are
 * serialized on this instance.
 */
public final class LocalControlPlane implements AutoCloseable {

    /** The processes of the control plane. */
    public enum Component {
        ETCD("etcd"),
        KUBE_APISERVER("kube-apiserver"),
        KUBE_CONTROLLER_MANAGER("kube-controller-manager");

        private final String command;

        Component(String command) {
            this.command = command;
        }

        /** The subcommand of the multi-call binary, also the process's name in messages. */
        public String command() {
            return command;
        }
    }

    /**
     * The kube-controller-manager controllers started by default: those whose absence tests
     * notice (garbage collection, namespace deletion, ServiceAccounts and their CA bundle,
     * workload controllers that create objects), and none that needs nodes or a cloud.
     */
    public static final List<String> DEFAULT_CONTROLLERS = List.of(
            "garbage-collector-controller",
            "namespace-controller",
            "serviceaccount-controller",
            "serviceaccount-token-controller",
            "root-ca-certificate-publisher-controller",
            "clusterrole-aggregation-controller",
            "deployment-controller",
            "replicaset-controller",
            "statefulset-controller",
            "daemonset-controller",
            "job-controller",
            "cronjob-controller",
            "ttl-after-finished-controller",
            "resourcequota-controller",
            "disruption-controller",
            "endpointslice-controller");

    private static final String WORK_DIR_PREFIX = "capstan-controlplane-";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 3;

    private final Builder options;

    // All fields below are guarded by this; written by start() and the restart methods.
    private Path binary;
    private String kubernetesVersion;
    private Path workDir;
    private boolean ownsWorkDir;
    private int apiServerPort;
    private String etcdUrl;
    private ManagedProcess etcd;
    private ManagedProcess apiServer;
    private ManagedProcess controllerManager;
    private URI server;
    private ClusterCredentials credentials;
    private HttpClient admin;
    private Path kubeconfig;
    private Duration startupTime;
    private String startupBreakdown;
    private boolean started;
    private boolean closed;
    private boolean etcdPaused;
    private Thread shutdownHook;
    /** The first unexpected exit of a component not restarted since; null while all is well. */
    private volatile String unexpectedExit;

    private LocalControlPlane(Builder options) {
        this.options = options;
    }

    /** A builder with the defaults: a temporary work directory, free ports, {@link #DEFAULT_CONTROLLERS}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the control plane and blocks until it is ready (see the class documentation).
     * Returns this instance; calling it again after a successful start does nothing.
     *
     * @throws ControlPlaneException when the binary cannot be built or a component does not
     *     become ready; nothing is left running and the work directory is kept for its logs
     */
    public synchronized LocalControlPlane start() {
        if (closed) {
            throw new IllegalStateException("this control plane was closed; build a new one");
        }
        if (started) {
            return this;
        }
        long begin = System.nanoTime();
        checkFixedPortIsFree();
        try {
            binary = options.binary != null ? options.binary : ControlPlaneBinary.locate();
            kubernetesVersion = run(List.of(binary.toString(), "version")).strip();
            long located = System.nanoTime();
            prepareWorkDir();
            run(List.of(binary.toString(), "pki", "--dir", workDir.resolve("pki").toString()));
            credentials = ClusterCredentials.clientCertificate(read("pki/ca.crt"), read("pki/admin.crt"), read("pki/admin.key"));
            shutdownHook = new Thread(this::close, "capstan-controlplane-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);

            startEtcd();
            long etcdReady = System.nanoTime();
            startApiServerChoosingPort();
            long apiReady = System.nanoTime();
            kubeconfig = options.kubeconfig != null ? options.kubeconfig.toAbsolutePath() : workDir.resolve("kubeconfig");
            Kubeconfig.write(kubeconfig, server, credentials, "capstan-local");
            if (!options.controllers.isEmpty()) {
                startControllerManager();
            }
            long end = System.nanoTime();
            startupTime = Duration.ofNanos(end - begin);
            startupBreakdown = String.format("locate binary %s, etcd %s, kube-apiserver %s, kube-controller-manager %s",
                    seconds(located - begin), seconds(etcdReady - located), seconds(apiReady - etcdReady),
                    options.controllers.isEmpty() ? "off" : seconds(end - apiReady));
            started = true;
            return this;
        } catch (RuntimeException e) {
            stopProcesses();
            removeShutdownHook();
            if (workDir != null) {
                System.err.println("capstan: the control plane did not start; its logs are kept in " + workDir.resolve("logs"));
            }
            throw e;
        }
    }

    /** The API server's base URL, for example {@code https://127.0.0.1:41023}. */
    public synchronized URI server() {
        requireStarted();
        return server;
    }

    /** The kubeconfig file with administrator credentials (embedded) for this control plane. */
    public synchronized Path kubeconfig() {
        requireStarted();
        return kubeconfig;
    }

    /** Administrator credentials: the CA, and a client certificate in group {@code system:masters}. */
    public synchronized ClusterCredentials credentials() {
        requireStarted();
        return credentials;
    }

    /** The PEM files behind {@link #credentials()}: {@code ca.crt}, {@code admin.crt}, {@code admin.key}, and more. */
    public synchronized Path pkiDirectory() {
        requireStarted();
        return workDir.resolve("pki");
    }

    /** A Reactor Netty client for {@link #server()} with the administrator credentials. */
    public HttpClient httpClient() {
        return ClusterHttp.client(server(), credentials());
    }

    /** The Kubernetes release the binary reports, for example {@code v1.36.3}. */
    public synchronized String kubernetesVersion() {
        requireStarted();
        return kubernetesVersion;
    }

    /** How long {@link #start()} took, from locating the binary to ready. */
    public synchronized Duration startupTime() {
        requireStarted();
        return startupTime;
    }

    /** One line splitting {@link #startupTime()} by phase. */
    public synchronized String startupBreakdown() {
        requireStarted();
        return startupBreakdown;
    }

    /** The last {@code lines} lines of a component's log (all its starts appended). */
    public synchronized String logTail(Component component, int lines) {
        ManagedProcess process = process(component);
        return process == null ? "" : process.tail(lines);
    }

    /** The process id of a component while it runs (for fault tests that signal it themselves). */
    public synchronized OptionalLong pid(Component component) {
        ManagedProcess process = process(component);
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /** The log file of a component. */
    public synchronized Path logFile(Component component) {
        requireStarted();
        return workDir.resolve("logs").resolve(component.command() + ".log");
    }

    /**
     * Throws {@link ControlPlaneException} when a component exited on its own since it was
     * last started. Does not call the server.
     */
    public void checkAlive() {
        String exit = unexpectedExit;
        if (exit != null) {
            throw new ControlPlaneException(exit);
        }
    }

    /** Stops kube-apiserver and starts it again on the same port; blocks until it is ready. etcd keeps running. */
    public synchronized void restartApiServer() {
        stopApiServer();
        startApiServer();
    }

    /** Stops kube-apiserver (SIGTERM, then SIGKILL after 10 s). Clients see connection errors until {@link #startApiServer()}. */
    public synchronized void stopApiServer() {
        requireStarted();
        apiServer.stop(STOP_GRACE);
    }

    /** Starts a stopped kube-apiserver on its previous port and blocks until it is ready. */
    public synchronized void startApiServer() {
        requireStarted();
        if (apiServer.isAlive()) {
            return;
        }
        clearUnexpectedExit(Component.KUBE_APISERVER);
        apiServer.start();
        awaitApiServerReady();
    }

    /** Freezes etcd with SIGSTOP: requests that need storage hang until {@link #resumeEtcd()}. */
    public synchronized void pauseEtcd() {
        requireStarted();
        etcd.signal("STOP");
        etcdPaused = true;
    }

    /** Resumes etcd after {@link #pauseEtcd()} with SIGCONT. */
    public synchronized void resumeEtcd() {
        requireStarted();
        etcd.signal("CONT");
        etcdPaused = false;
    }

    /**
     * Compacts etcd's history up to its current revision, so that watches and lists from any
     * older resourceVersion fail with 410 Gone once they reach etcd (kube-apiserver's watch cache
     * keeps its own window; restart the apiserver too to empty it). Returns the compacted revision.
     */
    public synchronized long compactEtcd() {
        requireStarted();
        HttpClient http = HttpClient.create().baseUrl(etcdUrl);
        // the revision comes back in every response header; a range over an unused key reads it cheaply
        String range = etcdPost(http, "/v3/kv/range", "{\"key\":\"Y2Fwc3Rhbi1yZXZpc2lvbg==\"}");
        java.util.regex.Matcher revision = java.util.regex.Pattern.compile("\"revision\":\"?(\\d+)").matcher(range);
        if (!revision.find()) {
            throw new ControlPlaneException("etcd answered a range without a revision: " + range);
        }
        long current = Long.parseLong(revision.group(1));
        etcdPost(http, "/v3/kv/compaction", "{\"revision\":\"" + current + "\",\"physical\":true}");
        return current;
    }

    private static String etcdPost(HttpClient http, String path, String json) {
        return http.headers(h -> h.set("Content-Type", "application/json"))
                .post().uri(path)
                .send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just(json)))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(text -> {
                    if (response.status().code() / 100 != 2) {
                        throw new ControlPlaneException("etcd " + path + " answered " + response.status().code() + ": " + text);
                    }
                    return text;
                }))
                .block(Duration.ofSeconds(30));
    }

    /** Stops all processes and deletes the work directory (unless kept). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopProcesses();
        removeShutdownHook();
        if (!options.keepWorkDirectory) {
            if (ownsWorkDir && workDir != null) {
                deleteRecursively(workDir);
            }
            if (options.kubeconfig != null && kubeconfig != null) {
                // its CA and credentials die with this control plane
                kubeconfig.toFile().delete();
            }
        }
    }

    @Override
    public String toString() {
        URI url;
        String version;
        synchronized (this) {
            url = server;
            version = kubernetesVersion;
        }
        return "LocalControlPlane[" + (version == null ? "not started" : version + " at " + url) + "]";
    }

    // ---- starting the components ------------------------------------------------------

    private void prepareWorkDir() {
        try {
            if (options.workDirectory != null) {
                workDir = Files.createDirectories(options.workDirectory.toAbsolutePath());
                ownsWorkDir = false;
            } else {
                sweepStaleWorkDirs();
                workDir = Files.createTempDirectory(WORK_DIR_PREFIX);
                ownsWorkDir = true;
            }
            Files.writeString(workDir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
            Files.createDirectories(workDir.resolve("logs"));
        } catch (IOException e) {
            throw new ControlPlaneException("could not create the control plane's work directory: " + e.getMessage(), e);
        }
    }

    /** Deletes work directories of earlier JVMs that died without cleaning up. */
    private static void sweepStaleWorkDirs() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(WORK_DIR_PREFIX)).forEach(dir -> {
                try {
                    long owner = Long.parseLong(Files.readString(dir.resolve("owner.pid")).strip());
                    if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                        return;
                    }
                } catch (IOException | NumberFormatException e) {
                    // no readable owner: leave it alone unless it is older than a day
                    try {
                        if (Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 86_400_000L) {
                            return;
                        }
                    } catch (IOException ignored) {
                        return;
                    }
                }
                deleteRecursively(dir);
            });
        } catch (IOException ignored) {
            // nothing to sweep
        }
    }

    private void startEtcd() {
        for (int attempt = 1; ; attempt++) {
            int clientPort = LoopbackPorts.pick();
            int peerPort = LoopbackPorts.pick();
            String client = "http://127.0.0.1:" + clientPort;
            String peer = "http://127.0.0.1:" + peerPort;
            etcd = process(Component.ETCD, List.of(
                    "--name=default",
                    "--data-dir=" + workDir.resolve("etcd"),
                    "--listen-client-urls=" + client,
                    "--advertise-client-urls=" + client,
                    "--listen-peer-urls=" + peer,
                    "--initial-advertise-peer-urls=" + peer,
                    "--initial-cluster=default=" + peer,
                    "--unsafe-no-fsync=true"));
            etcd.start();
            HttpClient http = HttpClient.create().baseUrl(client);
            try {
                await("etcd to report healthy at " + client + "/health", List.of(etcd),
                        () -> probe(http, "/health", body -> body.contains("\"health\":\"true\"")));
                etcdUrl = client;
                return;
            } catch (ControlPlaneException e) {
                if (attempt < PORT_ATTEMPTS && etcd.logContains("address already in use")) {
                    etcd.stop(STOP_GRACE);
                    continue;
                }
                throw e;
            }
        }
    }

    private void checkFixedPortIsFree() {
        int fixed = options.apiServerPort;
        if (fixed != 0 && !LoopbackPorts.isFree(fixed)) {
            throw new ControlPlaneException("port " + fixed + " on 127.0.0.1, chosen for kube-apiserver, is already in use "
                    + "by another process; stop that process, choose another port, or leave the port unset to get a free one");
        }
    }

    private void startApiServerChoosingPort() {
        int fixed = options.apiServerPort;
        for (int attempt = 1; ; attempt++) {
            apiServerPort = fixed != 0 ? fixed : LoopbackPorts.pick();
            server = URI.create("https://127.0.0.1:" + apiServerPort);
            admin = ClusterHttp.client(server, credentials);
            Path pki = workDir.resolve("pki");
            List<String> args = new ArrayList<>(List.of(
                    "--etcd-servers=" + etcdUrl,
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    "--secure-port=" + apiServerPort,
                    "--cert-dir=" + workDir.resolve("apiserver"),
                    "--tls-cert-file=" + pki.resolve("apiserver.crt"),
                    "--tls-private-key-file=" + pki.resolve("apiserver.key"),
                    "--client-ca-file=" + pki.resolve("ca.crt"),
                    "--authorization-mode=RBAC",
                    "--service-account-issuer=" + server,
                    "--service-account-key-file=" + pki.resolve("sa.pub"),
                    "--service-account-signing-key-file=" + pki.resolve("sa.key"),
                    "--service-cluster-ip-range=10.0.0.0/24",
                    "--disable-admission-plugins=ServiceAccount",
                    "--allow-privileged=true",
                    "--endpoint-reconciler-type=none"));
            args.addAll(options.apiServerArgs);
            apiServer = process(Component.KUBE_APISERVER, args);
            apiServer.start();
            try {
                awaitApiServerReady();
                return;
            } catch (ControlPlaneException e) {
                if (fixed == 0 && attempt < PORT_ATTEMPTS && apiServer.logContains("address already in use")) {
                    apiServer.stop(STOP_GRACE);
                    continue;
                }
                throw e;
            }
        }
    }

    private void awaitApiServerReady() {
        await("kube-apiserver at " + server + " to answer /readyz", List.of(etcd, apiServer),
                () -> probe(admin, "/readyz", body -> true));
        await("the default namespace to exist", List.of(etcd, apiServer),
                () -> probe(admin, "/api/v1/namespaces/default", body -> true));
    }

    private void startControllerManager() {
        Path config = workDir.resolve("controller-manager.kubeconfig");
        Kubeconfig.write(config, server, credentials, "capstan-local");
        controllerManager = process(Component.KUBE_CONTROLLER_MANAGER, List.of(
                "--kubeconfig=" + config,
                "--controllers=" + String.join(",", options.controllers),
                "--leader-elect=false",
                "--secure-port=0",
                "--service-account-private-key-file=" + workDir.resolve("pki/sa.key"),
                "--root-ca-file=" + workDir.resolve("pki/ca.crt")));
        controllerManager.start();
        if (options.controllers.contains("serviceaccount-controller")) {
            await("kube-controller-manager to create the default ServiceAccount", List.of(etcd, apiServer, controllerManager),
                    () -> probe(admin, "/api/v1/namespaces/default/serviceaccounts/default", body -> true));
        }
    }

    private ManagedProcess process(Component component, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add(component.command());
        command.addAll(args);
        return new ManagedProcess(component.command(), command,
                workDir.resolve("logs").resolve(component.command() + ".log"), this::exitedUnexpectedly);
    }

    private void exitedUnexpectedly(ManagedProcess process) {
        String message = process.name() + " of the local control plane exited on its own with status "
                + process.exitCode().orElse(-1) + "; tests that need the cluster will fail. Last lines of " + process.log() + ":\n"
                + process.tail(15);
        if (unexpectedExit == null) {
            unexpectedExit = message;
        }
        if (started) {
            System.err.println("capstan: " + message);
        }
    }

    private void clearUnexpectedExit(Component component) {
        String exit = unexpectedExit;
        if (exit != null && exit.startsWith(component.command() + " ")) {
            unexpectedExit = null;
        }
    }

    // ---- waiting ------------------------------------------------------------------------

    /**
     * Polls {@code condition} every 100 ms until it holds, failing fast when one of
     * {@code mustRun} exits, and with every log tail at the start timeout.
     */
    private void await(String what, List<ManagedProcess> mustRun, BooleanSupplier condition) {
        long deadline = System.nanoTime() + options.startTimeout.toNanos();
        while (true) {
            for (ManagedProcess process : mustRun) {
                if (!process.isAlive()) {
                    throw new ControlPlaneException(process.name() + " exited with status " + process.exitCode().orElse(-1)
                            + " while waiting for " + what + hint(process) + ". Last lines of " + process.log() + ":\n"
                            + process.tail(25));
                }
            }
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder("timed out after " + options.startTimeout.toSeconds()
                        + " s waiting for " + what + ". Raise the start timeout on a slow machine. Logs:\n");
                for (ManagedProcess process : List.of(etcd, apiServer, controllerManager)) {
                    if (process != null) {
                        message.append("  ").append(process.log()).append(":\n").append(process.tail(15));
                    }
                }
                throw new ControlPlaneException(message.toString());
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ControlPlaneException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static String hint(ManagedProcess process) {
        if (process.logContains("address already in use")) {
            return " (a port it needs is already in use by another process)";
        }
        return "";
    }

    private static boolean probe(HttpClient http, String path, java.util.function.Predicate<String> body) {
        try {
            ClusterHttp.Response response = ClusterHttp.send(http, HttpMethod.GET, path, null, PROBE_TIMEOUT);
            return response != null && response.status() == 200 && body.test(response.body());
        } catch (RuntimeException e) {
            return false; // not listening yet, TLS not ready, timeout: keep polling
        }
    }

    // ---- stopping -----------------------------------------------------------------------

    private void stopProcesses() {
        if (etcd != null && etcdPaused) {
            try {
                etcd.signal("CONT");
            } catch (RuntimeException ignored) {
                // already gone
            }
            etcdPaused = false;
        }
        for (ManagedProcess process : new ManagedProcess[] {controllerManager, apiServer, etcd}) {
            if (process != null) {
                process.stop(STOP_GRACE);
            }
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is already shutting down
            }
        }
        shutdownHook = null;
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover temp directory is swept by the next start
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    private ManagedProcess process(Component component) {
        return switch (component) {
            case ETCD -> etcd;
            case KUBE_APISERVER -> apiServer;
            case KUBE_CONTROLLER_MANAGER -> controllerManager;
        };
    }

    private void requireStarted() {
        if (closed) {
            throw new IllegalStateException("this control plane was closed");
        }
        if (!started) {
            throw new IllegalStateException("start() this control plane first");
        }
    }

    private String read(String relative) {
        try {
            return Files.readString(workDir.resolve(relative), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ControlPlaneException("could not read " + workDir.resolve(relative) + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short helper command of the binary and returns its standard output. */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ControlPlaneException(String.join(" ", command) + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new ControlPlaneException(String.join(" ", command) + " failed with status " + process.exitValue()
                        + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new ControlPlaneException("could not run " + command.get(0) + ": " + e.getMessage()
                    + "; delete it to have it rebuilt, or point capstan.controlplane.binary at a working one", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    /**
     * Options for a {@link LocalControlPlane}; each setter documents its default. Not
     * thread-safe; {@link #build()} copies nothing, so do not reuse a builder.
     */
    public static final class Builder {
        private Path binary;
        private Path workDirectory;
        private Path kubeconfig;
        private Duration startTimeout = Duration.ofSeconds(90);
        private int apiServerPort;
        private List<String> controllers = DEFAULT_CONTROLLERS;
        private List<String> apiServerArgs = List.of();
        private boolean keepWorkDirectory;

        private Builder() {}

        /** The {@code capstan-controlplane} executable. Default: {@link ControlPlaneBinary#locate()}. */
        public Builder binary(Path binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /**
         * Where data, PKI and logs go. Default: a new temporary directory, deleted on close
         * (kept when startup fails).
         */
        public Builder workDirectory(Path directory) {
            this.workDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Where to write the kubeconfig. Default: {@code kubeconfig} in the work directory.
         * The file is deleted on close unless the work directory is kept.
         */
        public Builder kubeconfig(Path file) {
            this.kubeconfig = Objects.requireNonNull(file, "file");
            return this;
        }

        /** How long each readiness step may take. Default: 90 s. */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, got " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /** A fixed port for kube-apiserver on 127.0.0.1. Default: 0, a free port. */
        public Builder apiServerPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("apiServerPort must be 0 (any free port) or 1-65535, got " + port);
            }
            this.apiServerPort = port;
            return this;
        }

        /**
         * The kube-controller-manager controllers to run, by name (as its {@code --controllers}
         * flag takes them). Default: {@link #DEFAULT_CONTROLLERS}. Empty: no controller manager.
         */
        public Builder controllers(List<String> controllers) {
            this.controllers = List.copyOf(controllers);
            return this;
        }

        /** Extra kube-apiserver flags, appended after Capstan's (a later flag wins). Default: none. */
        public Builder apiServerArgs(List<String> args) {
            this.apiServerArgs = List.copyOf(args);
            return this;
        }

        /** Keep the work directory after {@link LocalControlPlane#close()}. Default: false. */
        public Builder keepWorkDirectory(boolean keep) {
            this.keepWorkDirectory = keep;
            return this;
        }

        public LocalControlPlane build() {
            return new LocalControlPlane(this);
        }
    }

    /**
     * Runs a local control plane until interrupted (Ctrl-C) and prints how to reach it.
     * Arguments: {@code [--kubeconfig PATH]}; default {@code ./local-cluster.kubeconfig}.
     */
    public static void main(String[] args) throws InterruptedException {
        Path kubeconfigPath = Path.of("local-cluster.kubeconfig");
        for (int i = 0; i < args.length; i++) {
            if ("--kubeconfig".equals(args[i]) && i + 1 < args.length) {
                kubeconfigPath = Path.of(args[++i]);
            } else {
                System.err.println("usage: LocalControlPlane [--kubeconfig PATH]");
                System.exit(2);
            }
        }
        LocalControlPlane cluster = builder().kubeconfig(kubeconfigPath).build().start();
        Path kc = cluster.kubeconfig();
        Path pki = cluster.pkiDirectory();
        System.out.printf("%nLocal Kubernetes control plane %s is ready (started in %.1f s: %s).%n",
                cluster.kubernetesVersion(), cluster.startupTime().toMillis() / 1000.0, cluster.startupBreakdown());
        System.out.printf("  API server: %s%n  kubeconfig: %s%n%nTry:%n", cluster.server(), kc);
        System.out.printf("  kubectl --kubeconfig %s get --raw /version%n", kc);
        System.out.printf("  kubectl --kubeconfig %s get namespaces%n", kc);
        System.out.printf("  curl --cacert %s --cert %s --key %s %s/version%n",
                pki.resolve("ca.crt"), pki.resolve("admin.crt"), pki.resolve("admin.key"), cluster.server());
        System.out.printf("%nPress Ctrl-C to stop; the processes and their data are removed on exit.%n");
        while (true) {
            TimeUnit.SECONDS.sleep(1);
            cluster.checkAlive();
        }
    }
}
