package dev.capstan.api;

/**
 * JSON could not be turned into a model object. The message names the target type, the
 * JSON location (as a JSON Pointer, {@code /spec/containers/0/resources/limits/cpu}) and
 * the offending value or syntax error; no partially built object is ever returned.
 */
public class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public DecodeException(String message, String path, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The JSON Pointer to the offending value; {@code ""} for the document itself. */
    public String path() {
        return path;
    }
}
