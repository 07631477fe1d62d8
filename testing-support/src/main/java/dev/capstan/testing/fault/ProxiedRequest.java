package dev.capstan.testing.fault;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request the fault proxy received, as {@link RequestMatcher}s see it and as
 * {@link FaultProxy#requests()} records it.
 *
 * @param method the HTTP method, upper case
 * @param path the path without the query, e.g. {@code /api/v1/namespaces/a/configmaps}
 * @param query the decoded query parameters (the first value of each)
 * @param kind watch, list or other
 * @param resource the resource (plural) the path names, e.g. {@code configmaps}; {@code ""} for
 *     non-resource paths such as {@code /version}
 * @param namespace the namespace the path names, or {@code ""}
 * @param receivedAt when the proxy received it
 */
public record ProxiedRequest(String method, String path, Map<String, String> query, RequestKind kind, String resource,
        String namespace, Instant receivedAt) {

    public ProxiedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Parses a request line's method and URI ({@code path?query}) the way the proxy classifies requests. */
    public static ProxiedRequest parse(String method, String uri, Instant receivedAt) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.putIfAbsent(name, value);
            }
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        boolean legacyWatch = false;
        int start;
        if (!segments.isEmpty() && segments.get(0).equals("api") && segments.size() >= 2) {
            start = 2;
        } else if (!segments.isEmpty() && segments.get(0).equals("apis") && segments.size() >= 3) {
            start = 3;
        } else {
            start = -1;
        }
        String resource = "";
        String namespace = "";
        boolean collection = false;
        if (start >= 0) {
            List<String> rest = new ArrayList<>(segments.subList(start, segments.size()));
            if (!rest.isEmpty() && rest.get(0).equals("watch")) {
                legacyWatch = true;
                rest.remove(0);
            }
            if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
                namespace = rest.get(1);
                rest = rest.subList(2, rest.size());
            }
            if (!rest.isEmpty()) {
                resource = rest.get(0);
                collection = rest.size() == 1;
            }
        }
        String watch = query.get("watch");
        RequestKind kind;
        String upper = method.toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("GET") && (legacyWatch || "true".equals(watch) || "1".equals(watch))) {
            kind = RequestKind.WATCH;
        } else if (upper.equals("GET") && collection) {
            kind = RequestKind.LIST;
        } else {
            kind = RequestKind.OTHER;
        }
        return new ProxiedRequest(upper, path, query, kind, resource, namespace, receivedAt);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
