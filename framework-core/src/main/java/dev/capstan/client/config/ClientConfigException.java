package dev.capstan.client.config;

import org.jspecify.annotations.Nullable;

/**
 * The configuration of a client cannot be found, read or used: a kubeconfig file is missing or
 * malformed, a context, cluster or user does not exist, a key or certificate cannot be read, or an
 * exec credential plugin failed.
 *
 * <p>The message names what is at fault (the file, the field, the context, cluster or user, the
 * plugin command) and says what to fix. It never contains a token, a private key or the output of
 * an exec plugin; for that reason causes from parsers, whose messages may quote the input, are
 * not attached.
 */
public class ClientConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ClientConfigException(String message) {
        super(message);
    }

    /** Attach only causes whose messages cannot quote a secret (I/O errors on a path, for example). */
    public ClientConfigException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
