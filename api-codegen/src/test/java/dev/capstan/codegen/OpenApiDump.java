package dev.capstan.codegen;

import dev.capstan.testing.LocalControlPlane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refreshes the committed API documents from a local control plane of the pinned release:
 * the OpenAPI v3 document of every served group-version, and its discovery resource list
 * (plural, scope, short names). Run through {@code api-codegen/refresh-openapi.sh}.
 *
 * <p>Arguments: the output directory (normally {@code framework-core/src/main/openapi}).
 */
public final class OpenApiDump {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private OpenApiDump() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: OpenApiDump OUTPUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        try (LocalControlPlane cluster = LocalControlPlane.builder().controllers(java.util.List.of()).build().start()) {
            HttpClient http = cluster.httpClient();
            if (Files.exists(out)) {
                try (Stream<Path> old = Files.walk(out)) {
                    old.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(out)).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(out.resolve("v3"));
            Files.createDirectories(out.resolve("discovery"));
            Files.writeString(out.resolve("KUBERNETES_VERSION"), cluster.kubernetesVersion() + "\n");
            JsonNode index = JSON.readTree(get(http, "/openapi/v3"));
            int count = 0;
            for (Iterator<String> it = index.path("paths").propertyNames().iterator(); it.hasNext(); ) {
                String path = it.next();
                // api/v1 and apis/GROUP/VERSION: the documents that define kinds.
                if (!path.equals("api/v1") && !(path.startsWith("apis/") && path.split("/").length == 3)) {
                    continue;
                }
                String file = path.replace('/', '_') + ".json";
                write(out.resolve("v3").resolve(file), get(http, "/openapi/v3/" + path));
                write(out.resolve("discovery").resolve(file), get(http, "/" + path));
                count++;
            }
            System.out.println("wrote " + count + " group-versions of " + cluster.kubernetesVersion() + " to " + out);
        }
    }

    private static String get(HttpClient http, String path) {
        return http.get().uri(path)
                .responseSingle((response, body) -> {
                    if (response.status().code() != 200) {
                        return reactor.core.publisher.Mono.error(new IllegalStateException(
                                "GET " + path + " answered " + response.status()));
                    }
                    return body.asString(StandardCharsets.UTF_8);
                })
                .block(TIMEOUT);
    }

    private static void write(Path file, String json) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(JSON.readTree(json)) + "\n", StandardCharsets.UTF_8);
    }
}
