package dev.capstan.benchmarks;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Pod;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.KubeconfigOptions;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.informer.InformerOptions;
import dev.capstan.informer.InformerSelection;
import dev.capstan.informer.InformerStatus;
import dev.capstan.informer.ResourceEventHandler;
import dev.capstan.informer.SharedIndexInformer;
import dev.capstan.informer.SharedInformerFactory;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.async.ByteBufferFeeder;
import tools.jackson.core.json.JsonFactory;

/**
 * One way of getting a data set of {@link InformerSync} into memory: a library's informer as its
 * users start one, or the raw floor. Each runs alone in its own JVM ({@link InformerSyncChild}).
 *
 * <p>The informers get one event handler that only counts {@code onAdd} calls, as an operator
 * always registers one; {@link #sync} returns when the library says the cache has synced, and
 * {@link #handlerAdds()} tells whether the handler has caught up. Every subject reads the same
 * kubeconfig (the local control plane's administrator client certificate) and asks for JSON.
 *
 * <p>Not thread-safe: the child calls one method at a time, in the order sync, handlerAdds,
 * cached, whole, close.
 */
interface SyncSubject extends AutoCloseable {

    /** Where the control plane is and how to authenticate: passed from the driver to the child. */
    record Connection(Path kubeconfig, Path pkiDirectory, String server, String clientKeyAlgorithm) {}

    /** The subjects {@link InformerSync} runs by default, in report order. */
    List<String> DEFAULT = List.of("capstan", "capstan-paged", "fabric8", "kubernetes-client-java", "raw-floor", "raw-floor-http11",
            "raw-floor-watchlist");
    /** Every subject name {@link #open} knows. */
    List<String> ALL = List.of("capstan", "capstan-paged", "fabric8", "kubernetes-client-java", "kubernetes-client-java-gzip", "capstan-http11", "raw-floor",
            "raw-floor-http11", "raw-floor-watchlist");

    /** The subject name in the reports. */
    String name();

    /**
     * Starts the informer (or the fetch) and blocks until it has synced.
     *
     * @throws IllegalStateException when it has not synced within {@code timeout}
     */
    void sync(Duration timeout) throws Exception;

    /** The {@code onAdd} calls the handler has seen so far (raw floor: objects tokenized). */
    long handlerAdds();

    /** Objects in the cache now (raw floor: objects tokenized; it keeps none). */
    int cached();

    /** Cached objects that arrived whole: a name and the fixture's data entries or containers and conditions. */
    int whole();

    /** Whether the subject keeps a cache, so that retained heap per object means something. */
    default boolean caches() {
        return true;
    }

    /** What the subject did, for the report ({@code streaming list}), or empty. */
    default String detail() {
        return "";
    }

    @Override
    void close();

    static SyncSubject open(String name, Connection connection, SyncDataset dataset) {
        return switch (name) {
            case "capstan" -> new Capstan(connection, dataset, true, true);
            case "capstan-paged" -> new Capstan(connection, dataset, false, true);
            case "capstan-http11" -> new Capstan(connection, dataset, true, false);
            case "fabric8" -> new Fabric8(connection, dataset);
            case "kubernetes-client-java" -> new KubernetesClientJava(connection, dataset, false);
            case "kubernetes-client-java-gzip" -> new KubernetesClientJava(connection, dataset, true);
            case "raw-floor" -> new RawFloor(connection, dataset, true, false);
            case "raw-floor-http11" -> new RawFloor(connection, dataset, false, false);
            case "raw-floor-watchlist" -> new RawFloor(connection, dataset, true, true);
            default -> throw new IllegalArgumentException("unknown subject '" + name + "'; known: " + String.join(", ", ALL));
        };
    }

    /** Polls {@code condition} every millisecond until it holds or {@code timeout} passes; returns whether it holds. */
    static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    // ---- Capstan --------------------------------------------------------------------------------

