package dev.capstan.testing.fault;

import dev.capstan.testing.ClusterCredentials;
import dev.capstan.testing.LocalControlPlane;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * A loopback HTTPS proxy between a Kubernetes client and its API server that a test switches
 * between faults at run time: reset all connections, black-hole them, add latency, cap
 * bandwidth, answer chosen requests with 429 + {@code Retry-After} or 5xx, corrupt the next
 * watch event. It counts what it sees ({@link #counts()}: lists, watches, others), so a test can
 * assert "no relist".
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.inFrontOf(plane)) {        // LocalControlPlane
 *     ClientConfig config = ...same CA and credentials, server = proxy.uri()...;
 *     Fault storm = proxy.inject(RequestMatcher.watches("configmaps"),
 *             InjectedResponse.tooManyRequests(Duration.ofSeconds(1)), 5);
 *     proxy.blackHole();  ...  proxy.endBlackHole();
 *     proxy.resetConnections();
 *     assertThat(proxy.counts().lists()).isEqualTo(1);
 * }
 * }</pre>
 *
 * <h2>TLS and credentials</h2> The proxy terminates TLS (it must read HTTP to inject responses).
 * It serves HTTP/2 and HTTP/1.1 (ALPN) with a certificate the test's client trusts: for
 * {@link #inFrontOf(LocalControlPlane)} the API server's own serving certificate (issued for
 * {@code 127.0.0.1}, {@code ::1} and {@code localhost} by the cluster CA), so a client keeps
 * its CA and only changes the server URI. {@link Builder#plainHttp()} serves {@code http://}
 * instead, for clients that accept it. Towards the API server it speaks HTTP/1.1 over TLS
 * with the {@link ClusterCredentials} given: to requests without an {@code Authorization} header
 * it presents their client certificate and adds their bearer token. A request with its own
 * {@code Authorization} header is forwarded unchanged on a connection <em>without</em> a client
 * certificate, so token users keep their identity (the API server checks a client certificate
 * before a token, so presenting the proxy's would make them the admin). A client certificate
 * ends at the proxy (such clients act as the proxy's credentials — for the local control plane,
 * the admin).
 *
 * <h2>Forwarding</h2> Response bodies are forwarded chunk by chunk as they arrive, never
 * buffered; watch responses are framed by line (one event per line) so that a single event can
 * be corrupted. {@code Accept-Encoding} is dropped from watch requests. When the API server is
 * unreachable the proxy answers 503 with a {@code Status} body (a client sees 503 where it would
 * see "connection refused").
 *
 * <h2>Faults</h2> All switches are thread-safe and take effect for data the proxy handles
 * afterwards; they may be combined. Injected responses and corruptions apply to requests
 * <em>received</em> after they are armed (a corruption also to watches already open).
 * The black hole works at the HTTP level: requests are held before forwarding and response
 * chunks are held before being written, sockets stay open; HTTP/2 PING frames are still answered
 * by the proxy's own HTTP/2 stack (Capstan's client sends none).
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use. Matchers run on proxy I/O
 * threads and must not block.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding",
            "te", "trailer", "upgrade", "host", "proxy-authorization", "http2-settings");

    private final URI upstreamUri;
    private final ClusterCredentials credentials;
    private final boolean tls;
    private final ConnectionProvider pool;
    private final ConnectionProvider tokenPool;
    /** Towards the API server with the proxy's client certificate: for clients without an Authorization header. */
    private final HttpClient upstream;
    /**
     * Towards the API server without a client certificate: for clients that bring their own
     * {@code Authorization} (a token user must not be authenticated as the proxy's certificate,
     * which the API server would check first).
     */
    private final HttpClient upstreamWithoutCertificate;
    private final DisposableServer server;

    /** Open sockets on either side, for {@link #resetConnections()}; a channel leaves when it closes. */
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    /** Non-null while black-holed: held data waits for it to complete. */
    private volatile Sinks.Empty<Void> blackHole;
    private volatile Duration latency = Duration.ZERO;
    /** Bytes per second for response bodies; 0 = unlimited. */
    private volatile long bandwidth;
    private final List<Injection> injections = new CopyOnWriteArrayList<>();
    private final List<Corruption> corruptions = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<ProxiedRequest> requests = new ConcurrentLinkedQueue<>();
    private final LongAdder lists = new LongAdder();
    private final LongAdder watches = new LongAdder();
    private final LongAdder others = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder watchEvents = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    private FaultProxy(Builder b) {
        this.upstreamUri = b.upstream;
        this.credentials = b.credentials;
        this.tls = b.certificatePem != null;
        this.pool = ConnectionProvider.builder("capstan-fault-proxy").maxConnections(1024).pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30)).build();
        this.tokenPool = ConnectionProvider.builder("capstan-fault-proxy-token").maxConnections(1024).pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30)).build();
        this.upstream = upstreamClient(pool, true);
        this.upstreamWithoutCertificate = upstreamClient(tokenPool, false);
        HttpServer http = HttpServer.create().host("127.0.0.1").port(b.port)
                .doOnChannelInit((observer, channel, address) -> track(channel))
                .handle(this::handle);
        if (tls) {
            Http2SslContextSpec spec = Http2SslContextSpec.forServer(stream(b.certificatePem), stream(b.keyPem));
            http = http.protocol(HttpProtocol.H2, HttpProtocol.HTTP11).secure(ssl -> ssl.sslContext(spec));
        } else {
            http = http.protocol(HttpProtocol.HTTP11);
        }
        this.server = http.bindNow(Duration.ofSeconds(10));
    }

    /**
     * A client towards the API server; {@code withCertificate}: presenting the credentials' client
     * certificate (for clients that bring no {@code Authorization} of their own).
     */
    private HttpClient upstreamClient(ConnectionProvider connections, boolean withCertificate) {
        HttpClient client = HttpClient.create(connections).baseUrl(upstreamUri.toString())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .doOnChannelInit((observer, channel, address) -> track(channel));
        if ("https".equalsIgnoreCase(upstreamUri.getScheme())) {
            Http11SslContextSpec spec = Http11SslContextSpec.forClient().configure(builder -> {
                if (credentials.insecureSkipTlsVerify()) {
                    builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
                } else {
                    builder.trustManager(stream(credentials.certificateAuthorityPem()));
                }
                if (withCertificate && credentials.clientCertificatePem() != null) {
                    builder.keyManager(stream(credentials.clientCertificatePem()), stream(credentials.clientKeyPem()));
                }
            });
            client = client.secure(ssl -> ssl.sslContext(spec));
        }
        return client;
    }

    /** A builder for a proxy in front of {@code upstream} (the API server's base URI). */
    public static Builder builder(URI upstream) {
        return new Builder(upstream);
    }

    /**
     * Starts a proxy in front of the local control plane's API server, serving HTTPS with the
     * API server's own certificate (so the cluster CA verifies it) and forwarding with the
     * admin client certificate.
     */
    public static FaultProxy inFrontOf(LocalControlPlane plane) {
        Objects.requireNonNull(plane, "plane");
        Path pki = plane.pkiDirectory();
        return builder(plane.server()).credentials(plane.credentials())
                .serverCertificate(read(pki.resolve("apiserver.crt")), read(pki.resolve("apiserver.key"))).start();
    }

    /** Where clients connect: {@code https://127.0.0.1:<port>} (or {@code http://} with {@link Builder#plainHttp()}). */
    public URI uri() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + server.port());
    }

    /** The API server this proxy forwards to. */
    public URI upstream() {
        return upstreamUri;
    }

    // ---- faults ------------------------------------------------------------------------------

    /**
     * Closes every open connection on both sides at once, with a TCP reset (SO_LINGER 0):
     * in-flight requests fail and open watches break. New connections are accepted as usual.
     * Returns once the sockets are closed (at most 5 s), so that a fault switched right after
     * (say {@link #endBlackHole()}) cannot reach a connection that was to be reset.
     */
    public void resetConnections() {
        resets.increment();
        List<io.netty.channel.ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : List.copyOf(channels)) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException ignored) {
                // not a socket channel option here: a plain close will do
            }
            closing.add(channel.close());
        }
        for (io.netty.channel.ChannelFuture future : closing) {
            if (future.channel().eventLoop().inEventLoop()) {
                continue; // called from an I/O thread: waiting would deadlock
            }
            future.awaitUninterruptibly(5_000);
        }
    }

    /** Keeps every socket open but forwards nothing (requests and response chunks are held) until {@link #endBlackHole()}. */
    public synchronized void blackHole() {
        if (blackHole == null) {
            blackHole = Sinks.empty();
        }
    }

    /** Ends the black hole: held requests and chunks go on (to connections the client has not closed meanwhile). */
    public synchronized void endBlackHole() {
        Sinks.Empty<Void> hole = blackHole;
        blackHole = null;
        if (hole != null) {
            hole.tryEmitEmpty();
        }
    }

    /** Whether the proxy is black-holed now. */
    public boolean blackHoled() {
        return blackHole != null;
    }

    /** Delays each request before forwarding, and each response chunk, by {@code delay} ({@link Duration#ZERO} turns it off). */
    public void latency(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + delay);
        }
        latency = delay;
    }

    /** Caps response bodies at about {@code bytesPerSecond} per response (0 = unlimited). */
    public void bandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth must not be negative: " + bytesPerSecond);
        }
        bandwidth = bytesPerSecond;
    }

    /**
     * Answers the next {@code times} requests that {@code matcher} accepts with {@code response}
     * instead of forwarding them. Returns the fault (for {@link Fault#hits()} and {@link Fault#clear()}).
     */
    public Fault inject(RequestMatcher matcher, InjectedResponse response, int times) {
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive: " + times);
        }
        return arm(new Injection(matcher, response, times));
    }

    /** Answers every request that {@code matcher} accepts with {@code response} until the fault is cleared. */
    public Fault injectUntilCleared(RequestMatcher matcher, InjectedResponse response) {
        return arm(new Injection(matcher, response, -1));
    }

    /**
     * Spoils the next event (not a bookmark) forwarded on a watch that {@code matcher} accepts,
     * including watches already open. The fault ends after one event.
     */
    public Fault corruptNextWatchEvent(RequestMatcher matcher, WatchCorruption corruption) {
        Corruption c = new Corruption(Objects.requireNonNull(matcher, "matcher"), Objects.requireNonNull(corruption, "corruption"));
        corruptions.add(c);
        return c;
    }

    /** Clears every injected response and corruption, ends the black hole, latency and bandwidth cap. */
    public void clearFaults() {
        injections.forEach(Injection::clear);
        corruptions.forEach(Corruption::clear);
        endBlackHole();
        latency = Duration.ZERO;
        bandwidth = 0;
    }

    // ---- counts ------------------------------------------------------------------------------

    /** Requests received so far, by kind. */
    public RequestCounts counts() {
        return new RequestCounts(lists.sum(), watches.sum(), others.sum());
    }

    /** Requests received so far that {@code matcher} accepts. */
    public long count(RequestMatcher matcher) {
        return requests.stream().filter(matcher::matches).count();
    }

    /** Every request received so far, in arrival order (a snapshot). */
    public List<ProxiedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Responses with status {@code code} sent to clients so far, forwarded or injected (e.g. 401 for rejected credentials). */
    public long responses(int code) {
        LongAdder count = statuses.get(code);
        return count == null ? 0 : count.sum();
    }

    /** Watch events (lines) forwarded so far, bookmarks included. */
    public long watchEventsForwarded() {
        return watchEvents.sum();
    }

    /** How many times {@link #resetConnections()} was called. */
    public long resets() {
        return resets.sum();
    }

    /** Open sockets, client side and API server side together. */
    public int openConnections() {
        return channels.size();
    }

    /** Stops the proxy and closes every connection. */
    @Override
    public void close() {
        endBlackHole();
        server.disposeNow(Duration.ofSeconds(5));
        resetConnections();
        pool.disposeLater().block(Duration.ofSeconds(5));
        tokenPool.disposeLater().block(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "FaultProxy[" + uri() + " -> " + upstreamUri + ", " + counts() + "]";
    }

    // ---- engine ------------------------------------------------------------------------------

    private void track(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
    }

    private void countStatus(int code) {
        statuses.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    private Fault arm(Injection injection) {
        injections.add(injection);
        return injection;
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        ProxiedRequest proxied = ProxiedRequest.parse(request.method().name(), request.uri(), Instant.now());
        requests.add(proxied);
        switch (proxied.kind()) {
            case LIST -> lists.increment();
            case WATCH -> watches.increment();
            default -> others.increment();
        }
        return gate().then(delay()).then(Mono.defer(() -> {
            Injection injection = claim(proxied);
            if (injection != null) {
                countStatus(injection.response.code());
                return request.receive().then().then(answer(response, injection.response));
            }
            return forward(request, response, proxied);
        }));
    }

    private Injection claim(ProxiedRequest request) {
        for (Injection injection : injections) {
            if (injection.claim(request)) {
                return injection;
            }
        }
        injections.removeIf(i -> !i.active());
        return null;
    }

    private static Mono<Void> answer(HttpServerResponse response, InjectedResponse injected) {
        response.status(injected.code()).header(HttpHeaderNames.CONTENT_TYPE, "application/json");
        if (injected.retryAfter() != null) {
            response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(injected.retryAfter().toSeconds()));
        }
        return response.sendString(Mono.just(injected.body())).then();
    }

    private Mono<Void> forward(HttpServerRequest request, HttpServerResponse response, ProxiedRequest proxied) {
        boolean watch = proxied.kind() == RequestKind.WATCH;
        HttpMethod method = request.method();
        HttpHeaders incoming = request.requestHeaders();
        boolean hasBody = method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH)
                || (method.equals(HttpMethod.DELETE) && (incoming.contains(HttpHeaderNames.TRANSFER_ENCODING)
                        || incoming.getInt(HttpHeaderNames.CONTENT_LENGTH, 0) > 0));
        boolean ownAuthorization = incoming.contains(HttpHeaderNames.AUTHORIZATION);
        HttpClient client = (ownAuthorization ? upstreamWithoutCertificate : upstream).headers(h -> {
            for (var header : incoming) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (HOP_BY_HOP.contains(name) || name.startsWith(":") || name.startsWith("x-http2-")
                        || (watch && name.equals("accept-encoding")) || (!hasBody && name.equals("content-length"))) {
                    continue;
                }
                h.add(header.getKey(), header.getValue());
            }
            if (!h.contains(HttpHeaderNames.AUTHORIZATION) && credentials.bearerToken() != null) {
                h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + credentials.bearerToken());
            }
        });
        HttpClient.RequestSender sender = client.request(method).uri(request.uri());
        HttpClient.ResponseReceiver<?> receiver = hasBody
                ? sender.send((upstreamRequest, out) -> out.send(request.receive().retain()))
                : sender;
        return receiver.response((upstreamResponse, body) -> {
            countStatus(upstreamResponse.status().code());
            response.status(upstreamResponse.status());
            for (var header : upstreamResponse.responseHeaders()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (!HOP_BY_HOP.contains(name)) {
                    response.responseHeaders().add(header.getKey(), header.getValue());
                }
            }
            Flux<ByteBuf> chunks = body.retain();
            if (watch && upstreamResponse.status().code() == 200) {
                chunks = lines(chunks, proxied);
            }
            NettyOutbound out = response.send(shape(chunks), b -> true);
            return out.then();
        }).then().onErrorResume(e -> response.hasSentHeaders() ? Mono.error(e)
                : answer(response, new InjectedResponse(503, null, "ServiceUnavailable",
                        "fault proxy: the API server is unreachable (" + e + ")")));
    }

    private Mono<Void> gate() {
        Sinks.Empty<Void> hole = blackHole;
        return hole == null ? Mono.empty() : hole.asMono();
    }

    private Mono<Void> delay() {
        Duration d = latency;
        return d.isZero() ? Mono.empty() : Mono.delay(d).then();
    }

    /** Holds chunks in the black hole, delays them by the latency, and paces them to the bandwidth cap. */
    private Flux<ByteBuf> shape(Flux<ByteBuf> chunks) {
        return chunks.concatMap(chunk -> {
            Mono<Void> wait = gate().then(delay());
            long cap = bandwidth;
            if (cap <= 0) {
                return wait.thenReturn(chunk);
            }
            int slice = (int) Math.max(1, Math.min(Integer.MAX_VALUE, cap / 20));
            List<ByteBuf> slices = new ArrayList<>();
            while (chunk.isReadable()) {
                slices.add(chunk.readRetainedSlice(Math.min(slice, chunk.readableBytes())));
            }
            chunk.release();
            return wait.thenMany(Flux.fromIterable(slices).concatMap(s -> Mono.delay(
                    Duration.ofNanos(s.readableBytes() * 1_000_000_000L / cap)).thenReturn(s), 1));
        }, 1).doOnDiscard(ByteBuf.class, FaultProxy::releaseIfLive);
    }

    /** Frames a watch body by line, counting and (when armed) corrupting events. */
    private Flux<ByteBuf> lines(Flux<ByteBuf> chunks, ProxiedRequest request) {
        return Flux.defer(() -> {
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            return chunks.concatMap(chunk -> {
                byte[] bytes = new byte[chunk.readableBytes()];
                chunk.readBytes(bytes);
                chunk.release();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (byte b : bytes) {
                    pending.write(b);
                    if (b == '\n') {
                        byte[] line = pending.toByteArray();
                        pending.reset();
                        watchEvents.increment();
                        Corruption corruption = line.length > 1 && !isBookmark(line) ? claimCorruption(request) : null;
                        if (corruption == null) {
                            out.writeBytes(line);
                        } else if (corruption.kind == WatchCorruption.TRUNCATED) {
                            out.write(line, 0, line.length / 2);
                            return Flux.just(Unpooled.wrappedBuffer(out.toByteArray()))
                                    .concatWith(Mono.delay(Duration.ofMillis(100)).then(Mono.error(
                                            new IOException("watch stream truncated by the fault proxy"))));
                        } else {
                            out.writeBytes(corrupt(line, corruption.kind));
                        }
                    }
                }
                return out.size() == 0 ? Flux.empty() : Flux.just(Unpooled.wrappedBuffer(out.toByteArray()));
            }, 1).concatWith(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(pending.toByteArray()))
                    .filter(ByteBuf::isReadable));
        });
    }

    private static void releaseIfLive(ByteBuf buffer) {
        if (buffer.refCnt() > 0) {
            ReferenceCountUtil.safeRelease(buffer);
        }
    }

    private static boolean isBookmark(byte[] line) {
        String text = new String(line, 0, Math.min(line.length, 64), StandardCharsets.UTF_8);
        return text.contains("\"BOOKMARK\"");
    }

    private static byte[] corrupt(byte[] line, WatchCorruption kind) {
        if (kind == WatchCorruption.OVERSIZED) {
            int brace = 0;
            while (brace < line.length && line[brace] != '{') {
                brace++;
            }
            int body = line.length - brace - 1; // after the brace, newline included
            byte[] padded = new byte[Math.max(WatchCorruption.OVERSIZED_BYTES, line.length + 1)];
            System.arraycopy(line, 0, padded, 0, brace + 1);
            java.util.Arrays.fill(padded, brace + 1, padded.length - body, (byte) ' ');
            System.arraycopy(line, brace + 1, padded, padded.length - body, body);
            return padded;
        }
        String text = new String(line, StandardCharsets.UTF_8).strip();
        String spoiled;
        if (kind == WatchCorruption.WRONG_KIND) {
            spoiled = text.replaceFirst("\"kind\":\"[^\"]*\"", "\"kind\":\"Secret\"");
        } else {
            spoiled = text.substring(0, Math.max(1, text.length() / 2)) + "\u0000}{";
        }
        return (spoiled + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private Corruption claimCorruption(ProxiedRequest request) {
        for (Corruption c : corruptions) {
            if (c.claim(request)) {
                corruptions.remove(c);
                return c;
            }
        }
        return null;
    }

    private static InputStream stream(String pem) {
        return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** An injected response, for N requests ({@code remaining > 0}) or until cleared ({@code -1}). */
    private static final class Injection implements Fault {
        final RequestMatcher matcher;
        final InjectedResponse response;
        /** Requests still to answer; -1 = until cleared; 0 = done. */
        final AtomicLong remaining;
        final AtomicLong hits = new AtomicLong();

        Injection(RequestMatcher matcher, InjectedResponse response, long times) {
            this.matcher = Objects.requireNonNull(matcher, "matcher");
            this.response = Objects.requireNonNull(response, "response");
            this.remaining = new AtomicLong(times);
        }

        boolean claim(ProxiedRequest request) {
            if (!matcher.matches(request)) {
                return false;
            }
            while (true) {
                long left = remaining.get();
                if (left == 0) {
                    return false;
                }
                if (left < 0 || remaining.compareAndSet(left, left - 1)) {
                    hits.incrementAndGet();
                    return true;
                }
            }
        }

        @Override
        public long hits() {
            return hits.get();
        }

        @Override
        public boolean active() {
            return remaining.get() != 0;
        }

        @Override
        public void clear() {
            remaining.set(0);
        }
    }

    /** A one-shot corruption of the next watch event on a matching watch. */
    private static final class Corruption implements Fault {
        final RequestMatcher matcher;
        final WatchCorruption kind;
        /** 1 while armed, 0 once used or cleared. */
        final AtomicLong armed = new AtomicLong(1);

        Corruption(RequestMatcher matcher, WatchCorruption kind) {
            this.matcher = matcher;
            this.kind = kind;
        }

        boolean claim(ProxiedRequest request) {
            return matcher.matches(request) && armed.compareAndSet(1, 0);
        }

        @Override
        public long hits() {
            return armed.get() == 0 && !cleared ? 1 : 0;
        }

        private volatile boolean cleared;

        @Override
        public boolean active() {
            return armed.get() == 1;
        }

        @Override
        public void clear() {
            if (armed.compareAndSet(1, 0)) {
                cleared = true;
            }
        }
    }

    /**
     * Configures a {@link FaultProxy}. Defaults: a free loopback port; HTTPS, which needs
     * {@link #serverCertificate}; credentials are required.
     */
    public static final class Builder {
        private final URI upstream;
        private ClusterCredentials credentials;
        private String certificatePem;
        private String keyPem;
        private boolean plain;
        private int port;

        private Builder(URI upstream) {
            this.upstream = Objects.requireNonNull(upstream, "upstream");
        }

        /** How the proxy reaches and authenticates to the API server (CA, client certificate, token). */
        public Builder credentials(ClusterCredentials value) {
            this.credentials = Objects.requireNonNull(value, "credentials");
            return this;
        }

        /** The certificate chain and PKCS#8 key (PEM) the proxy serves HTTPS with; it must be valid for {@code 127.0.0.1}. */
        public Builder serverCertificate(String chainPem, String pkcs8KeyPem) {
            this.certificatePem = Objects.requireNonNull(chainPem, "chainPem");
            this.keyPem = Objects.requireNonNull(pkcs8KeyPem, "pkcs8KeyPem");
            this.plain = false;
            return this;
        }

        /** Serves plain {@code http://} on loopback (HTTP/1.1) instead of HTTPS. */
        public Builder plainHttp() {
            this.plain = true;
            this.certificatePem = null;
            this.keyPem = null;
            return this;
        }

        /** A fixed loopback port (default 0: a free one). */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("not a port: " + value);
            }
            this.port = value;
            return this;
        }

        /** Binds and starts the proxy. */
        public FaultProxy start() {
            if (credentials == null) {
                throw new IllegalStateException("the proxy needs credentials for the API server: call credentials(...)");
            }
            if (!plain && certificatePem == null) {
                throw new IllegalStateException("an HTTPS proxy needs a serving certificate: call serverCertificate(...) or plainHttp()");
            }
            return new FaultProxy(this);
        }
    }
}
