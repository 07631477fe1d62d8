package dev.capstan.client.rest;

import dev.capstan.api.KubernetesJson;
import tools.jackson.databind.JavaType;

/**
 * How request and response bodies are encoded: the seam where content negotiation happens.
 * JSON ({@link #json()}) is the one codec today; a protobuf codec for built-in kinds can be
 * added behind this interface — the client sends {@link #accept()} and picks the decoder by
 * the response's {@code Content-Type} — without touching the resource clients.
 */
public interface ObjectCodec {

    /** The media type this codec writes, for {@code Content-Type}. */
    String mediaType();

    /** The {@code Accept} header for responses this codec (and its fallbacks) can read. */
    String accept();

    /** Whether this codec reads a response of the given {@code Content-Type} (parameters allowed). */
    boolean reads(String contentType);

    byte[] encode(Object value);

    <T> T decode(byte[] body, JavaType type);

    /** Decodes with options (for example {@code DecodeOptions.forCache()}); codecs without options ignore them. */
    default <T> T decode(byte[] body, JavaType type, dev.capstan.api.KubernetesJson.DecodeOptions options) {
        return decode(body, type);
    }

    /**
     * Decodes a body as it arrives. Codecs that cannot decode incrementally read it whole first
     * (the default); the JSON codec parses the stream directly.
     *
     * @throws java.io.IOException when the stream breaks off
     */
    default <T> T decode(java.io.InputStream body, JavaType type, dev.capstan.api.KubernetesJson.DecodeOptions options)
            throws java.io.IOException {
        return decode(body.readAllBytes(), type, options);
    }

    /** JSON through {@link KubernetesJson}. */
    static ObjectCodec json() {
        return JsonCodec.INSTANCE;
    }
}