    /**
     * Capstan's informer with {@code InformerOptions.defaults()} (streaming list first,
     * managedFields skipped while parsing) from a {@code SharedInformerFactory}, rate limit off;
     * or, as {@code capstan-paged}, the same with the streaming list turned off
     * ({@code ReflectorOptions.withStreamingList(false)}): a paged list, then a watch.
     */
    final class Capstan implements SyncSubject {
        private final KubernetesClient client;
        private final SharedInformerFactory factory;
        private final SyncDataset dataset;
        private final boolean streamingList;
        private final boolean http2;
        private final AtomicLong adds = new AtomicLong();
        private SharedIndexInformer<? extends KubernetesObject> informer;

        Capstan(Connection connection, SyncDataset dataset, boolean streamingList, boolean http2) {
            this.dataset = dataset;
            this.streamingList = streamingList;
            this.http2 = http2;
            client = KubernetesClient.create(ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withFiles(connection.kubeconfig())),
                    RestOptions.defaults().withoutRateLimit().withHttp2(http2));
            InformerOptions options = InformerOptions.defaults();
            factory = SharedInformerFactory.create(client,
                    streamingList ? options : options.withReflector(options.reflector().withStreamingList(false)));
        }

        @Override
        public String name() {
            return !http2 ? "capstan-http11" : streamingList ? "capstan" : "capstan-paged";
        }

        @Override
        public void sync(Duration timeout) throws InterruptedException {
            informer = dataset == SyncDataset.CONFIGMAPS ? informer(ConfigMap.class) : informer(Pod.class);
            factory.start();
            List<InformerStatus> unsynced = factory.waitForCacheSync(timeout);
            if (!unsynced.isEmpty()) {
                throw new IllegalStateException(name() + " did not sync within " + timeout + ": " + unsynced);
            }
        }

        private <T extends KubernetesObject> SharedIndexInformer<T> informer(Class<T> type) {
            SharedIndexInformer<T> created = factory.informerFor(type, InformerSelection.namespaces(dataset.namespace()));
            created.addEventHandler(new ResourceEventHandler<T>() {
                @Override
                public void onAdd(T object, boolean initialList) {
                    adds.incrementAndGet();
                }
            });
            return created;
        }

        @Override
        public long handlerAdds() {
            return adds.get();
        }

        @Override
        public int cached() {
            return informer.indexer().size();
        }

        @Override
        public int whole() {
            int whole = 0;
            for (Object item : informer.indexer().list()) {
                if (item instanceof ConfigMap c && c.metadata().name() != null && c.data().size() == 4) {
                    whole++;
                } else if (item instanceof Pod p && p.metadata().name() != null && p.spec().containers().size() == 2
                        && p.status().conditions().size() == 5) {
                    whole++;
                }
            }
            return whole;
        }

        @Override
        public String detail() {
            InformerStatus status = informer.status();
            return (status.streamingList() ? "streaming list" : "paged list") + ", " + status.lists() + " list(s), "
                    + status.errors() + " error(s)";
        }

