package dev.capstan.client.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Parsing and printing of the server and proxy URLs. */
final class Urls {

    private Urls() {}

    /**
     * The API server URL: {@code https://host:port[/path]}. A value without a scheme
     * ({@code host:6443}) is taken as https, as kubectl does.
     */
    static URI server(String raw, String what) {
        String value = raw.strip();
        if (!value.contains("://")) {
            value = "https://" + value;
        }
        URI uri = parse(value, what);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new ClientConfigException(what + " must be an http or https URL, not " + scheme + "://");
        }
        if (uri.getHost() == null) {
            throw new ClientConfigException(what + " has no host: '" + printable(uri) + "'");
        }
        return uri;
    }

    /** A proxy URL; Capstan tunnels through http and https proxies with CONNECT. */
    static URI proxy(String raw, String what) {
        URI uri = parse(raw.strip(), what);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ClientConfigException(what + " must be an http:// or https:// proxy (Capstan connects through HTTP CONNECT);"
                    + (scheme.isEmpty() ? " it has no scheme" : " " + scheme + ":// proxies are not supported"));
        }
        if (uri.getHost() == null) {
            throw new ClientConfigException(what + " has no host");
        }
        return uri;
    }

    private static URI parse(String value, String what) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null) {
                throw new ClientConfigException(what + " is not an absolute URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ClientConfigException(what + " is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    /** The URL without user information (a proxy URL may carry a password). */
    static String printable(@Nullable URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://<redacted>@" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
