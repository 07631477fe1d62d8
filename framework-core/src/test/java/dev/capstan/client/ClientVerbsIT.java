package dev.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.KubernetesJson;
import dev.capstan.api.Unstructured;
import dev.capstan.api.ResourceType;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Pod;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.api.meta.v1.OwnerReference;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.PatchType;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Every verb of the typed and dynamic clients against the real API server. */
@KubernetesTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientVerbsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private KubernetesClient client;
    private ResourceClient<ConfigMap> configMaps;

    @BeforeAll
    void connect(TestCluster cluster, TestNamespace namespace) {
        client = TestClients.client(cluster, namespace.name());
        configMaps = client.resources(ConfigMap.class);
    }

    @AfterAll
    void close() {
        client.close();
    }

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return ConfigMap.builder().metadata(ObjectMeta.builder().name(name).labels(Map.of("suite", "verbs")).build()).data(data).build();
    }

    @Test
    void createGetUpdateAndDelete() {
        ConfigMap created = configMaps.create(configMap("crud", Map.of("a", "1")));
        assertThat(created.metadata().uid()).isNotBlank();
        assertThat(configMaps.namespace()).isEqualTo(created.metadata().namespace());

        ConfigMap read = configMaps.get("crud");
        ConfigMap updated = configMaps.update(read.toBuilder().data(Map.of("a", "2")).build());
        assertThat(updated.data()).containsEntry("a", "2");
        assertThat(updated.metadata().resourceVersion()).isNotEqualTo(read.metadata().resourceVersion());

        configMaps.delete("crud");
        assertThat(configMaps.find("crud")).isEmpty();
    }

    @Test
    void staleUpdateIsAConflictAndDuplicateCreateAlreadyExists() {
        ConfigMap created = configMaps.create(configMap("conflict", Map.of("a", "1")));
        configMaps.update(created.toBuilder().data(Map.of("a", "2")).build());
        assertThatThrownBy(() -> configMaps.update(created.toBuilder().data(Map.of("a", "3")).build()))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isConflict()).isTrue())
                .hasMessageContaining("update configmap " + configMaps.namespace() + "/conflict: HTTP 409 Conflict");
        assertThatThrownBy(() -> configMaps.create(configMap("conflict", Map.of())))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isAlreadyExists()).isTrue());
    }

    @Test
    void missingObjectIsNotFoundNamingIt() {
        assertThatThrownBy(() -> configMaps.get("nope"))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.status().reason()).isEqualTo("NotFound");
                })
                .hasMessageContaining("get")
                .hasMessageContaining("nope");
    }

    @Test
    void everyPatchTypeApplies() {
        configMaps.create(configMap("patched", Map.of("a", "1")));
        assertThat(configMaps.patch("patched", PatchType.MERGE, "{\"data\":{\"b\":\"2\"}}").data()).containsEntry("b", "2");
        assertThat(configMaps.patch("patched", PatchType.JSON, "[{\"op\":\"replace\",\"path\":\"/data/a\",\"value\":\"10\"}]").data())
                .containsEntry("a", "10");
        assertThat(configMaps.patch("patched", PatchType.STRATEGIC_MERGE, "{\"metadata\":{\"labels\":{\"extra\":\"yes\"}}}")
                .metadata().labels()).containsEntry("extra", "yes").containsEntry("suite", "verbs");
        ConfigMap applied = configMaps.apply(configMap("patched", Map.of("c", "3")), WriteOptions.fieldManager("verbs-it"));
        assertThat(applied.data()).containsEntry("c", "3");
    }

    @Test
    void serverSideApplyConflictThenForce() {
        configMaps.apply(configMap("owned", Map.of("key", "from-a")), WriteOptions.fieldManager("manager-a"));
        assertThatThrownBy(() -> configMaps.apply(configMap("owned", Map.of("key", "from-b")), WriteOptions.fieldManager("manager-b")))
                .isInstanceOfSatisfying(KubernetesApiException.class, e -> assertThat(e.isConflict()).isTrue())
                .hasMessageContaining("manager-a");
        ConfigMap forced = configMaps.apply(configMap("owned", Map.of("key", "from-b")), WriteOptions.fieldManager("manager-b").withForce());
        assertThat(forced.data()).containsEntry("key", "from-b");
        assertThatThrownBy(() -> configMaps.apply(configMap("owned", Map.of()), WriteOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field manager");
    }

    @Test
    void dryRunDoesNotPersist() {
        configMaps.create(configMap("dry", Map.of()), WriteOptions.defaults().withDryRun());
        assertThat(configMaps.find("dry")).isEmpty();
    }

    @Test
    void statusSubresourceIsUpdatedSeparately(TestNamespace namespace) {
        ResourceClient<Pod> pods = client.resources(Pod.class);
        Pod pod = pods.create(Pod.builder().metadata(ObjectMeta.builder().name("status").build())
                .spec(dev.capstan.api.core.v1.PodSpec.builder().containers(List.of(
                        dev.capstan.api.core.v1.Container.builder().name("c").image("busybox").build())).build())
                .build());
        Pod withStatus = pods.updateStatus(pod.toBuilder()
                .status(pod.status().toBuilder().message("set by ClientVerbsIT").build()).build());
        assertThat(withStatus.status().message()).isEqualTo("set by ClientVerbsIT");
        Pod patched = pods.patchStatus("status", PatchType.MERGE, "{\"status\":{\"reason\":\"Testing\"}}");
        assertThat(patched.status().reason()).isEqualTo("Testing");
        assertThat(namespace.name()).isEqualTo(patched.metadata().namespace());
    }

    @Test
    void listFiltersBySelectorsAndDeleteCollectionRemovesTheSelection() {
        configMaps.create(ConfigMap.builder().metadata(ObjectMeta.builder().name("sel-1").labels(Map.of("batch", "x")).build()).build());
        configMaps.create(ConfigMap.builder().metadata(ObjectMeta.builder().name("sel-2").labels(Map.of("batch", "x")).build()).build());
        configMaps.create(ConfigMap.builder().metadata(ObjectMeta.builder().name("sel-3").labels(Map.of("batch", "y")).build()).build());

        assertThat(configMaps.list(ListOptions.all().withLabelSelector("batch=x")).items())
                .extracting(c -> c.metadata().name()).containsExactlyInAnyOrder("sel-1", "sel-2");
        assertThat(configMaps.list(ListOptions.all().withFieldSelector("metadata.name=sel-3")).items()).hasSize(1);

        configMaps.deleteCollection(ListOptions.all().withLabelSelector("batch=x"), DeletionOptions.defaults());
        assertThat(configMaps.list(ListOptions.all().withLabelSelector("batch in (x,y)")).items())
                .extracting(c -> c.metadata().name()).containsExactly("sel-3");
    }

    @Test
    void paginationWalksTwelveHundredObjectsInPagesOfFiveHundred(TestCluster cluster) {
        ResourceClient<ConfigMap> bulk = client.resources(ConfigMap.class).inNamespace(configMaps.namespace());
        Flux.range(0, 1200)
                .flatMap(i -> bulk.createAsync(ConfigMap.builder().metadata(ObjectMeta.builder()
                        .name("page-" + i).labels(Map.of("bulk", "pages")).build()).build(), WriteOptions.defaults()), 16)
                .blockLast(Duration.ofMinutes(2));

        ObjectList<ConfigMap> first = bulk.list(ListOptions.all().withLabelSelector("bulk=pages").withLimit(500));
        assertThat(first.items()).hasSize(500);
        assertThat(first.continueToken()).isNotNull();
        List<ConfigMap> all = bulk.listAll(ListOptions.all().withLabelSelector("bulk=pages"), 500).collectList().block(TIMEOUT);
        assertThat(all).hasSize(1200);
        assertThat(all.stream().map(c -> c.metadata().name()).distinct().count()).isEqualTo(1200);
    }

    @Test
    void watchDeliversChangesAndStreamingListEndsWithABookmark() throws InterruptedException {
        configMaps.create(configMap("watched", Map.of("v", "1")));
        BlockingQueue<WatchEvent<ConfigMap>> events = new LinkedBlockingQueue<>();
        Disposable watch = configMaps.watch(new WatchOptions(null, null, "metadata.name=watched", 60L, true, false)
                        .withInitialEvents())
                .subscribe(events::add);
        try {
            assertThat(next(events)).isInstanceOfSatisfying(WatchEvent.Added.class,
                    added -> assertThat(((ConfigMap) added.object()).data()).containsEntry("v", "1"));
            assertThat(next(events)).isInstanceOfSatisfying(WatchEvent.Bookmark.class,
                    bookmark -> assertThat(bookmark.initialEventsEnd()).isTrue());

            configMaps.patch("watched", PatchType.MERGE, "{\"data\":{\"v\":\"2\"}}");
            assertThat(next(events)).isInstanceOfSatisfying(WatchEvent.Modified.class,
                    modified -> assertThat(((ConfigMap) modified.object()).data()).containsEntry("v", "2"));

            configMaps.delete("watched");
            assertThat(next(events)).isInstanceOf(WatchEvent.Deleted.class);
        } finally {
            watch.dispose();
        }
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilItsDependentsAreGone() {
        ConfigMap owner = configMaps.create(configMap("fg-owner", Map.of()));
        configMaps.create(ConfigMap.builder().metadata(ObjectMeta.builder().name("fg-dependent")
                .ownerReferences(List.of(OwnerReference.builder().apiVersion("v1").kind("ConfigMap").name("fg-owner")
                        .uid(owner.metadata().uid()).blockOwnerDeletion(true).build()))
                .build()).build());

        configMaps.delete("fg-owner", DeletionOptions.foreground());

        ConfigMap deleting = configMaps.get("fg-owner");
        assertThat(deleting.metadata().deletionTimestamp()).isNotNull();
        assertThat(deleting.metadata().finalizers()).contains("foregroundDeletion");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(configMaps.find("fg-dependent")).isEmpty();
            assertThat(configMaps.find("fg-owner")).isEmpty();
        });
    }

    @Test
    void dynamicClientWorksWithUnstructured() {
        ResourceClient<Unstructured> dynamic = client.resources(new ResourceType<>(Unstructured.class, "", "v1", "ConfigMap",
                "configmaps", "configmap", List.of("cm"), true)).inNamespace(configMaps.namespace());
        Unstructured created = dynamic.create(Unstructured.parse(
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dynamic\"},\"data\":{\"k\":\"v\"}}"));
        assertThat(created.uid()).isNotBlank();
        assertThat(dynamic.list(ListOptions.all().withFieldSelector("metadata.name=dynamic")).items())
                .singleElement().satisfies(u -> {
                    assertThat(u.kind()).isEqualTo("ConfigMap");
                    assertThat(u.get("data", "k").map(n -> n.asString())).contains("v");
                });
        assertThat(configMaps.get("dynamic").data()).isEqualTo(Map.of("k", "v"));
        assertThat(KubernetesJson.encode(created)).contains("\"dynamic\"");
    }

    @Test
    void discoveryAndTheRestMapperComeWithTheClient() {
        var mapped = client.restMapper().resolve(dev.capstan.api.GroupVersionKind.of("apps/v1", "Deployment"));
        assertThat(mapped.toString()).contains("deployments");
        assertThat(client.discovery().groups()).extracting(g -> g.name()).contains("", "apps", "batch");
        assertThat(client.discovery()).isSameAs(client.discovery());
    }

    private static WatchEvent<ConfigMap> next(BlockingQueue<WatchEvent<ConfigMap>> events) throws InterruptedException {
        while (true) {
            WatchEvent<ConfigMap> event = events.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(event).as("a watch event within " + TIMEOUT).isNotNull();
            if (!(event instanceof WatchEvent.Bookmark<ConfigMap> b) || b.initialEventsEnd()) {
                return event;
            }
        }
    }
}
