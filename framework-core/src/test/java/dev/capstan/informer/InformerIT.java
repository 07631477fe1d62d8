package dev.capstan.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.PartialObjectMetadata;
import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.core.v1.Namespace;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ObjectList;
import dev.capstan.client.TestClients;
import dev.capstan.client.WatchEvent;
import dev.capstan.client.WatchOptions;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Informers against the real kube-apiserver of the local control plane, faults included. */
@KubernetesTest
class InformerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aMultiNamespaceInformerFollowsCreatesUpdatesAndDeletesInEachNamespace(TestCluster cluster, TestNamespace namespace)
            throws Exception {
        try (KubernetesClient client = TestClients.client(cluster, namespace.name());
                SharedInformerFactory factory = SharedInformerFactory.create(client)) {
            String other = namespace.name() + "-b";
            client.resources(Namespace.class).create(Namespace.builder().metadata(ObjectMeta.builder().name(other).build()).build());
            try {
                SharedIndexInformer<ConfigMap> informer = factory.informerFor(ConfigMap.class,
                        InformerSelection.namespaces(namespace.name(), other));
                assertThat(factory.informerFor(ConfigMap.class, InformerSelection.namespaces(other, namespace.name())))
                        .as("the same selection is the same informer").isSameAs(informer);
                RecordingHandler handler = new RecordingHandler();
                HandlerRegistration registration = informer.addEventHandler(handler);
                factory.start();
                assertThat(factory.waitForCacheSync(WAIT)).isEmpty();
                await().atMost(WAIT).until(registration::hasSynced);

                ConfigMap a = client.resources(ConfigMap.class).inNamespace(namespace.name()).create(configMap(namespace.name(), "a"));
                ConfigMap b = client.resources(ConfigMap.class).inNamespace(other).create(configMap(other, "b"));
                ConfigMap a2 = client.resources(ConfigMap.class).inNamespace(namespace.name())
                        .update(a.toBuilder().data(Map.of("k", "v2")).build());
                client.resources(ConfigMap.class).inNamespace(other).delete("b");

                await().atMost(WAIT).until(() -> handler.events.containsAll(List.of("add a@" + rv(a), "add b@" + rv(b),
                        "update a@" + rv(a) + "->" + rv(a2))) && handler.events.stream().anyMatch(e -> e.startsWith("delete b@")));
                assertThat(handler.events.indexOf("add a@" + rv(a))).isLessThan(handler.events.indexOf("update a@" + rv(a) + "->" + rv(a2)));
                assertThat(informer.lister().namespace(namespace.name()).get("a")).map(InformerIT::rv).contains(rv(a2));
                assertThat(informer.lister().namespace(other).list()).extracting(c -> c.metadata().name()).doesNotContain("b");
                assertThat(informer.status().synced()).isTrue();
                assertThat(informer.status().watching()).isTrue();
            } finally {
                client.resources(Namespace.class).delete(other);
            }
        }
    }

    @Test
    void theServersStreamingListIsUsedAndManagedFieldsAreNotCached(TestCluster cluster, TestNamespace namespace) throws Exception {
        try (KubernetesClient client = TestClients.client(cluster, namespace.name())) {
            client.resources(ConfigMap.class).create(configMap(namespace.name(), "s"));
            List<WatchOptions> watches = new CopyOnWriteArrayList<>();
            List<ListOptions> lists = new CopyOnWriteArrayList<>();
            ListerWatcher<ConfigMap> real = ListerWatcher.of(client.resources(ConfigMap.class)
                    .decoding(dev.capstan.api.KubernetesJson.DecodeOptions.forCache()), null, null);
            ListerWatcher<ConfigMap> recording = new ListerWatcher<>() {
                @Override
                public ObjectList<ConfigMap> list(ListOptions options) {
                    lists.add(options);
                    return real.list(options);
                }

                @Override
                public Flux<WatchEvent<ConfigMap>> watch(WatchOptions options) {
                    watches.add(options);
                    return real.watch(options);
                }

                @Override
                public String description() {
                    return real.description();
                }
            };
            try (SharedIndexInformer<ConfigMap> informer = SharedIndexInformer.create(recording, InformerOptions.defaults())) {
                informer.start();
                assertThat(informer.waitForSync(WAIT)).isTrue();
                assertThat(watches.get(0).sendInitialEvents()).isTrue();
                assertThat(lists).as("no list when the server streams").isEmpty();
                assertThat(informer.status().streamingList()).isTrue();
                ConfigMap cached = informer.lister().get(namespace.name(), "s").orElseThrow();
                assertThat(cached.metadata().managedFields()).isNullOrEmpty();
                assertThat(client.resources(ConfigMap.class).get("s").metadata().managedFields()).isNotEmpty();
            }
        }
    }

    @Test
    void aMetadataOnlyInformerCachesPartialObjects(TestCluster cluster, TestNamespace namespace) throws Exception {
        try (KubernetesClient client = TestClients.client(cluster, namespace.name());
                SharedInformerFactory factory = SharedInformerFactory.create(client)) {
            client.resources(ConfigMap.class).create(configMap(namespace.name(), "m"));
            SharedIndexInformer<PartialObjectMetadata> informer = factory.metadataInformerFor(ConfigMap.RESOURCE,
                    InformerSelection.namespaces(namespace.name()));
            factory.start();
            assertThat(factory.waitForCacheSync(WAIT)).isEmpty();
            PartialObjectMetadata m = informer.lister().get(namespace.name(), "m").orElseThrow();
            assertThat(m.metadata().labels()).containsEntry("capstan-it", "informer");
            assertThat(m.unknownFields()).as("no data, only metadata").isNull();
        }
    }

    @Test
    void afterAnApiServerRestartMidWatchTheCacheConvergesToAFreshList(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) throws Exception {
        try (KubernetesClient client = TestClients.client(cluster, namespace.name());
                SharedInformerFactory factory = SharedInformerFactory.create(client)) {
            for (int i = 0; i < 20; i++) {
                client.resources(ConfigMap.class).create(configMap(namespace.name(), "r" + i));
            }
            SharedIndexInformer<ConfigMap> informer = factory.informerFor(ConfigMap.class, InformerSelection.namespaces(namespace.name()));
            factory.start();
            assertThat(factory.waitForCacheSync(WAIT)).isEmpty();
            long watchesBefore = informer.status().watches();

            plane.restartApiServer();
            for (int i = 0; i < 10; i++) {
                client.resources(ConfigMap.class).delete("r" + i);
                client.resources(ConfigMap.class).create(configMap(namespace.name(), "n" + i));
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(versions(informer.indexer().list()))
                    .isEqualTo(versions(client.resources(ConfigMap.class).list().items())));
            await().atMost(WAIT).until(() -> informer.status().watching());
            assertThat(informer.status().watches()).isGreaterThan(watchesBefore);
        }
    }

    @Test
    void compactionForcesARelistAndDeletionsMissedMeanwhileArriveAsFinalStateUnknown(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) throws Exception {
        try (KubernetesClient client = TestClients.client(cluster, namespace.name());
                FreezableProxy proxy = new FreezableProxy(cluster.server().getPort())) {
            ClientConfig direct = TestClients.config(cluster, namespace.name());
            ClientConfig proxied = new ClientConfig(URI.create("https://127.0.0.1:" + proxy.port()), direct.namespace(), direct.tls(),
                    direct.credentials(), null, "via a freezable proxy");
            client.resources(ConfigMap.class).create(labelled(configMap(namespace.name(), "ca")));
            ConfigMap b = client.resources(ConfigMap.class).create(labelled(configMap(namespace.name(), "cb")));
            try (KubernetesClient viaProxy = KubernetesClient.create(proxied, RestOptions.defaults().withoutRateLimit());
                    SharedInformerFactory factory = SharedInformerFactory.create(viaProxy, InformerOptions.defaults()
                            .withReflector(ReflectorOptions.defaults().withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))))) {
                SharedIndexInformer<ConfigMap> informer = factory.informerFor(ConfigMap.class,
                        InformerSelection.namespaces(namespace.name()).withLabelSelector("test=compaction"));
                RecordingHandler handler = new RecordingHandler();
                informer.addEventHandler(handler);
                factory.start();
                assertThat(factory.waitForCacheSync(WAIT)).isEmpty();
                await().atMost(WAIT).until(() -> handler.events.size() == 2);
                assertThat(handler.events).allMatch(e -> e.startsWith("add c"));
                long listsBefore = informer.status().lists();

                proxy.freeze(); // the informer's watch hears nothing from here on
                client.resources(ConfigMap.class).delete("ca");
                ConfigMap b2 = client.resources(ConfigMap.class).update(b.toBuilder().data(Map.of("k", "changed")).build());
                ConfigMap c = client.resources(ConfigMap.class).create(labelled(configMap(namespace.name(), "cc")));
                plane.compactEtcd();
                plane.restartApiServer(); // empties the watch cache: only the compacted history remains
                proxy.resetConnections();
                proxy.thaw();

                await().atMost(WAIT).until(() -> handler.events.size() >= 5);
                assertThat(handler.events.subList(2, handler.events.size())).containsExactlyInAnyOrder(
                        "delete ca@" + rv(handler, "ca") + " unknown", "update cb@" + rv(b) + "->" + rv(b2), "add cc@" + rv(c));
                assertThat(informer.status().lists()).isGreaterThan(listsBefore);
                assertThat(versions(informer.indexer().list())).isEqualTo(versions(client.resources(ConfigMap.class)
                        .list(ListOptions.all().withLabelSelector("test=compaction")).items()));
            }
        }
    }

    private static ConfigMap labelled(ConfigMap object) {
        return object.toBuilder().metadata(object.metadata().toBuilder().labels(Map.of("test", "compaction")).build()).build();
    }

    private static String rv(RecordingHandler handler, String name) {
        return handler.events.stream().filter(e -> e.startsWith("add " + name + "@")).findFirst().orElseThrow()
                .replaceAll("add " + name + "@(\\d+).*", "$1");
    }

    private static ConfigMap configMap(String namespace, String name) {
        return ConfigMap.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name(name).labels(Map.of("capstan-it", "informer")).build())
                .data(Map.of("k", UUID.randomUUID().toString()))
                .build();
    }

    private static String rv(ConfigMap object) {
        return object.metadata().resourceVersion();
    }

    private static Map<String, String> versions(List<ConfigMap> objects) {
        Map<String, String> versions = new TreeMap<>();
        objects.forEach(o -> versions.put(o.metadata().name(), o.metadata().resourceVersion()));
        return versions;
    }
}
