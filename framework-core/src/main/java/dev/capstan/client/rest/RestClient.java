package dev.capstan.client.rest;

import dev.capstan.Capstan;
import dev.capstan.api.DecodeException;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.meta.v1.Status;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.Credentials;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.Http2AllocationStrategy;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * Sends requests to the API server: one connection pool (HTTP/2 where the server offers it),
 * TLS and credentials from a {@link ClientConfig}, client-side rate limiting, retries that
 * client-go would make, and {@link KubernetesApiException} for every failure.
 *
 * <h2>Faces</h2> {@link #exchange} and {@link #stream} are reactive and never block;
 * {@link #call} blocks the calling thread and refuses to run on a Netty event-loop thread,
 * where blocking would deadlock the client.
 *
 * <h2>Retries</h2> A 429, or a 5xx carrying {@code Retry-After}, is retried after the time the
 * server asks for (at most 10 s per wait) up to {@link RestOptions#maxRetries()}; a connection
 * reset is retried for GET only (other verbs may have taken effect). A 401 makes the credential
 * provider refresh (re-run an exec plugin, re-read a token file) and is retried once — a
 * request or a stream (a watch) alike.
 *
 * <h2>Streams</h2> A stream is split into lines of at most 16 MiB; a longer line fails the
 * stream with a {@link DecodeException} (bad input) rather than as a broken connection.
 *
 * <h2>Thread safety</h2> Thread-safe; share one instance per cluster.
 */
public final class RestClient implements AutoCloseable {
    private static final byte[] NO_BODY = new byte[0];
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);
    private static final int MAX_LINE = 16 * 1024 * 1024;
    private static final int HTTP2_WINDOW = 16 * 1024 * 1024;
    /** Upper bound of open connections to one API server (HTTP/1.1: one per request in flight). */
    private static final int MAX_CONNECTIONS = 256;

    private final ClientConfig config;
    private final RestOptions options;
    private final RateLimiter rateLimiter;
    private final ConnectionProvider pool;
    private final Set<String> warningsSeen = ConcurrentHashMap.newKeySet();
    /** The transport for the client certificate it was built with; replaced when the certificate rotates. */
    private volatile Transport transport;

    private record Transport(HttpClient http, Credentials.ClientCertificate certificate) {}

    private RestClient(ClientConfig config, RestOptions options) {
        this.config = config;
        this.options = options;
        this.rateLimiter = options.rateLimited() ? RateLimiter.tokenBucket(options.qps(), options.burst()) : RateLimiter.unlimited();
        ConnectionProvider.Builder pool = ConnectionProvider.builder("capstan")
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(90));
        if (options.http2()) {
            // Multiplex on one connection as client-go does, opening another only when the
            // server's stream limit is reached. Without strict reuse the HTTP/2 pool opens a new
            // TLS connection for nearly every concurrent request (measured: one per in-flight
            // request under a reconcile load of 1,000 writes/s), paying a handshake each time.
            pool.allocationStrategy(Http2AllocationStrategy.builder()
                    .maxConnections(MAX_CONNECTIONS)
                    .minConnections(1)
                    .strictConnectionReuse(true)
                    .build());
        } else {
            pool.maxConnections(MAX_CONNECTIONS);
        }
        this.pool = pool.build();
    }

    /**
     * A client for the configured cluster.
     *
     * @throws IllegalArgumentException for configuration the transport does not support yet:
     *     proxies other than plain {@code http://} without credentials
     */
    public static RestClient create(ClientConfig config, RestOptions options) {
        java.util.Objects.requireNonNull(config, "config");
        java.util.Objects.requireNonNull(options, "options");
        URI proxy = config.proxy();
        if (proxy != null && (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getUserInfo() != null)) {
            throw new IllegalArgumentException(config.description() + ": only plain http:// proxies without credentials are "
                    + "supported yet, got a " + proxy.getScheme() + " proxy" + (proxy.getUserInfo() != null ? " with credentials" : ""));
        }
        return new RestClient(config, options);
    }

    public ClientConfig config() {
        return config;
    }

    public URI server() {
        return config.server();
    }

    /** Sends a request; completes with the 2xx response or fails with {@link KubernetesApiException}. */
    public Mono<RestResponse> exchange(RestRequest request) {
        return withRetries(request, () -> attempt(request, true, null));
    }

    /**
     * Sends a request and decodes the 2xx response's body with {@code reader} while it arrives,
     * on a blocking-capable thread, instead of collecting it first: for large bodies (a list of
     * thousands of objects) the body is never held whole, decoding overlaps the transfer, and the
     * event loop never runs the decoder. Failures, retries and the timeout are those of
     * {@link #exchange(RestRequest)}; a body that breaks off in the middle counts as a broken
     * connection (a GET is retried from the start), a {@link DecodeException} from the reader
     * fails the exchange as it is.
     */
    public <T> Mono<T> exchange(RestRequest request, BodyReader<T> reader) {
        java.util.Objects.requireNonNull(reader, "reader");
        return withRetries(request, () -> attempt(request, true, reader));
    }

    private <T> Mono<T> withRetries(RestRequest request, java.util.function.Supplier<Mono<T>> attempt) {
        return Mono.defer(attempt)
                .retryWhen(retries(request))
                .timeout(options.requestTimeout(), Mono.error(() -> new KubernetesApiException(
                        request.description() + ": no response within " + options.requestTimeout().toSeconds() + " s", 0, null, null)));
    }

    /**
     * Sends a request and blocks for its response.
     *
     * @throws IllegalStateException when called on a Netty event-loop thread
     */
    public RestResponse call(RestRequest request) {
        refuseNonBlockingThread(request);
        return exchange(request).block();
    }

    /**
     * {@link #exchange(RestRequest, BodyReader)}, blocking for the decoded body.
     *
     * @throws IllegalStateException when called on a Netty event-loop thread
     */
    public <T> T call(RestRequest request, BodyReader<T> reader) {
        refuseNonBlockingThread(request);
        return exchange(request, reader).block();
    }

    private static void refuseNonBlockingThread(RestRequest request) {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("blocking call '" + request.description() + "' on the non-blocking thread "
                    + Thread.currentThread().getName() + " would deadlock the client; use the reactive API (Mono/Flux) "
                    + "there, or move the call to another thread (publishOn(Schedulers.boundedElastic()))");
        }
    }

    /**
     * Opens a streaming response (a watch) and emits it line by line, with backpressure. Fails
     * with {@link KubernetesApiException} when the server refuses it, and errors when the
     * connection breaks; completes when the server ends the stream.
     */
    public Flux<String> stream(RestRequest request) {
        return streamLines(request).map(line -> new String(line, StandardCharsets.UTF_8));
    }

    /**
     * {@link #stream}, each line as its UTF-8 bytes (without the newline): what a decoder reading
     * bytes wants, without decoding every line into a {@code String} first (a watch's decoder
     * parses bytes faster than characters, and the copy and the UTF-8 decoding are saved).
     */
    public Flux<byte[]> streamLines(RestRequest request) {
        return Flux.defer(() -> {
            Duration wait = rateLimiter.reserve();
            return credentials().flatMapMany(credentials -> openStream(request, credentials, wait, true));
        });
    }

    /**
     * Opens the stream with {@code credentials}. A 401 arrives before any line: the credential
     * provider is told (so it re-reads the token file or re-runs the exec plugin) and, the first
     * time, the stream is opened once more with the fresh credentials, as {@link #exchange} does.
     */
    private Flux<byte[]> openStream(RestRequest request, Credentials credentials, Duration wait, boolean mayReauthenticate) {
        HttpClient http = transportFor(credentials).headers(h -> {
            authorize(h, credentials);
            h.set(HttpHeaderNames.ACCEPT, request.accept());
        });
        Flux<byte[]> lines = http.request(HttpMethod.valueOf(request.method()))
                .uri(request.uri())
                .response((response, body) -> {
                    warnings(response.responseHeaders());
                    if (response.status().code() / 100 != 2) {
                        int code = response.status().code();
                        String retryAfter = response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER);
                        if (code == 401) {
                            config.credentials().invalidate(credentials);
                        }
                        return body.aggregate().asByteArray().defaultIfEmpty(new byte[0])
                                .flatMap(bytes -> Mono.<byte[]>error(streamFailure(request, code, bytes, retryAfter)));
                    }
                    return splitLines(body, request.description());
                })
                .onErrorMap(e -> !(e instanceof KubernetesApiException) && !(e instanceof DecodeException),
                        e -> new KubernetesApiException(request.description() + ": the stream broke: " + describe(e), 0, null, e));
        if (mayReauthenticate) {
            lines = lines.onErrorResume(e -> e instanceof KubernetesApiException k && k.code() == 401,
                    e -> credentials().flatMapMany(fresh -> openStream(request, fresh, Duration.ZERO, false)));
        }
        return wait.isZero() ? lines : Mono.delay(wait).thenMany(lines);
    }

    @Override
    public void close() {
        pool.dispose();
    }

    // ---- one attempt -----------------------------------------------------------------------

    /**
     * The current credentials. Obtaining them may block (an exec plugin runs, a token file is
     * re-read), so on a non-blocking thread it happens on the bounded-elastic scheduler.
     */
    private Mono<Credentials> credentials() {
        Mono<Credentials> current = Mono.fromCallable(() -> config.credentials().current());
        return Schedulers.isInNonBlockingThread() ? current.subscribeOn(Schedulers.boundedElastic()) : current;
    }

    /**
     * One attempt. Without a reader the body is collected into a {@link RestResponse} (then
     * {@code T} is {@code RestResponse}); with one it is decoded as it arrives ({@link #read}).
     */
    @SuppressWarnings("unchecked")
    private <T> Mono<T> attempt(RestRequest request, boolean mayReauthenticate, BodyReader<T> reader) {
        Duration wait = rateLimiter.reserve();
        Mono<T> send = credentials().flatMap(credentials -> {
            HttpClient http = transportFor(credentials).headers(h -> {
                authorize(h, credentials);
                h.set(HttpHeaderNames.ACCEPT, request.accept());
                if (request.contentType() != null) {
                    h.set(HttpHeaderNames.CONTENT_TYPE, request.contentType());
                }
            });
            HttpClient.RequestSender sender = http.request(HttpMethod.valueOf(request.method())).uri(request.uri());
            HttpClient.ResponseReceiver<?> receiver = request.body() == null ? sender
                    : sender.send(ByteBufFlux.fromInbound(Mono.just(request.body())));
            long started = System.nanoTime();
            return receiver.response((response, body) -> {
                        warnings(response.responseHeaders());
                        int code = response.status().code();
                        if (code / 100 != 2) {
                            String retryAfter = response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER);
                            return body.aggregate().asByteArray().defaultIfEmpty(NO_BODY).flatMap(bytes -> {
                                options.metrics().request(request.method(), host(), code, Duration.ofNanos(System.nanoTime() - started));
                                if (code == 401 && mayReauthenticate) {
                                    config.credentials().invalidate(credentials);
                                    return Mono.<T>error(new Reauthenticate());
                                }
                                return Mono.<T>error(failure(request, code, bytes, retryAfter));
                            });
                        }
                        String contentType = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
                        Mono<T> value = reader == null
                                ? body.aggregate().asByteArray().defaultIfEmpty(NO_BODY).map(bytes -> (T) new RestResponse(code, bytes, contentType))
                                : read(request, reader, new RestResponse(code, NO_BODY, contentType), body);
                        return value.doOnSuccess(v -> options.metrics().request(request.method(), host(), code,
                                Duration.ofNanos(System.nanoTime() - started)));
                    })
                    .next()
                    .onErrorMap(e -> !(e instanceof KubernetesApiException || e instanceof RetryableStatus || e instanceof Reauthenticate
                            || e instanceof DecodeException || e instanceof TransportFailure), e -> {
                        options.metrics().request(request.method(), host(), 0, Duration.ofNanos(System.nanoTime() - started));
                        return new TransportFailure(request, e, where());
                    })
                    .onErrorResume(Reauthenticate.class, e -> attempt(request, false, reader));
        });
        return wait.isZero() ? send : Mono.delay(wait).then(send);
    }

    /**
     * Decodes a 2xx body with {@code reader} on the bounded-elastic scheduler while the event loop
     * feeds it chunk by chunk ({@link ChunkedBodyStream}); completes once the reader is done and
     * the rest of the body has been drained.
     */
    private <T> Mono<T> read(RestRequest request, BodyReader<T> reader, RestResponse head, ByteBufFlux body) {
        ChunkedBodyStream in = new ChunkedBodyStream(request.description());
        body.asByteArray().subscribe(in);
        return Mono.fromCallable(() -> {
                    try {
                        return reader.read(in, head);
                    } catch (IOException | RuntimeException e) {
                        Throwable broken = in.transportFailure();
                        if (broken != null) {
                            throw new TransportFailure(request, broken, where());
                        }
                        throw e;
                    } finally {
                        in.close();
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(value -> in.finished().thenReturn(value))
                .doOnError(e -> in.abort())
                .doOnCancel(in::abort);
    }

    /** A 401 on the first attempt: the credentials were invalidated, the attempt is made once more. */
    private static final class Reauthenticate extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Reauthenticate() {
            super("unauthorized; retrying with fresh credentials", null, false, false);
        }
    }

    /** {@code host:port} of the server, the metrics' {@code host} label. */
    private String host() {
        URI server = config.server();
        return server.getPort() < 0 ? server.getHost() : server.getHost() + ":" + server.getPort();
    }

    private Retry retries(RestRequest request) {
        return Retry.from(signals -> signals.concatMap(signal -> {
            Throwable error = signal.failure();
            long attempt = signal.totalRetries() + 1;
            if (attempt > options.maxRetries()) {
                return Mono.error(unwrap(error));
            }
            if (error instanceof RetryableStatus retryable) {
                return Mono.delay(retryable.after);
            }
            if (error instanceof TransportFailure transport && request.retriesConnectionResets() && transport.isReset()) {
                return Mono.delay(Duration.ofMillis(Math.min(1000, 50L << Math.min(attempt, 5))));
            }
            return Mono.error(unwrap(error));
        }));
    }

    private static Throwable unwrap(Throwable error) {
        if (error instanceof RetryableStatus retryable) {
            return retryable.exception;
        }
        if (error instanceof TransportFailure failure) {
            return failure.toApiException();
        }
        return error;
    }

    /** A response the server asked us to retry; carries the exception to throw if we give up. */
    private static final class RetryableStatus extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient KubernetesApiException exception;
        final Duration after;

        RetryableStatus(KubernetesApiException exception, Duration after) {
            super(exception.getMessage(), null, false, false);
            this.exception = exception;
            this.after = after;
        }
    }

    /** The server and configuration, for transport error messages. */
    private String where() {
        return config.server() + " (" + config.description() + ")";
    }

    /** No response: connection refused or reset, TLS failure, DNS. */
    private static final class TransportFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RestRequest request;
        private final String where;

        TransportFailure(RestRequest request, Throwable cause, String where) {
            super(cause.getMessage(), cause, false, false);
            this.request = request;
            this.where = where;
        }

        boolean isReset() {
            for (Throwable t = getCause(); t != null; t = t.getCause()) {
                String text = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (t instanceof reactor.netty.channel.AbortedException || t instanceof java.net.ConnectException
                        || text.contains("connection reset") || text.contains("connection prematurely closed")
                        || text.contains("broken pipe")) {
                    return true;
                }
            }
            return false;
        }

        KubernetesApiException toApiException() {
            String hint = "";
            for (Throwable t = getCause(); t != null; t = t.getCause()) {
                if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
                    hint = "; the server's certificate is not trusted: check certificate-authority of the configuration "
                            + "(it must be the CA that signed the API server's certificate)";
                    break;
                }
                if (t instanceof java.net.ConnectException) {
                    hint = "; nothing answers there: is the server running and the address right?";
                    break;
                }
            }
            return new KubernetesApiException(request.description() + ": cannot reach the API server at " + where + ": "
                    + describe(getCause()) + hint, 0, null, getCause());
        }
    }

    /**
     * A refused stream (a watch): never retried here — the caller (a reflector) decides — so the
     * server's {@code Retry-After} travels in the exception instead.
     */
    private KubernetesApiException streamFailure(RestRequest request, int code, byte[] body, String retryAfter) {
        RuntimeException failure = failure(request, code, body, retryAfter);
        if (failure instanceof RetryableStatus retryable) {
            KubernetesApiException e = retryable.exception;
            return new KubernetesApiException(e.getMessage(), e.code(), e.status(), null, retryable.after);
        }
        return (KubernetesApiException) failure;
    }

    private RuntimeException failure(RestRequest request, int code, byte[] body, String retryAfter) {
        Status status = null;
        try {
            if (body.length > 0 && body[0] == '{') {
                status = KubernetesJson.decode(body, Status.class);
            }
        } catch (DecodeException notAStatus) {
            // keep the raw text below
        }
        String detail = status != null && status.message() != null ? status.message()
                : new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
        String reason = status != null && status.reason() != null ? " " + status.reason() : "";
        KubernetesApiException exception = new KubernetesApiException(
                request.description() + ": HTTP " + code + reason + (detail.isEmpty() ? "" : ": " + detail), code, status, null);
        Duration after = retryAfter(retryAfter);
        if (code == 429 || (code >= 500 && after != null)) {
            return new RetryableStatus(exception, after != null ? after : Duration.ofSeconds(1));
        }
        return exception;
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            Duration asked = Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
            return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
        } catch (NumberFormatException e) {
            return null; // an HTTP date: fall back to the default wait
        }
    }

    // ---- transport ---------------------------------------------------------------------------

    private HttpClient transportFor(Credentials credentials) {
        Credentials.ClientCertificate certificate = credentials instanceof Credentials.ClientCertificate c ? c : null;
        Transport current = transport;
        if (current == null || !java.util.Objects.equals(current.certificate(), certificate)) {
            synchronized (this) {
                current = transport;
                if (current == null || !java.util.Objects.equals(current.certificate(), certificate)) {
                    current = new Transport(buildHttpClient(certificate), certificate);
                    transport = current;
                }
            }
        }
        return current.http();
    }

    private HttpClient buildHttpClient(Credentials.ClientCertificate certificate) {
        HttpClient http = HttpClient.create(pool)
                .baseUrl(config.server().toString())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .compress(options.compression())
                // Netty's default 64 KiB stream window costs a window update every ~32 KiB of a
                // large list; OkHttp uses 16 MiB, Go's transport 4 MiB per stream.
                .http2Settings(settings -> settings.initialWindowSize(HTTP2_WINDOW))
                .headers(h -> h.set(HttpHeaderNames.USER_AGENT, Capstan.userAgent()));
        if ("https".equalsIgnoreCase(config.server().getScheme())) {
            boolean h2 = options.http2();
            http = http.protocol(h2 ? new HttpProtocol[] {HttpProtocol.H2, HttpProtocol.HTTP11} : new HttpProtocol[] {HttpProtocol.HTTP11});
            if (h2) {
                Http2SslContextSpec spec = Http2SslContextSpec.forClient().configure(b -> tls(b, certificate));
                http = http.secure(ssl -> serverName(ssl.sslContext(spec)));
            } else {
                Http11SslContextSpec spec = Http11SslContextSpec.forClient().configure(b -> tls(b, certificate));
                http = http.secure(ssl -> serverName(ssl.sslContext(spec)));
            }
        }
        if (config.proxy() != null) {
            URI proxy = config.proxy();
            http = http.proxy(p -> p.type(reactor.netty.transport.ProxyProvider.Proxy.HTTP)
                    .host(proxy.getHost()).port(proxy.getPort() > 0 ? proxy.getPort() : 80));
        }
        return http;
    }

    /**
     * tls-server-name: sent as SNI and checked by {@link ServerNameTrustManager}; Reactor Netty's
     * own hostname verification (against the URL's host) is turned off for such clients by
     * giving it a handler configurator of our own.
     */
    private void serverName(reactor.netty.tcp.SslProvider.Builder ssl) {
        String name = config.tls().serverName();
        if (name != null && !name.isBlank() && !config.tls().insecureSkipTlsVerify()) {
            ssl.serverNames(new javax.net.ssl.SNIHostName(name)).handlerConfigurator(handler -> { });
        }
    }

    private void tls(io.netty.handler.ssl.SslContextBuilder builder, Credentials.ClientCertificate certificate) {
        String serverName = config.tls().serverName();
        if (config.tls().insecureSkipTlsVerify()) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (serverName != null && !serverName.isBlank()) {
            builder.trustManager(ServerNameTrustManager.create(config.tls().certificateAuthorityPem(), serverName));
        } else if (config.tls().certificateAuthorityPem() != null) {
            builder.trustManager(new ByteArrayInputStream(config.tls().certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII)));
        }
        if (certificate != null) {
            builder.keyManager(new ByteArrayInputStream(certificate.certificatePem().getBytes(StandardCharsets.US_ASCII)),
                    new ByteArrayInputStream(certificate.privateKeyPkcs8Pem().getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static void authorize(HttpHeaders headers, Credentials credentials) {
        if (credentials instanceof Credentials.BearerToken token) {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token.token());
        }
    }

    /** Hands each distinct Warning header text to the handler once (at most 1,000 are remembered). */
    private void warnings(HttpHeaders headers) {
        for (String header : headers.getAll("Warning")) {
            String text = warningText(header);
            if (warningsSeen.size() < 1000 && warningsSeen.add(text)) {
                options.warningHandler().handle(text);
            }
        }
    }

    /** The quoted text of an RFC 7234 warning ({@code 299 - "text"}), or the whole header. */
    static String warningText(String header) {
        int open = header.indexOf('"');
        int close = header.lastIndexOf('"');
        if (open < 0 || close <= open) {
            return header.strip();
        }
        return header.substring(open + 1, close).replace("\\\"", "\"");
    }

    // ---- line framing --------------------------------------------------------------------------

    /**
     * Splits a byte stream into lines, across chunk boundaries, one subscriber at a time. A line
     * longer than {@link #MAX_LINE} fails the stream with a {@link DecodeException} (bad input,
     * not a broken connection: resuming the watch would meet the same event again).
     */
    static Flux<byte[]> splitLines(Flux<ByteBuf> chunks, String description) {
        return Flux.defer(() -> {
            LineSplitter splitter = new LineSplitter(description);
            // handle, not a queueing operator: each buffer is read while it is still ours (the
            // transport releases it once onNext returns); only the copied lines are queued.
            return chunks.<List<byte[]>>handle((chunk, sink) -> {
                        List<byte[]> lines = splitter.split(chunk);
                        if (!lines.isEmpty()) {
                            sink.next(lines);
                        }
                    })
                    .concatMapIterable(lines -> lines)
                    .concatWith(Mono.fromCallable(splitter::rest));
        });
    }

    /**
     * Cuts received buffers into lines, copying each line's bytes straight out of the buffer
     * once (a line split across buffers is assembled in {@code pending}).
     */
    private static final class LineSplitter {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final String description;

        LineSplitter(String description) {
            this.description = description;
        }

        List<byte[]> split(ByteBuf chunk) {
            List<byte[]> lines = List.of();
            int start = chunk.readerIndex();
            int end = chunk.writerIndex();
            for (int newline; start < end && (newline = chunk.indexOf(start, end, (byte) '\n')) >= 0; start = newline + 1) {
                if (lines.isEmpty()) {
                    lines = new ArrayList<>();
                }
                if (pending.size() == 0) {
                    // The whole line is in this buffer (the common case): one copy.
                    if (newline > start) {
                        byte[] line = new byte[newline - start];
                        chunk.getBytes(start, line);
                        lines.add(line);
                    }
                } else {
                    append(chunk, start, newline - start);
                    lines.add(pending.toByteArray());
                    pending.reset();
                }
            }
            append(chunk, start, end - start);
            if (pending.size() > MAX_LINE) {
                int size = pending.size();
                pending.reset();
                throw new DecodeException(description + ": a line of the stream exceeded " + MAX_LINE + " bytes ("
                        + (MAX_LINE >> 20) + " MiB, the client's limit for one watch event; " + size
                        + " bytes read so far); the event is dropped and the stream abandoned", "", null);
            }
            return lines;
        }

        private void append(ByteBuf chunk, int index, int length) {
            if (length > 0) {
                try {
                    chunk.getBytes(index, pending, length);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
                }
            }
        }

        /** What followed the last newline, if anything: the stream's last line. */
        byte[] rest() {
            return pending.size() > 0 ? pending.toByteArray() : null;
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
