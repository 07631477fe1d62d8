package dev.capstan.client.rest;

import dev.capstan.api.KubernetesJson;
import tools.jackson.databind.JavaType;

/** {@link ObjectCodec} for JSON. */
final class JsonCodec implements ObjectCodec {
    static final JsonCodec INSTANCE = new JsonCodec();

    private JsonCodec() {}

    @Override
    public String mediaType() {
        return "application/json";
    }

    @Override
    public String accept() {
        return "application/json";
    }

    @Override
    public boolean reads(String contentType) {
        return contentType == null || contentType.isEmpty() || contentType.startsWith("application/json");
    }

    @Override
    public byte[] encode(Object value) {
        return KubernetesJson.encodeToBytes(value);
    }

    @Override
    public <T> T decode(byte[] body, JavaType type) {
        return KubernetesJson.decode(body, type, KubernetesJson.DecodeOptions.defaults());
    }

    @Override
    public <T> T decode(byte[] body, JavaType type, KubernetesJson.DecodeOptions options) {
        return KubernetesJson.decode(body, type, options);
    }

    /** Parses the stream as it arrives. A broken stream surfaces as Jackson's failure; the caller tells it apart. */
    @Override
    public <T> T decode(java.io.InputStream body, JavaType type, KubernetesJson.DecodeOptions options) {
        return KubernetesJson.decode(body, type, options);
    }
}
