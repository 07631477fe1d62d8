package dev.capstan.client;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.KubernetesJson.DecodeOptions;
import dev.capstan.api.KubernetesObject;
import dev.capstan.api.PartialObjectMetadata;
import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import dev.capstan.api.meta.v1.Status;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.ObjectCodec;
import dev.capstan.client.rest.RestResponse;
import dev.capstan.client.rest.PatchType;
import dev.capstan.client.rest.RestClient;
import dev.capstan.client.rest.RestRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * The one implementation of {@link ResourceClient}: builds paths and query strings, encodes
 * bodies, decodes results. Immutable.
 */
final class DefaultResourceClient<T> implements ResourceClient<T> {
    private static final String JSON = "application/json";

    private final RestClient rest;
    private final ResourceType<T> type;
    private final String namespace;
    private final JavaType itemType;
    private final JavaType listType;
    private final ObjectCodec codec = ObjectCodec.json();
    private final DecodeOptions decodeOptions;
    /** Whether this client reads {@link PartialObjectMetadata} through the {@code as=} media-type parameter. */
    private final boolean metadataOnly;

    DefaultResourceClient(RestClient rest, ResourceType<T> type, String namespace) {
        this(rest, type, namespace, DecodeOptions.defaults(), false);
    }

    private DefaultResourceClient(RestClient rest, ResourceType<T> type, String namespace, DecodeOptions decodeOptions,
            boolean metadataOnly) {
        this.rest = rest;
        this.type = type;
        this.namespace = namespace;
        this.decodeOptions = decodeOptions;
        this.metadataOnly = metadataOnly;
        this.itemType = KubernetesJson.mapper().constructType(type.type());
        this.listType = KubernetesJson.mapper().getTypeFactory().constructParametricType(ObjectList.class, type.type());
    }

    /** A metadata-only client for {@code target}'s resource. */
    static ResourceClient<PartialObjectMetadata> metadata(RestClient rest, ResourceType<?> target, String namespace) {
        ResourceType<PartialObjectMetadata> type = new ResourceType<>(PartialObjectMetadata.class, target.group(),
                target.version(), target.kind(), target.plural(), target.singular(), target.shortNames(), target.namespaced());
        return new DefaultResourceClient<>(rest, type, namespace, DecodeOptions.defaults(), true);
    }

    @Override
    public ResourceClient<T> decoding(DecodeOptions options) {
        return new DefaultResourceClient<>(rest, type, namespace, Objects.requireNonNull(options, "options"), metadataOnly);
    }

