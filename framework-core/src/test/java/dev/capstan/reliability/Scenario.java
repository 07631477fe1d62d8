package dev.capstan.reliability;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ListOptions;
import dev.capstan.client.TestClients;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.informer.DeletedObject;
import dev.capstan.informer.HandlerRegistration;
import dev.capstan.informer.InformerOptions;
import dev.capstan.informer.InformerSelection;
import dev.capstan.informer.ReflectorOptions;
import dev.capstan.informer.ResourceEventHandler;
import dev.capstan.informer.SharedIndexInformer;
import dev.capstan.informer.SharedInformerFactory;
import dev.capstan.informer.WatchErrorHandler;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.fault.FaultProxy;
import dev.capstan.testing.invariant.Delivery;
import dev.capstan.testing.invariant.InvariantChecker;
import dev.capstan.testing.invariant.Write;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One reliability scenario's fixture: a fault proxy in front of the local control plane, a
 * direct client for the test's writes, a client through the proxy for the informer under test,
 * and an invariant checker fed by the informer's handler and the test's writes. Objects carry
 * the label {@code reliability=<scenario>} and the informer selects on it.
 */
final class Scenario implements AutoCloseable {
    static final String OBSERVER = "informer";
    static final Duration WAIT = Duration.ofSeconds(90);

    final String name;
    final String namespace;
    final LocalControlPlane plane;
    final FaultProxy proxy;
    final KubernetesClient direct;
    /** The informer's client, through the proxy; the admin's credentials unless {@link #informerCredentials} replaced them. */
    KubernetesClient viaProxy;
    /** Run before each delivery is recorded, on the handler's thread (a test can block the handler with it). */
    volatile Runnable beforeDelivery = () -> { };
    /** When not empty, written as a second data key {@code pad} with every create and update (large objects). */
    volatile String padding = "";
    final InvariantChecker checker = InvariantChecker.create();
    /** Every failure the informer reported to its WatchErrorHandler, as "description: message". */
    final List<String> errors = new CopyOnWriteArrayList<>();
    private SharedInformerFactory factory;
    SharedIndexInformer<ConfigMap> informer;
    HandlerRegistration registration;

    Scenario(String name, TestCluster cluster, String namespace, LocalControlPlane plane) {
        this.name = name;
        this.namespace = namespace;
        this.plane = plane;
        this.proxy = FaultProxy.inFrontOf(plane);
        ClientConfig config = TestClients.config(cluster, namespace);
        this.direct = KubernetesClient.create(config, RestOptions.defaults().withoutRateLimit());
        ClientConfig proxied = new ClientConfig(proxy.uri(), config.namespace(), config.tls(), config.credentials(), null,
                "through the fault proxy");
        this.viaProxy = KubernetesClient.create(proxied, RestOptions.defaults().withoutRateLimit());
    }

    /**
     * The informer's client presents {@code credentials} (a token, a token file, an exec plugin)
     * through the proxy instead of the admin's certificate; call before {@link #startInformer}.
     */
    Scenario informerCredentials(dev.capstan.client.config.CredentialProvider credentials) {
        ClientConfig proxied = viaProxy.rest().config();
        viaProxy.close();
        viaProxy = KubernetesClient.create(new ClientConfig(proxied.server(), proxied.namespace(), proxied.tls(), credentials, null,
                "through the fault proxy as the operator"), RestOptions.defaults().withoutRateLimit());
        return this;
    }

    /** Reflector options for tests: client-go's, with a short backoff so that recovery is quick. */
    static ReflectorOptions fastReflector() {
        return ReflectorOptions.defaults().withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /** Starts the informer under test (through the proxy) and waits for its handler to sync. */
    Scenario startInformer(ReflectorOptions reflector) {
        factory = SharedInformerFactory.create(viaProxy, InformerOptions.defaults().withReflector(reflector));
        attach(factory.informerFor(ConfigMap.class, selection()));
        factory.start();
        await().atMost(WAIT).until(registration::hasSynced);
        return this;
    }

    /** The scenario's objects: its namespace, label {@code reliability=<name>}. */
    InformerSelection selection() {
        return InformerSelection.namespaces(namespace).withLabelSelector("reliability=" + name);
    }

    /**
     * Makes {@code shared} (for example a Manager's informer, not started yet) the informer
     * under test: its errors are collected and its handler feeds the checker.
     */
    void attach(SharedIndexInformer<ConfigMap> shared) {
        informer = shared;
        WatchErrorHandler logging = WatchErrorHandler.logging();
        informer.setWatchErrorHandler((description, error) -> {
            errors.add(description + ": " + error.getMessage());
            logging.onError(description, error);
        });
        registration = informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap object, boolean initialList) {
                record(Delivery.Type.ADD, object, false);
            }

            @Override
            public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
                record(Delivery.Type.UPDATE, newObject, false);
            }

