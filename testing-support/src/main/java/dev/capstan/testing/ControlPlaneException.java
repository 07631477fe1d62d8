package dev.capstan.testing;

/**
 * The test cluster could not be built, started or reached, or died while tests ran. The
 * message says what happened and what to do; where a process was involved it ends with the
 * tail of that process's log.
 */
public class ControlPlaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ControlPlaneException(String message) {
        super(message);
    }

    public ControlPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
