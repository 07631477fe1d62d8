package dev.capstan.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One server process of the control plane: started with its output appended to a log file,
 * told the JVM's pid so that it dies with the JVM (see the Go program's watchdog), stopped
 * with SIGTERM and then SIGKILL.
 *
 * <h2>Thread safety</h2> Methods are safe for concurrent use; {@code process} is replaced
 * only by {@link #start}, under the instance lock.
 */
final class ManagedProcess {
    private final String name;
    private final List<String> command;
    private final Path log;
    private final Consumer<ManagedProcess> onUnexpectedExit;
    /** The current process, or null before the first start. Guarded by this. */
    private Process process;
    /**
     * The process we stopped on purpose, so its exit is not reported. Per process, not a flag:
     * the exit callback runs asynchronously and may arrive after a restart started the next one.
     */
    private volatile Process stoppedOnPurpose;

    ManagedProcess(String name, List<String> command, Path log, Consumer<ManagedProcess> onUnexpectedExit) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.onUnexpectedExit = onUnexpectedExit;
    }

    String name() {
        return name;
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- " + Instant.now() + " starting " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> env = builder.environment();
            env.put("CAPSTAN_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
            Process started = builder.start();
            process = started;
            started.onExit().thenAccept(p -> {
                if (started != stoppedOnPurpose) {
                    onUnexpectedExit.accept(this);
                }
            });
        } catch (IOException e) {
            throw new ControlPlaneException("could not start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The exit status once the process has exited. */
    synchronized OptionalInt exitCode() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Stops the process: SIGTERM, then SIGKILL after {@code grace}. Idempotent. */
    void stop(Duration grace) {
        Process current;
        synchronized (this) {
            current = process;
        }
        if (current == null || !current.isAlive()) {
            return;
        }
        stoppedOnPurpose = current;
        current.destroy();
        try {
            if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                current.destroyForcibly();
                current.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) through kill(1). */
    void signal(String signal) {
        long pid = pid();
        if (pid < 0 || !isAlive()) {
            throw new IllegalStateException(name + " is not running; cannot send SIG" + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new ControlPlaneException("kill -" + signal + " " + pid + " (" + name + ") failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new ControlPlaneException("could not run kill(1) to send SIG" + signal + " to " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneException("interrupted while sending SIG" + signal + " to " + name, e);
        }
    }

    Path log() {
        return log;
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int window = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[window];
            file.seek(length - window);
            file.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
            int from = Math.max(0, all.length - lines);
            StringBuilder out = new StringBuilder();
            for (int i = from; i < all.length; i++) {
                out.append("    ").append(all[i]).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            return "    (no log at " + log + ": " + e.getMessage() + ")\n";
        }
    }

    /** Whether the log since the last start mentions {@code text}. */
    boolean logContains(String text) {
        String tail = tail(200);
        int marker = tail.lastIndexOf("---- ");
        return (marker < 0 ? tail : tail.substring(marker)).contains(text);
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
