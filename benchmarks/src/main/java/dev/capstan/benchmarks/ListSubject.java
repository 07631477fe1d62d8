package dev.capstan.benchmarks;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.KubernetesJson.DecodeOptions;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ObjectList;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.KubeconfigOptions;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JavaType;

/**
 * One way of listing the benchmark's ConfigMaps: a client library, configured as
 * {@code docs/benchmarks.md} describes, in the two modes {@link ListThroughput} measures.
 *
 * <p>Every subject reads the same kubeconfig (the local control plane's administrator client
 * certificate), asks for JSON, and has no client-side rate limit. {@link #listFull()} and
 * {@link #listPaged(int)} return what the library's user gets — decoded objects — and do
 * nothing else, so that the clock measures the list alone; {@link #verify} then checks the result
 * outside the clock.
 *
 * <p>Not thread-safe: the benchmark calls one subject at a time.
 */
interface ListSubject extends AutoCloseable {

    /** The subject name in the reports ({@code capstan}, {@code fabric8}, …). */
    String name();

    /** Every ConfigMap of the namespace in one request (no limit). */
    Object listFull();

    /** Every ConfigMap of the namespace in requests of {@code pageSize}, following continue tokens. */
    Object listPaged(int pageSize);

    /**
     * The number of ConfigMaps in {@code result} (from this subject's list methods) that arrived
     * whole: with a name and the four data entries of the fixture.
     */
    int verify(Object result);

    @Override
    void close();

    /** Capstan's typed client: {@code client.resources(ConfigMap.class).inNamespace(ns).list(options)}. */
    static ListSubject capstan(Path kubeconfig, String namespace) {
        return new Capstan(kubeconfig, namespace, true);
    }

    /** {@link #capstan} with HTTP/2 turned off ({@code RestOptions.withHttp2(false)}): HTTP/1.1, as fabric8 speaks. */
    static ListSubject capstanHttp11(Path kubeconfig, String namespace) {
        return new Capstan(kubeconfig, namespace, false);
    }

    /**
     * Capstan as an informer cache would list: {@code client.rest()} for the bytes, then
     * {@code KubernetesJson.decode(body, ObjectList<ConfigMap>, DecodeOptions.forCache())}, which
     * skips {@code managedFields} while parsing. The typed client offers no such option yet.
     */
    static ListSubject capstanCache(Path kubeconfig, String namespace) {
        return new CapstanCache(kubeconfig, namespace);
    }

    /** Capstan's REST layer returning the response body as bytes, decoding nothing: the transport floor. */
    static ListSubject capstanTransport(Path kubeconfig, String namespace) {
        return new CapstanTransport(kubeconfig, namespace);
    }

    /**
     * fabric8's client with its default HTTP client (Vert.x, HTTP/1.1):
     * {@code client.configMaps().inNamespace(ns).list(options)}.
     *
     * @param clientKeyAlgorithm {@code EC} or {@code RSA}: fabric8 assumes RSA for a PKCS#8 key
     *     in a kubeconfig and fails on an EC one unless told
     */
    static ListSubject fabric8(Path kubeconfig, String clientKeyAlgorithm, String namespace) {
        return new Fabric8(kubeconfig, clientKeyAlgorithm, namespace);
    }

    /**
     * kubernetes-client/java ({@code CoreV1Api.listNamespacedConfigMap(ns)...execute()}, OkHttp,
     * HTTP/2). OkHttp asks for gzip by default; with {@code gzip} false an interceptor asks for
     * {@code identity}, so that it receives the same uncompressed bytes as the other subjects.
     */
    static ListSubject kubernetesClientJava(Path kubeconfig, String namespace, boolean gzip) {
        return new KubernetesClientJava(kubeconfig, namespace, gzip);
    }

    // ---- Capstan ----------------------------------------------------------------------------------

    /** Opens a Capstan client on the kubeconfig with rate limiting off (HTTP/2 offered, the default). */
    private static KubernetesClient openCapstan(Path kubeconfig) {
        return openCapstan(kubeconfig, true);
    }

