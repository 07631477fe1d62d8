package dev.capstan.testing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

/**
 * Reactor Netty clients for a test cluster, and the few blocking calls the test harness
 * itself makes (readiness, namespaces). Stand-in until Capstan's own client exists.
 */
final class ClusterHttp {
    /** A response with its body as text. */
    record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private ClusterHttp() {}

    /** An HTTP/1.1 client with the cluster's base URL, TLS trust and client credentials. */
    static HttpClient client(URI server, ClusterCredentials credentials) {
        HttpClient client = HttpClient.create().baseUrl(server.toString());
        if ("https".equals(server.getScheme())) {
            Http11SslContextSpec spec = Http11SslContextSpec.forClient().configure(builder -> {
                if (credentials.insecureSkipTlsVerify()) {
                    builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
                } else {
                    builder.trustManager(stream(credentials.certificateAuthorityPem()));
                }
                if (credentials.clientCertificatePem() != null) {
                    builder.keyManager(stream(credentials.clientCertificatePem()),
                            stream(Pem.toPkcs8(credentials.clientKeyPem(), "the client key")));
                }
            });
            client = client.secure(ssl -> ssl.sslContext(spec));
        }
        String token = credentials.bearerToken();
        if (token != null) {
            client = client.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token));
        }
        return client;
    }

    /** Sends one request and waits at most {@code timeout} for the whole response. */
    static Response send(HttpClient client, HttpMethod method, String path, String jsonBody, Duration timeout) {
        HttpClient.RequestSender request = client
                .headers(h -> {
                    h.set(HttpHeaderNames.ACCEPT, "application/json");
                    if (jsonBody != null) {
                        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                    }
                })
                .request(method)
                .uri(path);
        HttpClient.ResponseReceiver<?> receiver = jsonBody == null
                ? request
                : request.send(ByteBufFlux.fromString(Mono.just(jsonBody)));
        return receiver
                .responseSingle((response, body) -> body.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), text)))
                .block(timeout);
    }

    static Response get(HttpClient client, String path, Duration timeout) {
        return send(client, HttpMethod.GET, path, null, timeout);
    }

    private static InputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
