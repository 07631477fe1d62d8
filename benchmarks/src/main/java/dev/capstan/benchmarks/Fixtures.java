package dev.capstan.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON every benchmark decodes: N distinct Pods or ConfigMaps made from the templates
 * {@code pod.json} and {@code configmap.json} next to this class, in the compact form the API
 * server sends.
 *
 * <p>Copies differ the way objects in a real cluster do: each has its own name, uid,
 * resourceVersion, timestamps, pod IP, container IDs and service-account token volume name,
 * while values a real cluster repeats (image names, label keys and values of one ReplicaSet,
 * the 16 node names, probe settings) are the same in every copy. Output is deterministic: the
 * same {@code n} always gives the same strings.
 *
 * <h2>Implementation notes</h2> Templates are ordinary JSON whose varying values are
 * {@code {{placeholder}}}s inside strings, so they stay valid JSON and readable; they are
 * compacted once with Jackson and then filled by plain text replacement. Placeholder values
 * never need JSON escaping.
 */
final class Fixtures {
    /** Pods are spread over this many nodes (and so share this many node names and host IPs). */
    static final int NODES = 16;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The characters Kubernetes uses for generated name suffixes. */
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final Instant EPOCH = Instant.parse("2025-05-12T08:15:03Z");

    private Fixtures() {}

    /** {@code n} distinct Pods as compact JSON; see the class comment for what differs. */
    static List<String> pods(int n) {
        String template = compactTemplate("pod.json");
        Random random = new Random(0x9d5L);
        String[] nodes = new String[NODES];
        for (int i = 0; i < NODES; i++) {
            nodes[i] = "worker-pool-a-" + randomName(random, 5);
        }
        List<String> pods = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instant created = EPOCH.plusSeconds(11L * i);
            int node = i % NODES;
            pods.add(fill(template, Map.ofEntries(
                    Map.entry("suffix", randomName(random, 5)),
                    Map.entry("tokenSuffix", randomName(random, 5)),
                    Map.entry("uid", randomUuid(random)),
                    Map.entry("resourceVersion", Long.toString(48_213_000L + 37L * i + random.nextInt(30))),
                    Map.entry("created", created.toString()),
                    Map.entry("started", created.plusSeconds(4).toString()),
                    Map.entry("ready", created.plusSeconds(27).toString()),
                    Map.entry("podIP", podIp(i)),
                    Map.entry("nodeName", nodes[node]),
                    Map.entry("hostIP", "10.0.1." + (10 + node)),
                    Map.entry("containerId1", randomHex(random, 64)),
                    Map.entry("containerId2", randomHex(random, 64)))));
        }
        return pods;
    }

    /** {@code n} distinct ConfigMaps of about 1 KiB of data each, as compact JSON. */
    static List<String> configMaps(int n) {
        String template = compactTemplate("configmap.json");
        Random random = new Random(0xc0f16L);
        List<String> configMaps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            configMaps.add(fill(template, Map.of(
                    "name", String.format("tenant-%05d-checkout-config", i),
                    "uid", randomUuid(random),
                    "resourceVersion", Long.toString(31_700_000L + 53L * i + random.nextInt(50)),
                    "created", EPOCH.minusSeconds(86_400L).plusSeconds(7L * i).toString(),
                    "rollout", Integer.toString(i % 101),
                    "cohort", "cohort-" + randomName(random, 6))));
        }
        return configMaps;
    }

    /**
     * The object as a client would send it to be created: in {@code namespace}, without the
     * fields the server sets ({@code uid}, {@code resourceVersion}, {@code creationTimestamp},
     * {@code managedFields}).
     */
    static String forCreation(String json, String namespace) {
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        ObjectNode metadata = (ObjectNode) tree.get("metadata");
        metadata.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields"));
        metadata.put("namespace", namespace);
        return tree.toString();
    }

    /** The same object without {@code metadata.managedFields}, compact: what a stripping cache keeps. */
    static String withoutManagedFields(String json) {
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) tree.get("metadata")).remove("managedFields");
        return tree.toString();
    }

    /** The mean UTF-8 size of the values of each object's {@code data} (0 when there is none). */
    static double meanDataBytes(List<String> jsons) {
        long total = 0;
        for (String json : jsons) {
            for (JsonNode value : JSON.readTree(json).path("data")) {
                total += value.asString().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return (double) total / jsons.size();
    }

    /** The UTF-8 size of the JSON text. */
    static int utf8Bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The mean UTF-8 size of the texts. */
    static double meanUtf8Bytes(List<String> jsons) {
        long total = 0;
        for (String json : jsons) {
            total += utf8Bytes(json);
        }
        return (double) total / jsons.size();
    }

    private static String compactTemplate(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " next to " + Fixtures.class.getName());
            }
            JsonNode tree = JSON.readTree(in);
            return tree.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            out = out.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        int left = out.indexOf("{{");
        if (left >= 0) {
            throw new IllegalStateException("unfilled placeholder near: " + out.substring(left, Math.min(out.length(), left + 40)));
        }
        return out;
    }

    /** Pod IPs are unique up to about 16 million pods. */
    private static String podIp(int i) {
        return "10." + (64 + (i >>> 16)) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
    }

    private static String randomName(Random random, int length) {
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        return name.toString();
    }

    private static String randomHex(Random random, int length) {
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    private static String randomUuid(Random random) {
        String hex = randomHex(random, 32);
        return hex.substring(0, 8) + '-' + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + '-'
                + "89ab".charAt(random.nextInt(4)) + hex.substring(17, 20) + '-' + hex.substring(20);
    }
}
