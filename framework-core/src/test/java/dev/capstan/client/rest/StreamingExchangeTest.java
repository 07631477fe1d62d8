package dev.capstan.client.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.DecodeException;
import dev.capstan.api.KubernetesJson;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.TlsSettings;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JavaType;

/**
 * {@link RestClient#exchange(RestRequest, BodyReader)} against a scripted HTTP server on loopback:
 * the body is decoded while it arrives, off the event loop; a body that breaks off is a broken
 * connection (retried for GET), bad JSON is bad input, and the connection is reused after a
 * reader that stopped early.
 */
class StreamingExchangeTest {
    private static final JavaType MAP_LIST = KubernetesJson.mapper().getTypeFactory().constructCollectionType(List.class, Map.class);

    private DisposableServer server;
    private RestClient client;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.disposeNow();
        }
    }

    private RestClient client(java.util.function.BiFunction<reactor.netty.http.server.HttpServerRequest,
            reactor.netty.http.server.HttpServerResponse, org.reactivestreams.Publisher<Void>> handler) {
        server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> {
            requests.incrementAndGet();
            return handler.apply(req, res);
        }).bindNow();
        ClientConfig config = new ClientConfig(URI.create("http://127.0.0.1:" + server.port()), "default",
                new TlsSettings(null, false, null), CredentialProvider.none(), null, "test server");
        client = RestClient.create(config, RestOptions.defaults().withoutRateLimit().withMaxRetries(3));
        return client;
    }

    /** A JSON array of {@code n} objects, as many small chunks. */
    private static List<String> arrayChunks(int n) {
        List<String> chunks = new ArrayList<>();
        chunks.add("[");
        for (int i = 0; i < n; i++) {
            chunks.add((i == 0 ? "" : ",") + "{\"name\":\"item-" + i + "\",\"data\":\"" + "x".repeat(200) + "\"}");
        }
        chunks.add("]");
        return chunks;
    }

    private static <T> BodyReader<T> json(JavaType type) {
        return (body, response) -> ObjectCodec.json().decode(body, type, KubernetesJson.DecodeOptions.defaults());
    }

    @Test
    void aBodyInManyChunksIsDecodedOffTheEventLoop() {
        RestClient rest = client((req, res) -> res.header("Content-Type", "application/json")
                .sendString(Flux.fromIterable(arrayChunks(20_000))));
        AtomicReference<String> thread = new AtomicReference<>();
        List<Map<String, Object>> items = rest.exchange(RestRequest.get("/items"), (body, response) -> {
            thread.set(Thread.currentThread().getName());
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("application/json");
            return ObjectCodec.json().<List<Map<String, Object>>>decode(body, MAP_LIST, KubernetesJson.DecodeOptions.defaults());
        }).block(Duration.ofSeconds(30));
        assertThat(items).hasSize(20_000);
        assertThat(items.get(19_999)).containsEntry("name", "item-19999");
        assertThat(thread.get()).doesNotContain("nio").doesNotContain("epoll");
    }

    @Test
    void aBodyThatBreaksOffIsABrokenConnectionAndAGetIsRetried() {
        RestClient rest = client((req, res) -> {
            if (requests.get() == 1) {
                // Half the array, then the connection is closed without the rest.
                List<String> chunks = arrayChunks(2_000).subList(0, 1_000);
                return res.header("Content-Type", "application/json").header("Content-Length", "10000000")
                        .sendString(Flux.fromIterable(chunks))
                        .then(Mono.fromRunnable(() -> res.withConnection(c -> c.channel().close())));
            }
            return res.header("Content-Type", "application/json").sendString(Flux.fromIterable(arrayChunks(2_000)));
        });
        List<Map<String, Object>> items = rest.exchange(RestRequest.get("/items"), StreamingExchangeTest.<List<Map<String, Object>>>json(MAP_LIST)).block(Duration.ofSeconds(30));
        assertThat(items).hasSize(2_000);
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void badJsonIsADecodeExceptionAndIsNotRetried() {
        RestClient rest = client((req, res) -> res.header("Content-Type", "application/json")
                .sendString(Flux.just("[{\"name\":", "\"a\"}, {oops}]")));
        assertThatThrownBy(() -> rest.exchange(RestRequest.get("/items"), StreamingExchangeTest.<List<Map<String, Object>>>json(MAP_LIST)).block(Duration.ofSeconds(30)))
                .isInstanceOf(DecodeException.class);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aReaderThatStopsEarlyLeavesTheConnectionUsable() {
        RestClient rest = client((req, res) -> res.header("Content-Type", "application/json")
                .sendString(Flux.fromIterable(arrayChunks(5_000))));
        for (int i = 0; i < 5; i++) {
            Integer first = rest.exchange(RestRequest.get("/items"), (body, response) -> body.read()).block(Duration.ofSeconds(30));
            assertThat(first).isEqualTo((int) '[');
        }
        List<Map<String, Object>> items = rest.exchange(RestRequest.get("/items"), StreamingExchangeTest.<List<Map<String, Object>>>json(MAP_LIST)).block(Duration.ofSeconds(30));
        assertThat(items).hasSize(5_000);
    }

    @Test
    void aRefusedRequestFailsWithTheStatusBeforeTheReaderRuns() {
        AtomicInteger reads = new AtomicInteger();
        RestClient rest = client((req, res) -> res.status(403).sendString(Mono.just(
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":403,\"reason\":\"Forbidden\",\"message\":\"no list for you\"}")));
        assertThatThrownBy(() -> rest.exchange(RestRequest.get("/items").describedAs("list items"), (body, response) -> {
            reads.incrementAndGet();
            return body.readAllBytes();
        }).block(Duration.ofSeconds(30)))
                .isInstanceOf(KubernetesApiException.class)
                .hasMessageContaining("list items: HTTP 403 Forbidden: no list for you");
        assertThat(reads.get()).isZero();
    }

    @Test
    void theBytesArriveUnchanged() {
        byte[] payload = new byte[3 * 1024 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + (i >> 8));
        }
        RestClient rest = client((req, res) -> res.send(Flux.range(0, payload.length / 4096)
                .map(i -> Unpooled.wrappedBuffer(payload, i * 4096, 4096))));
        byte[] received = rest.exchange(RestRequest.get("/bytes"), (body, response) -> {
            byte[] all = new byte[payload.length];
            int at = 0;
            // Odd-sized reads across chunk boundaries, single-byte reads among them.
            while (at < all.length) {
                if (at % 3 == 0) {
                    int b = body.read();
                    if (b < 0) {
                        break;
                    }
                    all[at++] = (byte) b;
                } else {
                    int n = body.read(all, at, Math.min(7_777, all.length - at));
                    if (n < 0) {
                        break;
                    }
                    at += n;
                }
            }
            assertThat(body.read()).isEqualTo(-1);
            return all;
        }).block(Duration.ofSeconds(30));
        assertThat(received).isEqualTo(payload);
    }
}
