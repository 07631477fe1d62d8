package dev.capstan.client.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request to the API server: verb, path, query, body and content type, plus a
 * human description ({@code "get pods shop/web"}) that error messages use.
 *
 * @param method the HTTP method, upper case
 * @param path the absolute path, for example {@code /api/v1/namespaces/shop/pods}
 * @param query encoded {@code name=value} pairs in order
 * @param body the request body, or {@code null}
 * @param contentType the body's media type, or {@code null}
 * @param accept the {@code Accept} header; default {@code application/json}
 * @param description what this request does, for messages; never holds secrets
 */
public record RestRequest(
        String method, String path, List<String> query, byte[] body, String contentType, String accept, String description) {

    public RestRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = List.copyOf(query);
        if (accept == null) {
            accept = "application/json";
        }
        if (description == null) {
            description = method.toLowerCase(java.util.Locale.ROOT) + " " + path;
        }
    }

    public static RestRequest get(String path) {
        return new RestRequest("GET", path, List.of(), null, null, null, null);
    }

    public static RestRequest of(String method, String path) {
        return new RestRequest(method, path, List.of(), null, null, null, null);
    }

    /** Adds a query parameter (encoded here); a {@code null} value adds nothing. */
    public RestRequest query(String name, Object value) {
        if (value == null) {
            return this;
        }
        List<String> next = new ArrayList<>(query);
        next.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        return new RestRequest(method, path, next, body, contentType, accept, description);
    }

    public RestRequest body(byte[] body, String contentType) {
        return new RestRequest(method, path, query, body, contentType, accept, description);
    }

    /** Sets the {@code Accept} header (content negotiation). */
    public RestRequest accepting(String accept) {
        return new RestRequest(method, path, query, body, contentType, accept, description);
    }

    public RestRequest describedAs(String description) {
        return new RestRequest(method, path, query, body, contentType, accept, description);
    }

    /** Path and query, as sent. */
    public String uri() {
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }

    /** Whether a connection reset may be retried: only reads, as client-go does. */
    boolean retriesConnectionResets() {
        return method.equals("GET");
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RestRequest that && method.equals(that.method) && uri().equals(that.uri())
                && java.util.Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, uri());
    }
}