            @Override
            public void onDelete(DeletedObject<ConfigMap> deleted) {
                record(Delivery.Type.DELETE, deleted.object(), deleted.finalStateUnknown());
            }
        });
    }

    private void record(Delivery.Type type, ConfigMap object, boolean finalStateUnknown) {
        beforeDelivery.run();
        checker.delivered(OBSERVER, type, object.metadata().name(), object.metadata().uid(), object.metadata().resourceVersion(),
                finalStateUnknown);
    }

    ConfigMap object(String key, String value) {
        return ConfigMap.builder()
                .metadata(ObjectMeta.builder().namespace(namespace).name(key).labels(Map.of("reliability", name)).build())
                .data(data(value))
                .build();
    }

    private Map<String, String> data(String value) {
        String pad = padding;
        return pad.isEmpty() ? Map.of("v", value) : Map.of("v", value, "pad", pad);
    }

    /** Creates through the direct client and records the write. */
    ConfigMap create(String key, String value) {
        ConfigMap created = direct.resources(ConfigMap.class).inNamespace(namespace).create(object(key, value));
        checker.wrote(Write.Type.CREATE, key, created.metadata().uid(), created.metadata().resourceVersion());
        return created;
    }

    /** Updates through the direct client and records the write. */
    ConfigMap update(ConfigMap current, String value) {
        ConfigMap updated = direct.resources(ConfigMap.class).inNamespace(namespace)
                .update(current.toBuilder().data(data(value)).build());
        checker.wrote(Write.Type.UPDATE, updated.metadata().name(), updated.metadata().uid(), updated.metadata().resourceVersion());
        return updated;
    }

    /** Deletes through the direct client and records the write. */
    void delete(ConfigMap current) {
        direct.resources(ConfigMap.class).inNamespace(namespace).delete(current.metadata().name());
        checker.wrote(Write.Type.DELETE, current.metadata().name(), current.metadata().uid(), current.metadata().resourceVersion());
    }

    /** The cache, name → resourceVersion. */
    Map<String, String> cache() {
        Map<String, String> versions = new TreeMap<>();
        informer.indexer().list().forEach(o -> versions.put(o.metadata().name(), o.metadata().resourceVersion()));
        return versions;
    }

    /** A fresh consistent list from the server (direct), name → resourceVersion. */
    Map<String, String> freshList() {
        Map<String, String> versions = new TreeMap<>();
        direct.resources(ConfigMap.class).inNamespace(namespace).list(ListOptions.all().withLabelSelector("reliability=" + name))
                .items().forEach(o -> versions.put(o.metadata().name(), o.metadata().resourceVersion()));
        return versions;
    }

    /** Waits until the cache equals a fresh list and the informer watches again; returns when that happened. */
    void awaitConvergence() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> informer.status().watching() && cache().equals(freshList()));
    }

    /**
     * The standard verification: always-on invariants, cache == fresh list, final states and
     * deletions delivered. A deletion seen only as a uid change (deleted and re-created while
     * the watch was down; the relist applies the new object as an update, as client-go does) is
     * tolerated and counted in the results table, not hidden.
     */
    InvariantChecker.Verification verify() {
        Map<String, String> fresh = freshList();
        return checker.verify().cacheEqualsFreshList(OBSERVER, cache(), fresh).finalStatesDelivered(OBSERVER, fresh)
                .tolerating(InvariantChecker.DELETION_AS_UID_CHANGE);
    }

    @Override
    public void close() {
        if (factory != null) {
            factory.close();
        }
        viaProxy.close();
        direct.close();
        proxy.close();
    }
}
