package dev.capstan.client.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The source of the {@link Credentials} a client presents; asked before every request.
 *
 * <p>Implementations: a fixed value ({@link #of}, {@link #none}), a token file re-read as it
 * rotates ({@link #tokenFile}), and exec credential plugins (configured through a kubeconfig or
 * {@link ClientConfig.Builder#exec}).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #current()} returns the credentials to use now. It may block: a token file is
 *       re-read at most once a minute, and an exec plugin runs when its cached credential has
 *       expired (bounded by the plugin's timeout). Call it off event-loop threads, or accept one
 *       such pause per refresh. It throws {@link ClientConfigException} when no usable credential
 *       can be had (the plugin failed, the token file has never been readable).
 *   <li>{@link #invalidate()} is called by the transport after the server answered 401: the
 *       next {@link #current()} re-executes the plugin or re-reads the file instead of using its
 *       cache. It never blocks, so it may be called from an event-loop thread. The failed request
 *       is not replayed by the provider. Fixed credentials ignore it.
 *   <li>{@link #invalidate(Credentials)} does the same only if {@code rejected} is still the
 *       cached value, so that many requests failing with the same stale token cause one refresh,
 *       not one each.
 * </ul>
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use. While the cached credential is
 * valid, {@link #current()} takes no lock. Concurrent callers of {@link #current()} during a
 * refresh wait for that one refresh and share its result.
 */
public interface CredentialProvider {

    /** The credentials to present on the next request; never null. */
    Credentials current();

    /** Forgets the cached credentials after a 401; the next {@link #current()} refreshes them. */
    void invalidate();

    /**
     * Forgets the cached credentials only if they are still {@code rejected}; the default
     * implementation calls {@link #invalidate()}.
     */
    default void invalidate(Credentials rejected) {
        Objects.requireNonNull(rejected, "rejected");
        invalidate();
    }

    /** No credentials: requests are anonymous. */
    static CredentialProvider none() {
        return FixedCredentials.NONE;
    }

    /** Always the same credentials; {@link #invalidate()} does nothing. */
    static CredentialProvider of(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return credentials instanceof Credentials.None ? FixedCredentials.NONE : new FixedCredentials(credentials);
    }

    /**
     * A bearer token read from {@code file}, re-read at most once a minute and after
     * {@link #invalidate()}, so a rotated token (a projected service-account token, for example)
     * is picked up. If a re-read fails, the last token read is kept and a warning is logged.
     *
     * @throws ClientConfigException if the file cannot be read now or holds no token
     */
    static CredentialProvider tokenFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new FileTokenProvider(file, "token file " + file, Clock.systemUTC());
    }
}
