package dev.capstan.client.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.config.TlsSettings;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import org.reactivestreams.Publisher;
import java.util.function.BiFunction;

/** RestClient against a scripted HTTP server on loopback: retries, re-authentication, errors, framing. */
class RestClientTest {
    private DisposableServer server;
    private RestClient client;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.disposeNow();
        }
    }

    private void serve(BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            requests.incrementAndGet();
            String auth = req.requestHeaders().get("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            return handler.apply(req, res);
        }).bindNow();
    }

    private RestClient client(CredentialProvider credentials, RestOptions options) {
        ClientConfig config = new ClientConfig(URI.create("http://127.0.0.1:" + server.port()), "default",
                new TlsSettings(null, false, null), credentials, null, "test server");
        client = RestClient.create(config, options);
        return client;
    }

    private RestClient client() {
        return client(CredentialProvider.none(), RestOptions.defaults().withoutRateLimit());
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheServersDelay() {
        serve((req, res) -> requests.get() <= 2
                ? res.status(429).header("Retry-After", "0").sendString(Mono.just("{\"kind\":\"Status\",\"code\":429}"))
                : res.sendString(Mono.just("{\"ok\":true}")));
        RestResponse response = client().call(RestRequest.get("/api/v1/namespaces"));
        assertThat(response.bodyAsString()).isEqualTo("{\"ok\":true}");
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void retriesStopAtTheCapWithTheLastError() {
        serve((req, res) -> res.status(429).header("Retry-After", "0")
                .sendString(Mono.just("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":429,\"reason\":\"TooManyRequests\",\"message\":\"slow down\"}")));
        RestClient rest = client(CredentialProvider.none(), RestOptions.defaults().withoutRateLimit().withMaxRetries(2));
        assertThatThrownBy(() -> rest.call(RestRequest.get("/api/v1/pods").describedAs("list pods")))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> {
                    assertThat(e.isTooManyRequests()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("list pods: HTTP 429 TooManyRequests: slow down");
                });
        assertThat(requests.get()).isEqualTo(3);
    }

    @Test
    void serverErrorWithoutRetryAfterIsNotRetried() {
        serve((req, res) -> res.status(HttpResponseStatus.INTERNAL_SERVER_ERROR).sendString(Mono.just("boom")));
        assertThatThrownBy(() -> client().call(RestRequest.get("/x").describedAs("get x")))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.status()).isNull();
                    assertThat(e.getMessage()).isEqualTo("get x: HTTP 500: boom");
                });
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void unauthorizedRefreshesCredentialsAndRetriesOnce() {
        serve((req, res) -> "Bearer fresh".equals(req.requestHeaders().get("Authorization"))
                ? res.sendString(Mono.just("{}"))
                : res.status(401).sendString(Mono.just("{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}")));
        AtomicInteger invalidations = new AtomicInteger();
        CredentialProvider rotating = new CredentialProvider() {
            @Override
            public Credentials current() {
                return new Credentials.BearerToken(invalidations.get() == 0 ? "stale" : "fresh");
            }

            @Override
            public void invalidate() {
                invalidations.incrementAndGet();
            }
        };
        client(rotating, RestOptions.defaults().withoutRateLimit()).call(RestRequest.get("/api"));
        assertThat(invalidations.get()).isEqualTo(1);
        assertThat(authorizations).containsExactly("Bearer stale", "Bearer fresh");
    }

    @Test
    void persistentUnauthorizedFailsWithoutLeakingTheToken() {
        serve((req, res) -> res.status(401).sendString(Mono.just("{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\",\"message\":\"Unauthorized\"}")));
        RestClient rest = client(CredentialProvider.of(new Credentials.BearerToken("s3cr3t-token")), RestOptions.defaults().withoutRateLimit());
        assertThatThrownBy(() -> rest.call(RestRequest.get("/api")))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isUnauthorized()).isTrue())
                .hasMessageNotContaining("s3cr3t-token");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void connectionFailureOfAReadIsRetriedAndThenNamed() {
        serve((req, res) -> res.sendString(Mono.just("{}")));
        int port = server.port();
        server.disposeNow();
        RestClient rest = client(CredentialProvider.none(), RestOptions.defaults().withoutRateLimit().withMaxRetries(2));
        assertThatThrownBy(() -> rest.call(RestRequest.get("/api").describedAs("get /api")))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.code()).isZero())
                .hasMessageStartingWith("get /api: cannot reach the API server at http://127.0.0.1:")
                .hasMessageContaining("nothing answers there");
        server = null;
        assertThat(port).isPositive();
    }

    @Test
    void blockingOnAnEventLoopFailsFast() {
        serve((req, res) -> res.sendString(Mono.just("{}")));
        RestClient rest = client();
        Mono<Object> nested = rest.exchange(RestRequest.get("/a")).map(first -> rest.call(RestRequest.get("/b")));
        assertThatThrownBy(nested::block)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would deadlock");
    }

    @Test
    void streamsAreSplitIntoLinesAcrossChunks() {
        serve((req, res) -> res.sendString(reactor.core.publisher.Flux.just("{\"a\":", "1}\n{\"b\"", ":2}\n", "{\"c\":3}")));
        List<String> lines = client().stream(RestRequest.get("/watch")).collectList().block(Duration.ofSeconds(10));
        assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void aStreamRefusedWith401RefreshesCredentialsAndOpensOnceMore() {
        serve((req, res) -> "Bearer fresh".equals(req.requestHeaders().get("Authorization"))
                ? res.sendString(Mono.just("{\"type\":\"ADDED\"}\n"))
                : res.status(401).sendString(Mono.just("{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}")));
        AtomicInteger invalidations = new AtomicInteger();
        CredentialProvider rotating = new CredentialProvider() {
            @Override
            public Credentials current() {
                return new Credentials.BearerToken(invalidations.get() == 0 ? "stale" : "fresh");
            }

            @Override
            public void invalidate() {
                invalidations.incrementAndGet();
            }
        };
        List<String> lines = client(rotating, RestOptions.defaults().withoutRateLimit()).stream(RestRequest.get("/watch"))
                .collectList().block(Duration.ofSeconds(10));
        assertThat(lines).containsExactly("{\"type\":\"ADDED\"}");
        assertThat(invalidations.get()).isEqualTo(1);
        assertThat(authorizations).containsExactly("Bearer stale", "Bearer fresh");
    }

    @Test
    void aStreamStillRefusedWith401AfterTheRefreshFailsWithTheStatus() {
        serve((req, res) -> res.status(401).sendString(Mono.just("{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}")));
        RestClient rest = client(CredentialProvider.of(new Credentials.BearerToken("s3cr3t-token")), RestOptions.defaults().withoutRateLimit());
        assertThatThrownBy(() -> rest.stream(RestRequest.get("/w").describedAs("watch pods")).blockLast(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isUnauthorized()).isTrue())
                .hasMessageNotContaining("s3cr3t-token");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void linesAreCutFromTheBuffersReadableBytesAcrossBufferBoundaries() {
        java.util.function.Function<String, io.netty.buffer.ByteBuf> buffer = text -> {
            // Readable bytes that do not start at index 0, as in a buffer sliced by the transport.
            io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
            buf.writeBytes("GARBAGE".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            buf.readerIndex(7);
            buf.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return buf;
        };
        List<String> lines = RestClient.splitLines(reactor.core.publisher.Flux.just("a1\nb", "2", "2\n\n", "c3\nd4\ne", "5")
                        .map(buffer), "watch configmaps")
                .map(line -> new String(line, java.nio.charset.StandardCharsets.UTF_8)).collectList().block(Duration.ofSeconds(10));
        assertThat(lines).containsExactly("a1", "b22", "c3", "d4", "e5");
    }

    @Test
    void aStreamLineOverTheLimitIsBadInputNotABrokenConnection() {
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) ' ');
        reactor.core.publisher.Flux<io.netty.buffer.ByteBuf> chunks = reactor.core.publisher.Flux.concat(
                reactor.core.publisher.Flux.just("{\"type\":\"ADDED\"}\n{".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                reactor.core.publisher.Flux.range(0, 17).map(i -> chunk)).map(io.netty.buffer.Unpooled::wrappedBuffer);
        List<Object> seen = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> RestClient.splitLines(chunks, "watch configmaps")
                        .map(line -> new String(line, java.nio.charset.StandardCharsets.UTF_8)).doOnNext(seen::add).blockLast(Duration.ofSeconds(10)))
                .isInstanceOf(dev.capstan.api.DecodeException.class)
                .hasMessageContaining("watch configmaps: a line of the stream exceeded 16777216 bytes (16 MiB");
        assertThat(seen).containsExactly("{\"type\":\"ADDED\"}");
    }

    @Test
    void refusedStreamFailsWithTheStatus() {
        serve((req, res) -> res.status(410).sendString(Mono.just(
                "{\"kind\":\"Status\",\"code\":410,\"reason\":\"Expired\",\"message\":\"too old resource version: 1 (5)\"}")));
        assertThatThrownBy(() -> client().stream(RestRequest.get("/w").describedAs("watch pods")).blockLast(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isGone()).isTrue())
                .hasMessage("watch pods: HTTP 410 Expired: too old resource version: 1 (5)");
    }

    @Test
    void eachDistinctWarningReachesTheHandlerOnce() {
        serve((req, res) -> res.header("Warning", "299 - \"v1beta1 Foo is deprecated\"")
                .addHeader("Warning", "299 - \"unknown field \\\"spec.x\\\"\"")
                .sendString(Mono.just("{}")));
        List<String> warnings = new CopyOnWriteArrayList<>();
        RestClient rest = client(CredentialProvider.none(), RestOptions.defaults().withoutRateLimit().withWarningHandler(warnings::add));
        rest.call(RestRequest.get("/a"));
        rest.call(RestRequest.get("/b"));
        assertThat(warnings).containsExactly("v1beta1 Foo is deprecated", "unknown field \"spec.x\"");
    }

    @Test
    void tokenBucketAllowsBurstThenSpacesRequests() {
        long[] now = {0};
        TokenBucket bucket = new TokenBucket(10, 2, () -> now[0]);
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
        assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(200));
        now[0] = Duration.ofSeconds(1).toNanos();
        assertThat(bucket.reserve()).isZero();
    }
}