    @Override
    public ResourceType<T> type() {
        return type;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public ResourceClient<T> inNamespace(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (!type.namespaced()) {
            throw new IllegalArgumentException(type.kind() + " is cluster-scoped; it has no namespace '" + namespace + "'");
        }
        return new DefaultResourceClient<>(rest, type, namespace, decodeOptions, metadataOnly);
    }

    @Override
    public ResourceClient<T> inAnyNamespace() {
        return new DefaultResourceClient<>(rest, type, null, decodeOptions, metadataOnly);
    }

    // ---- reads -------------------------------------------------------------------------------

    @Override
    public T get(String name) {
        return decode(rest.call(getRequest(name)));
    }

    @Override
    public Optional<T> find(String name) {
        try {
            return Optional.of(get(name));
        } catch (KubernetesApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Mono<T> getAsync(String name) {
        return rest.exchange(getRequest(name)).map(this::decode);
    }

    private RestRequest getRequest(String name) {
        return accept(RestRequest.get(objectPath(namespace, name, null)), false)
                .describedAs("get " + type.singular() + " " + qualified(namespace, name));
    }

    @Override
    public ObjectList<T> list(ListOptions options) {
        return rest.call(listRequest(options), this::readList);
    }

    @Override
    public Mono<ObjectList<T>> listAsync(ListOptions options) {
        return rest.exchange(listRequest(options), this::readList);
    }

    /**
     * Decodes a list while its body arrives ({@link RestClient#exchange(RestRequest, dev.capstan.client.rest.BodyReader)}):
     * a list of many thousands of objects is never held as one buffer.
     */
    private ObjectList<T> readList(java.io.InputStream body, RestResponse response) throws java.io.IOException {
        checkContentType(response);
        return completeList(codec.decode(body, listType, decodeOptions));
    }

    @Override
    public Flux<T> listAll(ListOptions options, long pageSize) {
        ListOptions first = options.withLimit(pageSize);
        return listAsync(first)
                .expand(page -> page.continueToken() == null ? Mono.empty() : listAsync(first.withContinue(page.continueToken())))
                .concatMapIterable(ObjectList::items);
    }

    private RestRequest listRequest(ListOptions options) {
        return accept(RestRequest.get(collectionPath()), true)
                .query("labelSelector", options.labelSelector())
                .query("fieldSelector", options.fieldSelector())
                .query("limit", options.limit())
                .query("continue", options.continueToken())
                .query("resourceVersion", options.resourceVersion())
                .query("resourceVersionMatch", options.resourceVersionMatch())
                .describedAs("list " + type.plural() + where());
    }

    @Override
    public Flux<WatchEvent<T>> watch(WatchOptions options) {
        RestRequest request = accept(RestRequest.get(collectionPath()), false)
                .query("watch", "true")
                .query("resourceVersion", options.resourceVersion())
                .query("labelSelector", options.labelSelector())
                .query("fieldSelector", options.fieldSelector())
                .query("timeoutSeconds", options.timeoutSeconds())
                .query("allowWatchBookmarks", options.allowBookmarks() ? "true" : null)
                .query("sendInitialEvents", options.sendInitialEvents() ? "true" : null)
                .query("resourceVersionMatch", options.sendInitialEvents() ? "NotOlderThan" : null)
                .describedAs("watch " + type.plural() + where());
        // One parser per stream, not per event (see LineParser): a fresh one for each subscription.
        return Flux.defer(() -> {
            LineParser lines = new LineParser();
            return rest.streamLines(request).map(line -> event(line, lines)).doFinally(signal -> lines.close());
        });
    }

    /**
     * Decodes one watch-event line. The object is decoded straight from the parser into the target
     * type (no intermediate tree) once its type is known; the server always sends {@code type}
     * first, and the tree path covers anyone who does not.
     */
    private WatchEvent<T> event(byte[] line, LineParser lines) {
        JsonParser parser = lines.start(line);
        boolean read = false;
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformedEvent(line, "not a JSON object");
            }
            String kind = null;
            WatchEvent<T> event = null;
            JsonNode deferred = null;
            for (String field; (field = parser.nextName()) != null; ) {
                parser.nextToken();
                if (field.equals("type")) {
                    kind = parser.getValueAsString();
                } else if (field.equals("object")) {
                    if (kind == null) {
                        deferred = tree(parser);
                    } else {
                        event = eventOf(kind, parser, null);
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (event == null && kind != null && deferred != null) {
                event = eventOf(kind, null, deferred);
            }
            if (event == null) {
                throw malformedEvent(line, kind == null ? "no \"type\"" : "no \"object\"");
            }
            read = true;
            if (!lines.finish()) {
                throw malformedEvent(line, "more than one JSON value on the line");
            }
            return event;
        } catch (tools.jackson.core.JacksonException e) {
            throw new dev.capstan.api.DecodeException("watch " + type.plural() + where() + ": malformed event: "
                    + e.getOriginalMessage(), "", e);
        } finally {
            if (!read) {
                lines.fail();
            }
        }
    }

    private WatchEvent<T> eventOf(String kind, JsonParser parser, JsonNode tree) {
        return switch (kind) {
            case "ADDED" -> new WatchEvent.Added<>(object(parser, tree));
            case "MODIFIED" -> new WatchEvent.Modified<>(object(parser, tree));
            case "DELETED" -> new WatchEvent.Deleted<>(object(parser, tree));
            case "BOOKMARK" -> {
                JsonNode object = tree != null ? tree : tree(parser);
                yield new WatchEvent.Bookmark<>(object.at("/metadata/resourceVersion").asString(""),
                        "true".equals(object.at("/metadata/annotations/k8s.io~1initial-events-end").asString("")));
            }
            case "ERROR" -> new WatchEvent.Error<>(tree != null ? KubernetesJson.fromTree(tree, Status.class)
                    : KubernetesJson.decode(parser, KubernetesJson.mapper().constructType(Status.class), DecodeOptions.defaults()));
            default -> throw new KubernetesApiException("watch " + type.plural() + where() + ": unknown event type '" + kind + "'",
                    0, null, null);
        };
    }

    private T object(JsonParser parser, JsonNode tree) {
        if (tree != null) {
            return metadataOnly || decodeOptions.stripManagedFields()
                    ? KubernetesJson.decode(KubernetesJson.mapper().writeValueAsBytes(tree), itemType, decodeOptions)
                    : fromTree(tree);
        }
        return KubernetesJson.decode(parser, itemType, decodeOptions);
    }

    private static final JavaType TREE = KubernetesJson.mapper().constructType(JsonNode.class);

    private static JsonNode tree(JsonParser parser) {
        return KubernetesJson.decode(parser, TREE, DecodeOptions.defaults());
    }

    private dev.capstan.api.DecodeException malformedEvent(byte[] bytes, String problem) {
        String line = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.UTF_8);
        return new dev.capstan.api.DecodeException("watch " + type.plural() + where() + ": malformed event (" + problem + "): "
                + (line.length() > 200 ? line.substring(0, 200) + "…" : line), "", null);
    }

    /** Adds the metadata-only media type when this client reads {@link PartialObjectMetadata}. */
    private RestRequest accept(RestRequest request, boolean list) {
        return metadataOnly
                ? request.accepting("application/json;as=" + (list ? "PartialObjectMetadataList" : "PartialObjectMetadata")
                        + ";g=meta.k8s.io;v=v1")
                : request;
    }

    private void refuseMetadataOnlyWrite(String verb) {
        if (metadataOnly) {
            throw new UnsupportedOperationException("a metadata-only client cannot " + verb + " " + type.plural()
                    + ": it holds no spec or status; use client.resources(...) for writes");
        }
    }

    // ---- writes ------------------------------------------------------------------------------

    @Override
    public T create(T object) {
        return create(object, WriteOptions.defaults());
    }

    @Override
    public T create(T object, WriteOptions options) {
        return createAsync(object, options).block();
    }

    @Override
    public Mono<T> createAsync(T object, WriteOptions options) {
        refuseMetadataOnlyWrite("create");
        RestRequest request = write(RestRequest.of("POST", namespacedCollectionPath(object)), options)
                .body(codec.encode(object), codec.mediaType())
                .describedAs("create " + type.singular() + " " + describe(object));
        return Mono.defer(() -> rest.exchange(request)).map(this::decode);
    }

    @Override
    public T update(T object) {
        return update(object, WriteOptions.defaults());
    }

    @Override
    public T update(T object, WriteOptions options) {
        return put(object, null, options, "update");
    }

    @Override
    public T updateStatus(T object) {
        return put(object, "status", WriteOptions.defaults(), "update status of");
    }

    private T put(T object, String subresource, WriteOptions options, String verb) {
        refuseMetadataOnlyWrite(verb);
        RestRequest request = write(RestRequest.of("PUT", objectPath(namespaceOf(object), name(object), subresource)), options)
                .body(codec.encode(object), codec.mediaType())
                .describedAs(verb + " " + type.singular() + " " + describe(object));
        return decode(rest.call(request));
    }

    @Override
    public T patch(String name, PatchType patchType, String patch) {
        return patch(name, patchType, patch, WriteOptions.defaults());
    }

    @Override
    public T patch(String name, PatchType patchType, String patch, WriteOptions options) {
        return sendPatch(name, null, patchType, patch, options);
    }

    @Override
    public T patchStatus(String name, PatchType patchType, String patch) {
        return sendPatch(name, "status", patchType, patch, WriteOptions.defaults());
    }

    @Override
    public T apply(T object, WriteOptions options) {
        if (options.fieldManager() == null || options.fieldManager().isBlank()) {
            throw new IllegalArgumentException("server-side apply needs a field manager: WriteOptions.fieldManager(\"my-controller\")");
        }
        refuseMetadataOnlyWrite("apply");
        return sendPatch(name(object), null, PatchType.APPLY, KubernetesJson.encode(object), options);
    }

    private T sendPatch(String name, String subresource, PatchType patchType, String patch, WriteOptions options) {
        RestRequest request = accept(write(RestRequest.of("PATCH", objectPath(namespace, name, subresource)), options), false)
                .query("force", patchType == PatchType.APPLY && options.force() ? "true" : null)
                .body(patch.getBytes(StandardCharsets.UTF_8), patchType.contentType())
                .describedAs((patchType == PatchType.APPLY ? "apply " : "patch ") + (subresource == null ? "" : subresource + " of ")
                        + type.singular() + " " + qualified(namespace, name));
        return decode(rest.call(request));
    }

    private static RestRequest write(RestRequest request, WriteOptions options) {
        return request.query("fieldManager", options.fieldManager()).query("dryRun", options.dryRun() ? "All" : null);
    }

    @Override
    public void delete(String name, DeletionOptions options) {
        rest.call(RestRequest.of("DELETE", objectPath(namespace, name, null))
                .body(deleteBody(options), JSON)
                .describedAs("delete " + type.singular() + " " + qualified(namespace, name)));
    }

    @Override
    public void deleteCollection(ListOptions selection, DeletionOptions options) {
        rest.call(RestRequest.of("DELETE", collectionPath())
                .query("labelSelector", selection.labelSelector())
                .query("fieldSelector", selection.fieldSelector())
                .body(deleteBody(options), JSON)
                .describedAs("delete collection of " + type.plural() + where()));
    }

    private static byte[] deleteBody(DeletionOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "v1");
        body.put("kind", "DeleteOptions");
        if (options.propagationPolicy() != null) {
            body.put("propagationPolicy", options.propagationPolicy());
        }
        if (options.gracePeriodSeconds() != null) {
            body.put("gracePeriodSeconds", options.gracePeriodSeconds());
        }
        if (options.preconditionUid() != null || options.preconditionResourceVersion() != null) {
            Map<String, Object> preconditions = new LinkedHashMap<>();
            if (options.preconditionUid() != null) {
                preconditions.put("uid", options.preconditionUid());
            }
            if (options.preconditionResourceVersion() != null) {
                preconditions.put("resourceVersion", options.preconditionResourceVersion());
            }
            body.put("preconditions", preconditions);
        }
        if (options.dryRun()) {
            body.put("dryRun", List.of("All"));
        }
        return KubernetesJson.encodeToBytes(body);
    }

    // ---- paths and decoding ----------------------------------------------------------------------

    private String groupVersionPath() {
        return type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.group() + "/" + type.version();
    }

    private String collectionPath() {
        return groupVersionPath() + (type.namespaced() && namespace != null ? "/namespaces/" + namespace : "") + "/" + type.plural();
    }

    private String namespacedCollectionPath(T object) {
        String ns = namespaceOf(object);
        return groupVersionPath() + (type.namespaced() && ns != null ? "/namespaces/" + ns : "") + "/" + type.plural();
    }

    private String objectPath(String ns, String name, String subresource) {
        if (type.namespaced() && ns == null) {
            throw new IllegalArgumentException(type.kind() + " '" + name + "' is namespaced: call inNamespace(...) first");
        }
        Objects.requireNonNull(name, "name");
        return groupVersionPath() + (type.namespaced() ? "/namespaces/" + ns : "") + "/" + type.plural() + "/" + name
                + (subresource == null ? "" : "/" + subresource);
    }

    /** The object's own namespace if it names one, else this client's. */
    private String namespaceOf(T object) {
        if (!type.namespaced()) {
            return null;
        }
        String own = object instanceof KubernetesObject o && o.metadata() != null ? o.metadata().namespace() : null;
        if (own != null && namespace != null && !own.equals(namespace)) {
            throw new IllegalArgumentException(type.kind() + " " + name(object) + " names namespace '" + own
                    + "' but this client works in '" + namespace + "'");
        }
        return own != null ? own : namespace;
    }

    private String name(T object) {
        if (object instanceof KubernetesObject o && o.metadata() != null && o.metadata().name() != null) {
            return o.metadata().name();
        }
        throw new IllegalArgumentException("the " + type.kind() + " has no metadata.name");
    }

    private String describe(T object) {
        String name = object instanceof KubernetesObject o && o.metadata() != null ? o.metadata().name() : null;
        return qualified(namespaceOf(object), name == null ? "(generateName)" : name);
    }

    private String where() {
        return namespace == null ? (type.namespaced() ? " in all namespaces" : "") : " in namespace " + namespace;
    }

    private static String qualified(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }

    private T decode(RestResponse response) {
        return codec.decode(checkedBody(response), itemType, decodeOptions);
    }

    /** The body, after checking that the codec reads its content type. */
    private byte[] checkedBody(RestResponse response) {
        checkContentType(response);
        return response.body();
    }

    private void checkContentType(RestResponse response) {
        if (!codec.reads(response.contentType())) {
            throw new KubernetesApiException(type.plural() + ": the server answered with content type '"
                    + response.contentType() + "', which the " + codec.mediaType() + " codec cannot read", response.code(), null, null);
        }
    }

    private T fromTree(JsonNode object) {
        return KubernetesJson.fromTree(object, type.type());
    }

    @SuppressWarnings("unchecked")
    private ObjectList<T> completeList(ObjectList<T> list) {
        if (type.type() == Unstructured.class && list.kind() != null && list.kind().endsWith("List")) {
            // list items carry no apiVersion/kind on the wire; typed records fill theirs, do the same here
            String kind = list.kind().substring(0, list.kind().length() - 4);
            List<Object> items = new java.util.ArrayList<>();
            for (T item : list.items()) {
                Unstructured u = (Unstructured) item;
                items.add(u.apiVersion() != null ? u : u.edit(tree -> tree.put("apiVersion", list.apiVersion()).put("kind", kind)));
            }
            return new ObjectList<>(list.apiVersion(), list.kind(), list.metadata(), (List<T>) items, list.unknownFields());
        }
        return list;
    }
}