        @Override
        public void close() {
            factory.close();
            client.close();
        }
    }

    // ---- fabric8 --------------------------------------------------------------------------------

    /**
     * fabric8's {@code client.configMaps().inNamespace(ns).inform(handler, 0)} (and
     * {@code pods()}): blocks until the list is in the store and the watch is open. The client as
     * in {@link ListSubject#fabric8}: default HTTP client (Vert.x), EC key algorithm named, 60 s
     * request timeout instead of 10 s.
     */
    final class Fabric8 implements SyncSubject {
        private final io.fabric8.kubernetes.client.KubernetesClient client;
        private final SyncDataset dataset;
        private final AtomicLong adds = new AtomicLong();
        private io.fabric8.kubernetes.client.informers.SharedIndexInformer<? extends io.fabric8.kubernetes.api.model.HasMetadata> informer;

        Fabric8(Connection connection, SyncDataset dataset) {
            this.dataset = dataset;
            io.fabric8.kubernetes.client.Config config;
            try {
                config = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(connection.kubeconfig()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            config.setClientKeyAlgo(connection.clientKeyAlgorithm());
            config.setRequestTimeout(60_000);
            client = new KubernetesClientBuilder().withConfig(config).build();
        }

        @Override
        public String name() {
            return "fabric8";
        }

        private <T> io.fabric8.kubernetes.client.informers.ResourceEventHandler<T> counting() {
            return new io.fabric8.kubernetes.client.informers.ResourceEventHandler<T>() {
                @Override
                public void onAdd(T object) {
                    adds.incrementAndGet();
                }

                @Override
                public void onUpdate(T oldObject, T newObject) {}

                @Override
                public void onDelete(T object, boolean deletedFinalStateUnknown) {}
            };
        }

        @Override
        public void sync(Duration timeout) {
            // inform(...) blocks until synced and has no timeout of its own; the driver bounds the child's run
            informer = dataset == SyncDataset.CONFIGMAPS
                    ? client.configMaps().inNamespace(dataset.namespace()).inform(counting(), 0)
                    : client.pods().inNamespace(dataset.namespace()).inform(counting(), 0);
            if (!informer.hasSynced()) {
                throw new IllegalStateException("fabric8's inform() returned before the informer synced");
            }
        }

        @Override
        public long handlerAdds() {
            return adds.get();
        }

        @Override
        public int cached() {
            return informer.getStore().list().size();
        }

        @Override
        public int whole() {
            int whole = 0;
            for (Object item : informer.getStore().list()) {
                if (item instanceof io.fabric8.kubernetes.api.model.ConfigMap c && c.getMetadata().getName() != null
                        && c.getData() != null && c.getData().size() == 4) {
                    whole++;
                } else if (item instanceof io.fabric8.kubernetes.api.model.Pod p && p.getMetadata().getName() != null
                        && p.getSpec().getContainers().size() == 2 && p.getStatus().getConditions().size() == 5) {
                    whole++;
                }
            }
            return whole;
        }

        @Override
        public void close() {
            if (informer != null) {
                informer.close();
            }
            client.close();
        }
    }

    // ---- kubernetes-client/java -----------------------------------------------------------------

    /**
     * kubernetes-client/java's {@code SharedInformerFactory.sharedIndexInformerFor(callGenerator,
     * V1ConfigMap.class, V1ConfigMapList.class)} with {@code CoreV1Api.listNamespacedConfigMap}
     * (and Pods), then {@code startAllRegisteredInformers()}; synced is polled every millisecond
     * ({@code hasSynced()}), as the library offers no wait. The HTTP client gets no read timeout,
     * as the library's informer example sets up; without {@code gzip} an interceptor asks for
     * {@code identity}, so that it receives the same bytes as the other subjects.
     */
    final class KubernetesClientJava implements SyncSubject {
        private final ApiClient client;
        private final CoreV1Api api;
        private final io.kubernetes.client.informer.SharedInformerFactory factory;
        private final SyncDataset dataset;
        private final boolean gzip;
        private final AtomicLong adds = new AtomicLong();
        private io.kubernetes.client.informer.SharedIndexInformer<? extends io.kubernetes.client.common.KubernetesObject> informer;

        KubernetesClientJava(Connection connection, SyncDataset dataset, boolean gzip) {
            this.dataset = dataset;
            this.gzip = gzip;
            try (Reader reader = Files.newBufferedReader(connection.kubeconfig(), StandardCharsets.UTF_8)) {
                ApiClient built = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
                okhttp3.OkHttpClient.Builder http = built.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS);
                if (!gzip) {
                    // OkHttp adds Accept-Encoding: gzip (and unzips transparently) only when the request names none.
                    http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                            .header("Accept-Encoding", "identity").build()));
                }
                built.setHttpClient(http.build());
                client = built;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            api = new CoreV1Api(client);
            factory = new io.kubernetes.client.informer.SharedInformerFactory(client);
        }

        @Override
        public String name() {
            return gzip ? "kubernetes-client-java-gzip" : "kubernetes-client-java";
        }

        private <T extends io.kubernetes.client.common.KubernetesObject> io.kubernetes.client.informer.ResourceEventHandler<T> counting() {
            return new io.kubernetes.client.informer.ResourceEventHandler<T>() {
                @Override
                public void onAdd(T object) {
                    adds.incrementAndGet();
                }

                @Override
                public void onUpdate(T oldObject, T newObject) {}

                @Override
                public void onDelete(T object, boolean deletedFinalStateUnknown) {}
            };
        }

        @Override
        public void sync(Duration timeout) throws InterruptedException {
            String namespace = dataset.namespace();
            if (dataset == SyncDataset.CONFIGMAPS) {
                io.kubernetes.client.informer.SharedIndexInformer<V1ConfigMap> configMaps = factory.sharedIndexInformerFor(
                        params -> api.listNamespacedConfigMap(namespace).resourceVersion(params.resourceVersion).watch(params.watch)
                                .timeoutSeconds(params.timeoutSeconds).buildCall(null),
                        V1ConfigMap.class, V1ConfigMapList.class);
                configMaps.addEventHandler(counting());
                informer = configMaps;
            } else {
                io.kubernetes.client.informer.SharedIndexInformer<V1Pod> pods = factory.sharedIndexInformerFor(
                        params -> api.listNamespacedPod(namespace).resourceVersion(params.resourceVersion).watch(params.watch)
                                .timeoutSeconds(params.timeoutSeconds).buildCall(null),
                        V1Pod.class, V1PodList.class);
                pods.addEventHandler(counting());
                informer = pods;
            }
            factory.startAllRegisteredInformers();
            if (!await(informer::hasSynced, timeout)) {
                throw new IllegalStateException(name() + " did not sync within " + timeout);
            }
        }

        @Override
        public long handlerAdds() {
            return adds.get();
        }

        @Override
        public int cached() {
            return informer.getIndexer().list().size();
        }

        @Override
        public int whole() {
            int whole = 0;
            for (Object item : informer.getIndexer().list()) {
                if (item instanceof V1ConfigMap c && c.getMetadata().getName() != null && c.getData() != null && c.getData().size() == 4) {
                    whole++;
                } else if (item instanceof V1Pod p && p.getMetadata().getName() != null && p.getSpec().getContainers().size() == 2
                        && p.getStatus().getConditions().size() == 5) {
                    whole++;
                }
            }
            return whole;
        }

        @Override
        public void close() {
            factory.stopAllRegisteredInformers();
            client.getHttpClient().dispatcher().executorService().shutdown();
            client.getHttpClient().connectionPool().evictAll();
        }
    }

    // ---- raw floor ------------------------------------------------------------------------------

    /**
     * The floor: the data set's bytes as the server sends them, fed as they arrive to Jackson 3's
     * non-blocking parser, which only tokenizes them; nothing is decoded into objects or kept.
     * Transport as Capstan's: Reactor Netty over the JDK's TLS, HTTP/2 with a 16 MiB flow-control
     * window (or HTTP/1.1), the administrator client certificate from the control plane's PKI
     * directory. Two requests:
     * <ul>
     *   <li>list: one unpaged {@code GET <list path>?resourceVersion=0}, served from the API
     *       server's watch cache: what fabric8 and kubernetes-client/java ask for;</li>
     *   <li>watch list: {@code GET <list path>?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true}
     *       until the bookmark annotated {@code k8s.io/initial-events-end}, then the stream is
     *       cancelled: the streaming list Capstan asks for, one event per object.</li>
     * </ul>
     */
    final class RawFloor implements SyncSubject {
        private static final JsonFactory JSON = new JsonFactory();
        private static final String END_OF_INITIAL_EVENTS = "k8s.io/initial-events-end";

        private final HttpClient http;
        private final ConnectionProvider pool = ConnectionProvider.create("raw-floor", 1);
        private final SyncDataset dataset;
        private final boolean http2;
        private final boolean watchList;
        // written by the event-loop thread while the request runs, read after it completed
        private long tokens;
        private long objects;
        private int depth;
        private boolean inItems;
        private boolean endMarkSeen;
        private volatile boolean done;
        private String field;

        RawFloor(Connection connection, SyncDataset dataset, boolean http2, boolean watchList) {
            this.dataset = dataset;
            this.http2 = http2;
            this.watchList = watchList;
            Path pki = connection.pkiDirectory();
            HttpClient client = HttpClient.create(pool).baseUrl(connection.server());
            if (http2) {
                Http2SslContextSpec tls = Http2SslContextSpec.forClient().configure(builder -> builder
                        .trustManager(pki.resolve("ca.crt").toFile())
                        .keyManager(pki.resolve("admin.crt").toFile(), pki.resolve("admin.key").toFile()));
                client = client.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
                        .secure(spec -> spec.sslContext(tls))
                        .http2Settings(settings -> settings.initialWindowSize(16 * 1024 * 1024));
            } else {
                Http11SslContextSpec tls = Http11SslContextSpec.forClient().configure(builder -> builder
                        .trustManager(pki.resolve("ca.crt").toFile())
                        .keyManager(pki.resolve("admin.crt").toFile(), pki.resolve("admin.key").toFile()));
                client = client.protocol(HttpProtocol.HTTP11).secure(spec -> spec.sslContext(tls));
            }
            http = client;
        }

        @Override
        public String name() {
            return watchList ? "raw-floor-watchlist" : http2 ? "raw-floor" : "raw-floor-http11";
        }

        @Override
        public boolean caches() {
            return false;
        }

        @Override
        public void sync(Duration timeout) {
            JsonParser parser = JSON.createNonBlockingByteBufferParser(ObjectReadContext.empty());
            ByteBufferFeeder feeder = (ByteBufferFeeder) parser.nonBlockingInputFeeder();
            String uri = watchList
                    ? dataset.listPath() + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                            + "&allowWatchBookmarks=true&timeoutSeconds=" + timeout.toSeconds()
                    : dataset.listPath() + "?resourceVersion=0";
            http.headers(h -> h.set(HttpHeaderNames.ACCEPT, "application/json"))
                    .get()
                    .uri(uri)
                    .response((response, body) -> {
                        if (response.status().code() != 200) {
                            return Mono.error(new IllegalStateException(name() + ": HTTP " + response.status().code()));
                        }
                        // takeUntil cancels a watch once its initial events are in; a list simply ends
                        return body.doOnNext(buffer -> feed(parser, feeder, buffer)).takeUntil(buffer -> done).then();
                    })
                    .then()
                    .block(timeout);
            if (!watchList) {
                feeder.endOfInput();
                drain(parser);
                done = depth == 0;
            }
            parser.close();
            if (!done) {
                throw new IllegalStateException(name() + ": the response ended before " + (watchList
                        ? "the bookmark that ends the initial events" : "the end of the list"));
            }
        }

        private void feed(JsonParser parser, ByteBufferFeeder feeder, ByteBuf buffer) {
            for (ByteBuffer part : buffer.nioBuffers()) {
                if (done) {
                    return;
                }
                feeder.feedInput(part);
                drain(parser);
            }
        }

        /**
         * Reads tokens until the parser needs more input; counts them and the objects: the
         * elements of a list's {@code items}, or a watch stream's events before the bookmark
         * that ends the initial ones.
         */
        private void drain(JsonParser parser) {
            JsonToken token;
            while (!done && (token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
                tokens++;
                switch (token) {
                    case START_OBJECT -> {
                        if (watchList ? depth == 0 : inItems && depth == 2) {
                            objects++;
                        }
                        depth++;
                    }
                    case START_ARRAY -> {
                        if (depth == 1 && "items".equals(field)) {
                            inItems = true;
                        }
                        depth++;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        if (depth == 1) {
                            inItems = false;
                        }
                        if (depth == 0 && endMarkSeen) {
                            objects--; // the bookmark itself
                            done = true;
                        }
                    }
                    case PROPERTY_NAME -> {
                        if (depth == 1) {
                            field = parser.currentName();
                        } else if (watchList && END_OF_INITIAL_EVENTS.equals(parser.currentName())) {
                            endMarkSeen = true;
                        }
                    }
                    default -> {
                        // scalars: counted, nothing else
                    }
                }
            }
        }

        @Override
        public long handlerAdds() {
            return objects;
        }

        @Override
        public int cached() {
            return (int) objects;
        }

        @Override
        public int whole() {
            return (int) objects;
        }

        @Override
        public String detail() {
            return String.format(java.util.Locale.ROOT, "%,d JSON tokens", tokens);
        }

        @Override
        public void close() {
            pool.dispose();
        }
    }
}
