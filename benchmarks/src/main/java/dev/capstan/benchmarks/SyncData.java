package dev.capstan.benchmarks;

import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.KubeconfigOptions;
import dev.capstan.client.rest.PatchType;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.client.rest.RestResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Loads the data sets of {@link InformerSync} into the control plane, writing each object the way
 * a real cluster's writers would, so that the objects the server returns carry realistic
 * {@code managedFields}:
 * <ul>
 *   <li>ConfigMaps from {@link Fixtures#configMaps}: one create as field manager {@code helm}
 *       (one managedFields entry, as the fixture);</li>
 *   <li>Pods from {@link Fixtures#pods}: a create of metadata and spec (node name included) as
 *       {@code kube-controller-manager}; a strategic-merge patch of the status subresource with
 *       the {@code PodScheduled} condition as {@code kube-scheduler}; and one with the rest of the
 *       status (phase, the other four conditions, IPs, container statuses) as {@code kubelet}.
 *       Three managedFields entries, the fixture's. No scheduler or kubelet runs; the server
 *       stores Pods it cannot run.</li>
 * </ul>
 * Writes go through Capstan's REST layer as raw JSON, {@code concurrency} requests in flight,
 * without a rate limit. Pod names are made unique by index (the fixture's random suffixes may
 * collide at 10,000 Pods).
 */
final class SyncData {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JSON_TYPE = "application/json";
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private SyncData() {}

    /** What loading one data set took, and the size of its list as the server returns it. */
    record Loaded(SyncDataset dataset, int objects, double seconds, long requests, long listBytes, double managedFieldsShare,
                  double meanManagedFieldsEntries) {

        double bytesPerObject() {
            return objects == 0 ? 0 : (double) listBytes / objects;
        }
    }

    /**
     * Creates the namespace of {@code dataset} and {@code objects} objects in it; measures the
     * resulting list. When the namespace already holds exactly {@code objects} objects (a control
     * plane restarted on the data of an earlier run), it only measures, and the load time is NaN.
     *
     * @throws IllegalStateException when the namespace holds some other number of objects
     */
    static Loaded load(Path kubeconfig, SyncDataset dataset, int objects, int concurrency) {
        try (KubernetesClient client = KubernetesClient.create(
                ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withFiles(kubeconfig)), RestOptions.defaults().withoutRateLimit())) {
            String namespace = dataset.namespace();
            long existing = count(client, dataset);
            double seconds = Double.NaN;
            long requests = 0;
            if (existing != 0 && existing != objects) {
                throw new IllegalStateException("namespace " + namespace + " already holds " + existing + " " + dataset.plural()
                        + ", not " + objects + ": start on fresh data");
            }
            if (existing == 0) {
                client.rest().call(RestRequest.of("POST", "/api/v1/namespaces").body(
                        ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + namespace + "\"}}")
                                .getBytes(StandardCharsets.UTF_8), JSON_TYPE));
                List<List<RestRequest>> writes = dataset == SyncDataset.CONFIGMAPS ? configMapWrites(objects, namespace)
                        : podWrites(objects, namespace);
                requests = writes.stream().mapToLong(List::size).sum();
                long start = System.nanoTime();
                Flux.fromIterable(writes)
                        .flatMap(sequence -> Flux.fromIterable(sequence).concatMap(request -> client.rest().exchange(request)).then(),
                                concurrency)
                        .then()
                        .block();
                seconds = (System.nanoTime() - start) / 1e9;
            }
            long listBytes = client.rest().call(RestRequest.get(dataset.listPath()).query("resourceVersion", "0")).body().length;
            double[] managed = managedFields(client, dataset);
            return new Loaded(dataset, objects, seconds, requests, listBytes, managed[0], managed[1]);
        }
    }

    /** The objects in the data set's namespace now (0 when it does not exist): one item and the server's remaining count. */
    private static long count(KubernetesClient client, SyncDataset dataset) {
        JsonNode list = JSON.readTree(client.rest().call(RestRequest.get(dataset.listPath()).query("limit", 1)).body());
        return list.get("items").size() + list.path("metadata").path("remainingItemCount").asLong(0);
    }

    private static List<List<RestRequest>> configMapWrites(int objects, String namespace) {
        String path = "/api/v1/namespaces/" + namespace + "/configmaps";
        List<List<RestRequest>> writes = new ArrayList<>(objects);
        for (String json : Fixtures.configMaps(objects)) {
            writes.add(List.of(post(path, Fixtures.forCreation(json, namespace), "helm")));
        }
        return writes;
    }

    private static List<List<RestRequest>> podWrites(int objects, String namespace) {
        String path = "/api/v1/namespaces/" + namespace + "/pods";
        List<List<RestRequest>> writes = new ArrayList<>(objects);
        List<String> pods = Fixtures.pods(objects);
        for (int i = 0; i < objects; i++) {
            ObjectNode pod = (ObjectNode) JSON.readTree(Fixtures.forCreation(pods.get(i), namespace));
            ObjectNode metadata = (ObjectNode) pod.get("metadata");
            String name = metadata.get("generateName").asString() + uniqueSuffix(i);
            metadata.put("name", name);
            ObjectNode status = (ObjectNode) pod.remove("status");

            ArrayNode kubeletConditions = JSON.createArrayNode();
            ArrayNode schedulerConditions = JSON.createArrayNode();
            for (JsonNode condition : status.get("conditions")) {
                (condition.get("type").asString().equals("PodScheduled") ? schedulerConditions : kubeletConditions).add(condition);
            }
            ObjectNode scheduler = JSON.createObjectNode();
            scheduler.putObject("status").set("conditions", schedulerConditions);
            status.set("conditions", kubeletConditions);
            ObjectNode kubelet = JSON.createObjectNode();
            kubelet.set("status", status);

            String statusPath = path + "/" + name + "/status";
            writes.add(List.of(
                    post(path, pod.toString(), "kube-controller-manager"),
                    patch(statusPath, scheduler.toString(), "kube-scheduler"),
                    patch(statusPath, kubelet.toString(), "kubelet")));
        }
        return writes;
    }

    /** Five characters of the generated-name alphabet, distinct for every index below 27⁵. */
    private static String uniqueSuffix(int index) {
        char[] suffix = new char[5];
        int rest = index;
        for (int i = suffix.length - 1; i >= 0; i--) {
            suffix[i] = NAME_ALPHABET.charAt(rest % NAME_ALPHABET.length());
            rest /= NAME_ALPHABET.length();
        }
        return new String(suffix);
    }

    private static RestRequest post(String path, String json, String fieldManager) {
        return RestRequest.of("POST", path).query("fieldManager", fieldManager).body(json.getBytes(StandardCharsets.UTF_8), JSON_TYPE);
    }

    private static RestRequest patch(String path, String json, String fieldManager) {
        return RestRequest.of("PATCH", path).query("fieldManager", fieldManager)
                .body(json.getBytes(StandardCharsets.UTF_8), PatchType.STRATEGIC_MERGE.contentType());
    }

    /**
     * The share of {@code metadata.managedFields} in the compact JSON of the first 100 objects as
     * the server returns them, and their mean number of entries: {share, entries}.
     */
    private static double[] managedFields(KubernetesClient client, SyncDataset dataset) {
        RestResponse page = client.rest().call(RestRequest.get(dataset.listPath()).query("limit", 100));
        long total = 0;
        long stripped = 0;
        long entries = 0;
        int n = 0;
        for (JsonNode item : JSON.readTree(page.body()).get("items")) {
            String json = item.toString();
            total += Fixtures.utf8Bytes(json);
            stripped += Fixtures.utf8Bytes(Fixtures.withoutManagedFields(json));
            entries += item.path("metadata").path("managedFields").size();
            n++;
        }
        return total == 0 ? new double[] {0, 0} : new double[] {1 - (double) stripped / total, (double) entries / n};
    }
}
