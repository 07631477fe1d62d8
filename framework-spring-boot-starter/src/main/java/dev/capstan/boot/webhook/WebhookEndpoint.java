package dev.capstan.boot.webhook;

import dev.capstan.api.DecodeException;
import dev.capstan.api.KubernetesJson;
import dev.capstan.boot.webhook.AdmissionReviews.MalformedReviewException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * One webhook path: reads an AdmissionReview, decodes the objects into the declared type, runs
 * the validator or mutator, and writes the AdmissionReview response.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>The body is collected on the event loop (bounded by {@link #MAX_BODY_BYTES}, beyond
 *       which the answer is 413), then everything else, decoding included, runs on Reactor's
 *       bounded-elastic scheduler: user code may block, and Capstan's client refuses to block on
 *       an event loop.</li>
 *   <li>Outcomes: an unusable AdmissionReview is HTTP 400 with a plain-text message (no uid to
 *       answer with); an object that does not decode into the declared type is a denial with
 *       code 400 and the decoder's message (the requester's own data, so safe to echo); an
 *       exception from user code is a denial with code 500 whose message names only the uid
 *       (fail closed; the cause is logged, not echoed).</li>
 *   <li>Logs never contain the request body or objects (they may be Secrets): a failure is
 *       logged with the webhook, the uid, the operation, the resource and the object's
 *       namespace/name.</li>
 *   <li>For a mutation the baseline of the patch is the decoded object encoded again, taken
 *       before the mutator runs, rather than the raw JSON the API server sent. Decoding drops
 *       explicit {@code null}s (the API server sends {@code "creationTimestamp": null} on
 *       CREATE) and whatever a user class does not model; diffing against the raw JSON would
 *       turn those into spurious {@code remove} operations. Every path the patch removes or
 *       replaces exists in the baseline, hence in the object the API server holds. Taking it
 *       first also keeps it right when a mutable custom class is changed in place.</li>
 * </ul>
 */
final class WebhookEndpoint<T> {
    /**
     * Largest AdmissionReview read: 16 MiB. The API server's requests are at most 3 MiB, and an
     * AdmissionReview of an UPDATE carries the object twice.
     */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final Log LOG = LogFactory.getLog(WebhookEndpoint.class);

    /** What a webhook does with a decoded request; returns the response body. */
    private interface Answer<T> {
        byte[] answer(AdmissionRequest<T> request);
    }

    private final String path;
    private final Class<T> type;
    private final String origin;
    private final boolean mutating;
    private final Answer<T> answer;

    private WebhookEndpoint(String path, Class<T> type, String origin, boolean mutating, Answer<T> answer) {
        this.path = path;
        this.type = type;
        this.origin = origin;
        this.mutating = mutating;
        this.answer = answer;
    }

    static <T> WebhookEndpoint<T> validating(String path, Class<T> type, AdmissionValidator<T> validator, String origin) {
        Objects.requireNonNull(validator, "validator");
        return new WebhookEndpoint<>(path, type, origin, false, request -> {
            AdmissionResult result = validator.validate(request);
            if (result == null) {
                throw new IllegalStateException("the validator returned null instead of an AdmissionResult");
            }
            return AdmissionReviews.response(request.uid(), result, null);
        });
    }

    static <T> WebhookEndpoint<T> mutating(String path, Class<T> type, AdmissionMutator<T> mutator, String origin) {
        Objects.requireNonNull(mutator, "mutator");
        return new WebhookEndpoint<>(path, type, origin, true, request -> {
            T object = request.object();
            if (object == null || (request.operation() != AdmissionRequest.Operation.CREATE
                    && request.operation() != AdmissionRequest.Operation.UPDATE)) {
                return AdmissionReviews.response(request.uid(), AdmissionResult.allow(), null);
            }
            JsonNode before = KubernetesJson.toTree(object);
            T mutated = mutator.mutate(request);
            if (mutated == null) {
                throw new IllegalStateException("the mutator returned null; return request.object() to admit it unchanged");
            }
            ArrayNode patch = JsonPatches.diff(before, KubernetesJson.toTree(mutated));
            return AdmissionReviews.response(request.uid(), AdmissionResult.allow(), patch);
        });
    }