    private static KubernetesClient openCapstan(Path kubeconfig, boolean http2) {
        return KubernetesClient.create(ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withFiles(kubeconfig)),
                RestOptions.defaults().withoutRateLimit().withHttp2(http2));
    }

    /** Counts Capstan ConfigMaps that carry a name and the fixture's four data entries. */
    private static int verifyCapstan(Object result) {
        int whole = 0;
        for (Object item : (List<?>) result) {
            ConfigMap configMap = (ConfigMap) item;
            if (configMap.metadata() != null && configMap.metadata().name() != null && configMap.data().size() == 4) {
                whole++;
            }
        }
        return whole;
    }

    final class Capstan implements ListSubject {
        private final KubernetesClient client;
        private final ResourceClient<ConfigMap> configMaps;
        private final boolean http2;

        Capstan(Path kubeconfig, String namespace, boolean http2) {
            client = openCapstan(kubeconfig, http2);
            configMaps = client.resources(ConfigMap.class).inNamespace(namespace);
            this.http2 = http2;
        }

        @Override
        public String name() {
            return http2 ? "capstan" : "capstan-http11";
        }

        @Override
        public Object listFull() {
            return configMaps.list(ListOptions.all()).items();
        }

        @Override
        public Object listPaged(int pageSize) {
            ListOptions options = ListOptions.all().withLimit(pageSize);
            return allPages(token -> configMaps.list(options.withContinue(token)));
        }

        @Override
        public int verify(Object result) {
            return verifyCapstan(result);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Every item of a paged list, following continue tokens from the first page. */
    private static List<ConfigMap> allPages(java.util.function.Function<String, ObjectList<ConfigMap>> page) {
        List<ConfigMap> items = new ArrayList<>();
        String token = null;
        do {
            ObjectList<ConfigMap> next = page.apply(token);
            items.addAll(next.items());
            token = next.continueToken();
        } while (token != null);
        return items;
    }

    final class CapstanCache implements ListSubject {
        private final KubernetesClient client;
        private final String path;
        private final JavaType listType;

        CapstanCache(Path kubeconfig, String namespace) {
            client = openCapstan(kubeconfig);
            path = "/api/v1/namespaces/" + namespace + "/configmaps";
            listType = KubernetesJson.mapper().getTypeFactory().constructParametricType(ObjectList.class, ConfigMap.class);
        }

        @Override
        public String name() {
            return "capstan-cache";
        }

        private ObjectList<ConfigMap> page(Integer limit, String token) {
            byte[] body = client.rest().call(RestRequest.get(path).query("limit", limit).query("continue", token)).body();
            return KubernetesJson.decode(body, listType, DecodeOptions.forCache());
        }

        @Override
        public Object listFull() {
            return page(null, null).items();
        }

        @Override
        public Object listPaged(int pageSize) {
            return allPages(token -> page(pageSize, token));
        }

        @Override
        public int verify(Object result) {
            return verifyCapstan(result);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    final class CapstanTransport implements ListSubject {
        private static final byte[] UID = "\"uid\":\"".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] CONTINUE = "\"continue\":\"".getBytes(StandardCharsets.US_ASCII);
        /** The list metadata, and so the continue token, comes before the items. */
        private static final int HEAD = 4096;

        private final KubernetesClient client;
        private final String path;

        CapstanTransport(Path kubeconfig, String namespace) {
            client = openCapstan(kubeconfig);
            path = "/api/v1/namespaces/" + namespace + "/configmaps";
        }

        @Override
        public String name() {
            return "capstan-transport";
        }

        private byte[] page(Integer limit, String token) {
            return client.rest().call(RestRequest.get(path).query("limit", limit).query("continue", token)).body();
        }

        @Override
        public Object listFull() {
            return List.of(page(null, null));
        }

        @Override
        public Object listPaged(int pageSize) {
            List<byte[]> pages = new ArrayList<>();
            String token = null;
            do {
                byte[] body = page(pageSize, token);
                pages.add(body);
                token = continueToken(body);
            } while (token != null);
            return pages;
        }

        /** The {@code metadata.continue} of a list body, found by a text scan of its head; null if none. */
        private static String continueToken(byte[] body) {
            int at = indexOf(body, CONTINUE, 0, Math.min(body.length, HEAD));
            if (at < 0) {
                return null;
            }
            int start = at + CONTINUE.length;
            int end = start;
            while (end < body.length && body[end] != '"') {
                end++;
            }
            return end == start ? null : new String(body, start, end - start, StandardCharsets.US_ASCII);
        }

        /** Counts objects by their {@code "uid":"} (ConfigMaps carry no other): nothing is decoded. */
        @Override
        public int verify(Object result) {
            int objects = 0;
            for (Object page : (List<?>) result) {
                byte[] body = (byte[]) page;
                for (int at = indexOf(body, UID, 0, body.length); at >= 0; at = indexOf(body, UID, at + UID.length, body.length)) {
                    objects++;
                }
            }
            return objects;
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
            outer:
            for (int i = from; i <= to - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    // ---- fabric8 -----------------------------------------------------------------------------------

    final class Fabric8 implements ListSubject {
        private final io.fabric8.kubernetes.client.KubernetesClient client;
        private final String namespace;

        Fabric8(Path kubeconfig, String clientKeyAlgorithm, String namespace) {
            this.namespace = namespace;
            io.fabric8.kubernetes.client.Config config;
            try {
                config = io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            config.setClientKeyAlgo(clientKeyAlgorithm);
            // fabric8's default is 10 s; Capstan's is 60 s. Neither is reached, but a loaded machine should not fail the run.
            config.setRequestTimeout(60_000);
            client = new KubernetesClientBuilder().withConfig(config).build();
        }

        @Override
        public String name() {
            return "fabric8";
        }

        @Override
        public Object listFull() {
            return client.configMaps().inNamespace(namespace).list().getItems();
        }

        @Override
        public Object listPaged(int pageSize) {
            List<io.fabric8.kubernetes.api.model.ConfigMap> items = new ArrayList<>();
            String token = null;
            do {
                ConfigMapList page = client.configMaps().inNamespace(namespace)
                        .list(new ListOptionsBuilder().withLimit((long) pageSize).withContinue(token).build());
                items.addAll(page.getItems());
                token = page.getMetadata().getContinue();
                token = token == null || token.isEmpty() ? null : token;
            } while (token != null);
            return items;
        }

        @Override
        public int verify(Object result) {
            int whole = 0;
            for (Object item : (List<?>) result) {
                io.fabric8.kubernetes.api.model.ConfigMap configMap = (io.fabric8.kubernetes.api.model.ConfigMap) item;
                Map<String, String> data = configMap.getData();
                if (configMap.getMetadata().getName() != null && data != null && data.size() == 4) {
                    whole++;
                }
            }
            return whole;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    // ---- kubernetes-client/java ---------------------------------------------------------------------

    final class KubernetesClientJava implements ListSubject {
        private final ApiClient client;
        private final CoreV1Api api;
        private final String namespace;
        private final boolean gzip;

        KubernetesClientJava(Path kubeconfig, String namespace, boolean gzip) {
            this.namespace = namespace;
            this.gzip = gzip;
            try (Reader reader = Files.newBufferedReader(kubeconfig, StandardCharsets.UTF_8)) {
                ApiClient built = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
                if (!gzip) {
                    // OkHttp adds Accept-Encoding: gzip (and unzips transparently) only when the request names none.
                    built.setHttpClient(built.getHttpClient().newBuilder()
                            .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                                    .header("Accept-Encoding", "identity").build()))
                            .build());
                }
                client = built;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            api = new CoreV1Api(client);
        }

        @Override
        public String name() {
            return gzip ? "kubernetes-client-java-gzip" : "kubernetes-client-java";
        }

        @Override
        public Object listFull() {
            try {
                return api.listNamespacedConfigMap(namespace).execute().getItems();
            } catch (ApiException e) {
                throw new IllegalStateException("kubernetes-client/java list failed: HTTP " + e.getCode(), e);
            }
        }

        @Override
        public Object listPaged(int pageSize) {
            List<V1ConfigMap> items = new ArrayList<>();
            String token = null;
            try {
                do {
                    V1ConfigMapList page = api.listNamespacedConfigMap(namespace).limit(pageSize)._continue(token).execute();
                    items.addAll(page.getItems());
                    token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
                    token = token == null || token.isEmpty() ? null : token;
                } while (token != null);
            } catch (ApiException e) {
                throw new IllegalStateException("kubernetes-client/java list failed: HTTP " + e.getCode(), e);
            }
            return items;
        }

        @Override
        public int verify(Object result) {
            int whole = 0;
            for (Object item : (List<?>) result) {
                V1ConfigMap configMap = (V1ConfigMap) item;
                Map<String, String> data = configMap.getData();
                if (configMap.getMetadata() != null && configMap.getMetadata().getName() != null && data != null && data.size() == 4) {
                    whole++;
                }
            }
            return whole;
        }

        @Override
        public void close() {
            client.getHttpClient().dispatcher().executorService().shutdown();
            client.getHttpClient().connectionPool().evictAll();
        }
    }
}
