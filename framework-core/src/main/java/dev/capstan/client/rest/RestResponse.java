package dev.capstan.client.rest;

import java.nio.charset.StandardCharsets;

/**
 * A successful (2xx) response: status code, body and its {@code Content-Type} (empty when the
 * server sent none). Failures never arrive as a
 * {@code RestResponse}; they are {@link KubernetesApiException}s.
 */
public record RestResponse(int code, byte[] body, String contentType) {
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
