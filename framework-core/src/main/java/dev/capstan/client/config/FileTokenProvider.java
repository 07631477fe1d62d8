package dev.capstan.client.config;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A bearer token read from a file that may be rewritten at any time: a kubeconfig
 * {@code tokenFile}, or a pod's projected service-account token, which the kubelet rotates.
 *
 * <h2>Implementation notes</h2>
 * Like client-go's caching token source, the file is re-read when the last read is older than
 * {@link #REFRESH_INTERVAL} (one minute), and on the next {@link #current()} after
 * {@link #invalidate()}. A projected token is refreshed by the kubelet well before it expires (at
 * 80 % of its lifetime, and lifetimes are at least ten minutes), so a minute is ample, and it costs
 * one read a minute instead of one per request. A re-read that fails (the file is momentarily
 * missing or empty while being replaced) keeps the last good token and logs a warning, never the
 * token; only a provider that has never read a token fails.
 */
final class FileTokenProvider implements CredentialProvider {

    static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);
    private static final System.Logger LOG = System.getLogger(FileTokenProvider.class.getName());

    private final Path file;
    /** Names the file and who configured it, for messages: "tokenFile of user 'dev' in /home/u/.kube/config". */
    private final String what;
    private final Clock clock;

    /** A token and when it was read; {@code readAt == null} forces a re-read. */
    private record State(Credentials.BearerToken token, @Nullable Instant readAt) {}

    /**
     * Read without locking on every request. Written under {@code this} by a refresh, and by
     * invalidation (a compare-and-set that never blocks). Invariant: holds the last token read
     * successfully; never null after construction.
     */
    private final AtomicReference<State> state;

    /**
     * Reads the file once, so a missing or empty file fails at configuration time.
     *
     * @throws ClientConfigException naming {@code what} and the file if it cannot be read or is empty
     */
    FileTokenProvider(Path file, String what, Clock clock) {
        this.file = file;
        this.what = what;
        this.clock = clock;
        this.state = new AtomicReference<>(new State(read(), clock.instant()));
    }

    @Override
    public Credentials current() {
        State current = state.get();
        if (isFresh(current)) {
            return current.token();
        }
        synchronized (this) {
            current = state.get();
            if (isFresh(current)) {
                return current.token();
            }
            Credentials.BearerToken token = current.token();
            try {
                token = read();
            } catch (ClientConfigException e) {
                LOG.log(Level.WARNING, "{0}; keeping the token read before", e.getMessage());
            }
            state.set(new State(token, clock.instant()));
            return token;
        }
    }

    private boolean isFresh(State state) {
        return state.readAt() != null && clock.instant().isBefore(state.readAt().plus(REFRESH_INTERVAL));
    }

    @Override
    public void invalidate() {
        state.updateAndGet(s -> new State(s.token(), null));
    }

    @Override
    public void invalidate(Credentials rejected) {
        state.updateAndGet(s -> s.token().equals(rejected) ? new State(s.token(), null) : s);
    }

    private Credentials.BearerToken read() {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new ClientConfigException(what + ": " + file + " does not exist");
        } catch (IOException | SecurityException e) {
            throw new ClientConfigException(what + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (content.isEmpty()) {
            throw new ClientConfigException(what + ": " + file + " is empty");
        }
        return new Credentials.BearerToken(content);
    }

    @Override
    public String toString() {
        return "bearer token from " + file;
    }
}
