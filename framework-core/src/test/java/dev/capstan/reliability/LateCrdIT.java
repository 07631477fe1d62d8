package dev.capstan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ResourceClient;
import dev.capstan.informer.DeletedObject;
import dev.capstan.informer.HandlerRegistration;
import dev.capstan.informer.InformerOptions;
import dev.capstan.informer.InformerSelection;
import dev.capstan.informer.ResourceEventHandler;
import dev.capstan.informer.SharedIndexInformer;
import dev.capstan.informer.SharedInformerFactory;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.Delivery;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The operator starts before its CustomResourceDefinition exists (installed by another chart,
 * applied later). Proves: the informer reports the 404 and keeps retrying with backoff (no hot
 * loop, counted by the proxy), does not claim to be synced, and syncs by itself once the CRD is
 * created and established; the objects written afterwards all arrive.
 */
@KubernetesTest
class LateCrdIT {
    static final String GROUP = Fixtures.WIDGET_GROUP;
    static final ResourceType<Unstructured> WIDGETS = new ResourceType<>(Unstructured.class, GROUP, "v1", "Widget", "widgets", "widget",
            List.of(), true);

    @Test
    void anInformerStartedBeforeItsCrdSyncsOnceTheCrdIsCreated(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        String ns = namespace.name();
        try (Scenario s = new Scenario("latecrd", cluster, ns, plane);
                SharedInformerFactory factory = SharedInformerFactory.create(s.viaProxy,
                        InformerOptions.defaults().withReflector(Scenario.fastReflector()))) {
            SharedIndexInformer<Unstructured> informer = factory.informerFor(WIDGETS, InformerSelection.namespaces(ns));
            List<String> errors = new CopyOnWriteArrayList<>();
            informer.setWatchErrorHandler((description, error) -> errors.add(description + ": " + error.getMessage()));
            HandlerRegistration registration = informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Unstructured object, boolean initialList) {
                    record(s.checker, Delivery.Type.ADD, object, false);
                }

                @Override
                public void onUpdate(Unstructured oldObject, Unstructured newObject) {
                    record(s.checker, Delivery.Type.UPDATE, newObject, false);
                }

                @Override
                public void onDelete(DeletedObject<Unstructured> deleted) {
                    record(s.checker, Delivery.Type.DELETE, deleted.object(), deleted.finalStateUnknown());
                }
            });
            long started = System.nanoTime();
            factory.start();
            await().atMost(Scenario.WAIT).until(() -> errors.stream().anyMatch(e -> e.contains("404")));
            Duration detect = Duration.ofNanos(System.nanoTime() - started);
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() -> !informer.hasSynced());
            long attempts = s.proxy.count(RequestMatcher.lists("widgets"));
            double waited = (System.nanoTime() - started) / 1e9;
            assertThat(informer.status().lastError()).as("the status names the missing resource").contains("404");

            s.direct.rest().call(dev.capstan.client.rest.RestRequest.of("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
                    .body(Fixtures.widgetCrd().getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json"));
            long created = System.nanoTime();
            try {
                await().atMost(Scenario.WAIT).until(registration::hasSynced);
                Duration recover = Duration.ofNanos(System.nanoTime() - created);
                ResourceClient<Unstructured> widgets = s.direct.resources(WIDGETS).inNamespace(ns);
                Fixtures.writeWidgets(widgets, ns, s.checker);
                await().atMost(Scenario.WAIT).until(() -> versions(informer.indexer().list()).equals(versions(
                        widgets.list(ListOptions.all()).items())));

                Map<String, String> fresh = versions(widgets.list(ListOptions.all()).items());
                InvariantChecker.Verification violations = s.checker.verify()
                        .cacheEqualsFreshList(Scenario.OBSERVER, versions(informer.indexer().list()), fresh)
                        .finalStatesDelivered(Scenario.OBSERVER, fresh);
                InvariantChecker.Stats stats = s.checker.stats(Scenario.OBSERVER);
                new Results("CRD created after the informer started", "404 for " + Math.round(waited) + " s (" + attempts
                        + " list attempts)", stats.writes(), stats.deliveries(), Results.lost(violations.violations()), detect, recover,
                        informer.status().relists(), stats.duplicates(), 0).publish();
                violations.bounded("list attempts while the CRD was missing (backoff 200 ms – 2 s)", attempts, 2,
                        Math.round(waited * 2) + 2).assertNoViolations();
            } finally {
                s.direct.rest().call(dev.capstan.client.rest.RestRequest.of("DELETE",
                        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets." + GROUP));
            }
        }
    }

    private static void record(InvariantChecker checker, Delivery.Type type, Unstructured object, boolean finalStateUnknown) {
        checker.delivered(Scenario.OBSERVER, type, object.name(), object.uid(), object.resourceVersion(), finalStateUnknown);
    }

    private static Map<String, String> versions(List<Unstructured> objects) {
        Map<String, String> versions = new TreeMap<>();
        objects.forEach(o -> versions.put(o.name(), o.resourceVersion()));
        return versions;
    }
}