    String path() {
        return path;
    }

    Class<T> type() {
        return type;
    }

    /** Who declared this webhook, for messages: {@code @ValidatingWebhook on bean 'fooValidator'}. */
    String origin() {
        return origin;
    }

    boolean isMutating() {
        return mutating;
    }

    /** Handles one POST. */
    Mono<ServerResponse> handle(ServerRequest request) {
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES)
                .map(WebhookEndpoint::bytes)
                .defaultIfEmpty(new byte[0])
                .publishOn(Schedulers.boundedElastic())
                .map(this::review)
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(Reply.error(HttpStatus.CONTENT_TOO_LARGE,
                        "the body is larger than " + MAX_BODY_BYTES + " bytes")))
                .flatMap(reply -> ServerResponse.status(reply.status())
                        .contentType(reply.status() == HttpStatus.OK ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN)
                        .bodyValue(reply.body()));
    }

    /** A response: an AdmissionReview (200) or a plain-text error. */
    record Reply(HttpStatus status, byte[] body) {
        static Reply error(HttpStatus status, String message) {
            return new Reply(status, (message + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers one AdmissionReview body; never throws for bad input or user code. */
    Reply review(byte[] body) {
        AdmissionReviews.Parsed parsed;
        try {
            parsed = AdmissionReviews.parse(body);
        } catch (MalformedReviewException e) {
            LOG.warn("Webhook " + path + " refused a request: malformed AdmissionReview: " + e.getMessage());
            return Reply.error(HttpStatus.BAD_REQUEST, "malformed AdmissionReview: " + e.getMessage());
        }
        AdmissionRequest<Object> meta = parsed.request();
        AdmissionRequest<T> request;
        try {
            boolean decodeObjects = meta.operation() != AdmissionRequest.Operation.CONNECT;
            request = new AdmissionRequest<>(meta.uid(), meta.kind(), meta.resource(), meta.subResource(),
                    meta.requestKind(), meta.requestResource(), meta.requestSubResource(), meta.name(), meta.namespace(),
                    meta.operation(), meta.userInfo(),
                    decodeObjects ? decode(parsed.object(), "object") : null,
                    decodeObjects ? decode(parsed.oldObject(), "oldObject") : null,
                    meta.dryRun(),
                    decodeObjects ? meta.options() : parsed.object());
        } catch (DecodeException e) {
            // The message may quote a value of the object: it goes back to the requester, who sent
            // it, but only its location goes to the log.
            LOG.warn("Webhook " + path + " denied request " + describe(meta) + ": the object does not decode as "
                    + type.getName() + " (at " + (e.path().isEmpty() ? "the top level" : e.path()) + ")");
            return ok(AdmissionReviews.response(meta.uid(), AdmissionResult.deny(e.getMessage(), 400), null));
        }
        try {
            return ok(answer.answer(request));
        } catch (Exception e) {
            String webhook = "Webhook " + path + (origin.endsWith(path) ? "" : " (" + origin + ")");
            LOG.error(webhook + " failed on request " + describe(meta)
                    + "; denying it (fail closed)", e);
            return ok(AdmissionReviews.response(meta.uid(), AdmissionResult.deny("internal error in webhook " + path
                    + " while handling request " + meta.uid() + "; the webhook's log has the cause", 500), null));
        }
    }

    private @Nullable T decode(@Nullable JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        try {
            return KubernetesJson.fromTree(node, type);
        } catch (DecodeException e) {
            throw new DecodeException("request." + field + ": " + e.getMessage(), e.path(), e);
        } catch (RuntimeException e) {
            throw new DecodeException("request." + field + ": cannot decode as " + type.getName() + ": "
                    + e.getClass().getSimpleName(), "", e);
        }
    }

    /** uid, operation, resource and object key: what identifies a request in the log, without its data. */
    private static String describe(AdmissionRequest<?> request) {
        return request.uid() + " (" + request.operation() + " " + request.resource()
                + (request.subResource() != null ? "/" + request.subResource() : "") + " " + request.objectKey() + ")";
    }

    private static Reply ok(byte[] body) {
        return new Reply(HttpStatus.OK, body);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
