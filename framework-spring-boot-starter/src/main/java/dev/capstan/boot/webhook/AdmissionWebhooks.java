package dev.capstan.boot.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Builds the WebFlux routes that serve admission webhooks: the level below
 * {@link ValidatingWebhook} and {@link MutatingWebhook}, for applications that prefer to
 * register webhooks in code (the auto-configuration calls it with every annotated bean).
 *
 * <pre>{@code
 * @Bean
 * RouterFunction<ServerResponse> webhooks(FooValidator validator) {
 *     return AdmissionWebhooks.builder()
 *             .validating("/validate-foo", Foo.class, validator)
 *             .mutating("/default-configmap", ConfigMap.class, request -> withTeamLabel(request.object()))
 *             .build();
 * }
 * }</pre>
 *
 * Each path answers {@code POST} with an AdmissionReview ({@code admission.k8s.io/v1}) carrying
 * the request's uid, or with HTTP 400 and a plain-text message when the body is not a usable
 * AdmissionReview; other methods get 405. See {@link AdmissionValidator} and
 * {@link AdmissionMutator} for threading and failure handling.
 */
public final class AdmissionWebhooks {
    /** What a webhook path may contain: no pattern syntax, query or fragment. */
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

    private AdmissionWebhooks() {}

    /** A builder with no webhooks. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects webhooks; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final List<WebhookEndpoint<?>> endpoints = new ArrayList<>();

        private Builder() {}

        /** Adds a validating webhook on {@code path} whose objects are decoded into {@code type}. */
        public <T> Builder validating(String path, Class<T> type, AdmissionValidator<T> validator) {
            return validating(path, type, validator, "validating webhook " + path);
        }

        /** Adds a mutating webhook on {@code path} whose objects are decoded into {@code type}. */
        public <T> Builder mutating(String path, Class<T> type, AdmissionMutator<T> mutator) {
            return mutating(path, type, mutator, "mutating webhook " + path);
        }

        /** As {@link #validating(String, Class, AdmissionValidator)}, naming who declared it in errors and logs. */
        <T> Builder validating(String path, Class<T> type, AdmissionValidator<T> validator, String origin) {
            endpoints.add(WebhookEndpoint.validating(checkedPath(path, origin), Objects.requireNonNull(type, "type"),
                    validator, origin));
            return this;
        }

        /** As {@link #mutating(String, Class, AdmissionMutator)}, naming who declared it in errors and logs. */
        <T> Builder mutating(String path, Class<T> type, AdmissionMutator<T> mutator, String origin) {
            endpoints.add(WebhookEndpoint.mutating(checkedPath(path, origin), Objects.requireNonNull(type, "type"),
                    mutator, origin));
            return this;
        }

        /**
         * The routes of every webhook added; a function that matches nothing when none was.
         *
         * @throws IllegalStateException when two webhooks share a path, naming both
         */
        public RouterFunction<ServerResponse> build() {
            Map<String, WebhookEndpoint<?>> byPath = new LinkedHashMap<>();
            for (WebhookEndpoint<?> endpoint : endpoints) {
                WebhookEndpoint<?> other = byPath.putIfAbsent(endpoint.path(), endpoint);
                if (other != null) {
                    throw new IllegalStateException(endpoint.origin() + ": path = \"" + endpoint.path()
                            + "\" is already served by " + other.origin() + "; each path serves one webhook");
                }
            }
            if (byPath.isEmpty()) {
                return request -> Mono.empty();
            }
            RouterFunctions.Builder routes = RouterFunctions.route();
            for (WebhookEndpoint<?> endpoint : byPath.values()) {
                routes.POST(endpoint.path(), endpoint::handle);
                routes.route(RequestPredicates.path(endpoint.path()), request -> ServerResponse
                        .status(HttpStatus.METHOD_NOT_ALLOWED)
                        .header(HttpHeaders.ALLOW, HttpMethod.POST.name())
                        .contentType(MediaType.TEXT_PLAIN)
                        .bodyValue("admission webhook " + endpoint.path() + " accepts POST only\n"));
            }
            return routes.build();
        }

        /** What the built routes serve, in order added; for logs and tests. */
        List<WebhookEndpoint<?>> endpoints() {
            return List.copyOf(endpoints);
        }

        private static String checkedPath(String path, String origin) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException(origin + ": path = " + (path == null ? "null" : "\"" + path + "\"")
                        + " must start with '/'");
            }
            if (!PATH.matcher(path).matches()) {
                throw new IllegalArgumentException(origin + ": path = \"" + path
                        + "\" must be a plain URL path (letters, digits and - . _ ~ /; no spaces, '?', '#', '{', '}' or '*')");
            }
            return path;
        }
    }
}
