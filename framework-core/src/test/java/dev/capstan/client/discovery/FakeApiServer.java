package dev.capstan.client.discovery;

import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.TlsSettings;
import dev.capstan.client.rest.RestClient;
import dev.capstan.client.rest.RestOptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scripted API server on loopback port 0 that serves discovery from a model of resources, in
 * the aggregated or the legacy format, plus any routes a test adds. Records every request.
 * Thread-safe; the model may change while the server runs (install a "CRD").
 */
public final class FakeApiServer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static final String V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    /** How the server answers {@code /api} and {@code /apis}. */
    public enum Mode {
        /** Honours the aggregated v2 media type. */
        AGGREGATED_V2,
        /** Honours only v2beta1 (Kubernetes 1.26–1.29). */
        AGGREGATED_V2BETA1,
        /** Ignores the Accept header: legacy JSON always. */
        LEGACY,
        /** Refuses any request asking for apidiscovery media types with 406, as a strict proxy might. */
        REFUSES_AGGREGATED
    }

    /** One resource of the model. */
    public record Resource(String group, String version, String plural, String singular, String kind, boolean namespaced,
            List<String> shortNames, List<String> subresources) {
        public String apiVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    /** A request as received. */
    public record Exchange(String method, String path, @Nullable String accept, @Nullable String contentType, String body) {}

    /** A scripted answer. */
    public record Reply(int status, String contentType, String body) {
        public static Reply json(String body) {
            return new Reply(200, "application/json", body);
        }
    }

    private final List<Resource> resources = new CopyOnWriteArrayList<>();
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, Function<Exchange, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private volatile Mode mode;
    private volatile boolean broken;
    private volatile @Nullable String token;
    private volatile java.time.Duration delay = java.time.Duration.ZERO;
    private final DisposableServer server;

    public FakeApiServer(Mode mode) {
        this.mode = mode;
        this.server = HttpServer.create().host("127.0.0.1").port(0).handle((req, res) -> req.receive().aggregate().asString()
                .defaultIfEmpty("")
                .flatMap(body -> {
                    String path = req.fullPath();
                    Exchange exchange = new Exchange(req.method().name(), path, req.requestHeaders().get("Accept"),
                            req.requestHeaders().get("Content-Type"), body);
                    exchanges.add(exchange);
                    String required = token;
                    Reply reply = required != null && !("Bearer " + required).equals(req.requestHeaders().get("Authorization"))
                            ? new Reply(401, "application/json", "{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}")
                            : answer(exchange);
                    Mono<Reply> delayed = delay.isZero() ? Mono.just(reply) : Mono.delay(delay).thenReturn(reply);
                    return delayed.flatMap(r -> res.status(r.status()).header("Content-Type", r.contentType())
                            .sendString(Mono.just(r.body())).then());
                })).bindNow();
    }

    /** A server with a small built-in set: core, apps, events.k8s.io and autoscaling. */
    public static FakeApiServer standard(Mode mode) {
        FakeApiServer server = new FakeApiServer(mode);
        server.add(resource("", "v1", "pods", "Pod", true, List.of("po"), List.of("status", "log")));
        server.add(resource("", "v1", "namespaces", "Namespace", false, List.of("ns"), List.of("status")));
        server.add(resource("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), List.of()));
        server.add(resource("", "v1", "events", "Event", true, List.of("ev"), List.of()));
        server.add(resource("", "v1", "replicationcontrollers", "ReplicationController", true, List.of("rc"), List.of("status", "scale")));
        server.add(resource("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), List.of("status", "scale")));
        server.add(resource("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), List.of("status", "scale")));
        server.add(resource("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), List.of("status")));
        server.add(resource("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), List.of()));
        server.add(resource("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa"), List.of("status")));
        server.add(resource("autoscaling", "v1", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa"), List.of("status")));
        return server;
    }

    public static Resource resource(String group, String version, String plural, String kind, boolean namespaced,
            List<String> shortNames, List<String> subresources) {
        return new Resource(group, version, plural, kind.toLowerCase(java.util.Locale.ROOT), kind, namespaced, shortNames, subresources);
    }

    public void add(Resource resource) {
        resources.add(resource);
    }

    public void remove(String group, String plural) {
        resources.removeIf(r -> r.group().equals(group) && r.plural().equals(plural));
    }

    /** Aggregated discovery marks this group-version stale. */
    public void stale(String apiVersion) {
        stale.add(apiVersion);
    }

    /** The legacy request for this group-version answers 503. */
    public void failing(String apiVersion) {
        failing.add(apiVersion);
    }

    /** Every discovery and route request answers 500 while broken. */
    public void broken(boolean broken) {
        this.broken = broken;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Delays every answer (without blocking a thread). */
    public void delay(java.time.Duration delay) {
        this.delay = delay;
    }

    /** Answers {@code method path} with {@code handler}. */
    public void on(String method, String path, Function<Exchange, Reply> handler) {
        routes.put(method + " " + path, handler);
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** The paths requested, in order, as {@code "GET /api"}. */
    public List<String> requests() {
        return exchanges.stream().map(e -> e.method() + " " + e.path()).toList();
    }

    public int requestCount() {
        return exchanges.size();
    }

    /** A configuration for this server, namespace {@code default}, with the given credentials. */
    public ClientConfig config(CredentialProvider credentials) {
        return new ClientConfig(URI.create("http://127.0.0.1:" + server.port()), "default",
                new TlsSettings(null, false, null), credentials, null, "fake API server");
    }

    public RestClient restClient() {
        return restClient(CredentialProvider.none());
    }

    public RestClient restClient(CredentialProvider credentials) {
        return RestClient.create(config(credentials), RestOptions.defaults().withoutRateLimit().withMaxRetries(0));
    }

    /** Every request must carry {@code Authorization: Bearer token}, or gets 401. */
    public void requireToken(@Nullable String token) {
        this.token = token;
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    // ---- answers --------------------------------------------------------------------------------

    private Reply answer(Exchange exchange) {
        if (broken) {
            return new Reply(500, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"message\":\"etcd is down\",\"reason\":\"InternalError\",\"code\":500}");
        }
        Function<Exchange, Reply> route = routes.get(exchange.method() + " " + exchange.path());
        if (route != null) {
            return route.apply(exchange);
        }
        String accept = exchange.accept() == null ? "" : exchange.accept();
        boolean wantsAggregated = accept.contains("apidiscovery.k8s.io");
        String path = exchange.path();
        if (path.equals("/api") || path.equals("/apis")) {
            boolean core = path.equals("/api");
            switch (mode) {
                case REFUSES_AGGREGATED -> {
                    if (wantsAggregated) {
                        return new Reply(406, "application/json", "{\"kind\":\"Status\",\"code\":406,\"reason\":\"NotAcceptable\"}");
                    }
                }
                case AGGREGATED_V2 -> {
                    if (accept.contains("v=v2;")) {
                        return new Reply(200, V2, aggregated(core));
                    }
                }
                case AGGREGATED_V2BETA1 -> {
                    if (accept.contains("v=v2beta1;")) {
                        return new Reply(200, V2BETA1, aggregated(core));
                    }
                }
                case LEGACY -> { }
            }
            return Reply.json(core ? apiVersions() : groupList());
        }
        for (String apiVersion : groupVersions().keySet()) {
            String gvPath = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
            if (path.equals(gvPath)) {
                if (failing.contains(apiVersion)) {
                    return new Reply(503, "text/plain", "service unavailable");
                }
                return Reply.json(resourceList(apiVersion));
            }
        }
        return new Reply(404, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"the server could not find the requested resource\",\"reason\":\"NotFound\",\"code\":404}");
    }

    /** group → versions in order of first appearance (the first is preferred); core first. */
    private Map<String, List<String>> groups() {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        resources.stream().filter(r -> r.group().isEmpty()).forEach(r -> groups.computeIfAbsent("", g -> new LinkedHashSet<>()).add(r.version()));
        resources.stream().filter(r -> !r.group().isEmpty())
                .forEach(r -> groups.computeIfAbsent(r.group(), g -> new LinkedHashSet<>()).add(r.version()));
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        groups.forEach((group, versions) -> ordered.put(group, List.copyOf(versions)));
        return ordered;
    }

    private Map<String, List<Resource>> groupVersions() {
        Map<String, List<Resource>> byApiVersion = new LinkedHashMap<>();
        groups().forEach((group, versions) -> versions.forEach(version -> byApiVersion.put(
                group.isEmpty() ? version : group + "/" + version,
                resources.stream().filter(r -> r.group().equals(group) && r.version().equals(version)).toList())));
        return byApiVersion;
    }

    private String apiVersions() {
        ObjectNode root = JSON.createObjectNode().put("kind", "APIVersions");
        ArrayNode versions = root.putArray("versions");
        groups().getOrDefault("", List.of()).forEach(versions::add);
        root.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "10.0.0.1:6443");
        return root.toString();
    }

    private String groupList() {
        ObjectNode root = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = root.putArray("groups");
        groups().forEach((group, versions) -> {
            if (group.isEmpty()) {
                return;
            }
            ObjectNode node = groups.addObject().put("name", group);
            ArrayNode list = node.putArray("versions");
            versions.forEach(v -> list.addObject().put("groupVersion", group + "/" + v).put("version", v));
            node.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
        });
        return root.toString();
    }

    private String resourceList(String apiVersion) {
        ObjectNode root = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", apiVersion);
        ArrayNode list = root.putArray("resources");
        for (Resource r : groupVersions().get(apiVersion)) {
            ObjectNode node = list.addObject().put("name", r.plural()).put("singularName", r.singular())
                    .put("namespaced", r.namespaced()).put("kind", r.kind());
            node.putArray("verbs").add("create").add("delete").add("get").add("list").add("patch").add("update").add("watch");
            if (!r.shortNames().isEmpty()) {
                ArrayNode shortNames = node.putArray("shortNames");
                r.shortNames().forEach(shortNames::add);
            }
            node.putArray("categories").add("all");
            for (String sub : r.subresources()) {
                ObjectNode s = list.addObject().put("name", r.plural() + "/" + sub).put("singularName", "")
                        .put("namespaced", r.namespaced());
                if (sub.equals("scale")) {
                    s.put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
                } else {
                    s.put("kind", r.kind());
                }
                s.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return root.toString();
    }

    private String aggregated(boolean core) {
        ObjectNode root = JSON.createObjectNode().put("kind", "APIGroupDiscoveryList")
                .put("apiVersion", mode == Mode.AGGREGATED_V2BETA1 ? "apidiscovery.k8s.io/v2beta1" : "apidiscovery.k8s.io/v2");
        root.putObject("metadata");
        ArrayNode items = root.putArray("items");
        groups().forEach((group, versions) -> {
            if (group.isEmpty() != core) {
                return;
            }
            ObjectNode item = items.addObject();
            ObjectNode metadata = item.putObject("metadata");
            if (!group.isEmpty()) {
                metadata.put("name", group);
            }
            ArrayNode versionNodes = item.putArray("versions");
            for (String version : versions) {
                String apiVersion = group.isEmpty() ? version : group + "/" + version;
                ObjectNode v = versionNodes.addObject().put("version", version);
                ArrayNode list = v.putArray("resources");
                for (Resource r : groupVersions().get(apiVersion)) {
                    ObjectNode node = list.addObject().put("resource", r.plural());
                    ObjectNode kind = node.putObject("responseKind").put("version", version).put("kind", r.kind());
                    if (!group.isEmpty()) {
                        kind.put("group", group);
                    }
                    node.put("scope", r.namespaced() ? "Namespaced" : "Cluster").put("singularResource", r.singular());
                    node.putArray("verbs").add("create").add("delete").add("get").add("list").add("patch").add("update").add("watch");
                    if (!r.shortNames().isEmpty()) {
                        ArrayNode shortNames = node.putArray("shortNames");
                        r.shortNames().forEach(shortNames::add);
                    }
                    node.putArray("categories").add("all");
                    if (!r.subresources().isEmpty()) {
                        ArrayNode subs = node.putArray("subresources");
                        for (String sub : r.subresources()) {
                            ObjectNode s = subs.addObject().put("subresource", sub);
                            if (sub.equals("scale")) {
                                s.putObject("responseKind").put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
                            } else {
                                ObjectNode k = s.putObject("responseKind").put("version", version).put("kind", r.kind());
                                if (!group.isEmpty()) {
                                    k.put("group", group);
                                }
                            }
                            s.putArray("verbs").add("get").add("patch").add("update");
                        }
                    }
                }
                v.put("freshness", stale.contains(apiVersion) ? "Stale" : "Current");
            }
        });
        return root.toString();
    }

    /** The body of the legacy resource list for tests that decode it themselves. */
    String legacyResourceList(String apiVersion) {
        return resourceList(apiVersion);
    }
}
