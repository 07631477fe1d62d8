package dev.capstan.reliability.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.api.ResourceType;
import dev.capstan.api.Unstructured;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.reliability.Fixtures;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.Delivery;
import dev.capstan.testing.invariant.InvariantChecker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * framework-core's {@code LateCrdIT} against a fabric8 informer: a
 * {@link GenericKubernetesResource} informer for a custom resource, started (through the proxy,
 * with the scenario's fabric8 client) 6 s before its CustomResourceDefinition exists. The
 * informer is described by a {@link ResourceDefinitionContext} (group, version, kind, plural),
 * since {@code genericKubernetesResources(apiVersion, kind)} needs the resource to be discoverable
 * (the test records what it does without it). Then the CRD is created and the same 6 widgets are
 * written, updated and deleted as in Capstan's test. Records whether the informer reports the
 * 404, retries, and syncs by itself once the CRD exists. A second informer, started alongside,
 * differs only in an exception handler that always retries (what fabric8's documentation offers
 * for this case); it is asserted too but is not the row's informer.
 */
@KubernetesTest
class Fabric8LateCrdIT {
    static final String GROUP = Fixtures.WIDGET_GROUP;
    static final ResourceType<Unstructured> WIDGETS = new ResourceType<>(Unstructured.class, GROUP, "v1", "Widget", "widgets", "widget",
            List.of(), true);
    static final String OBSERVER = "informer";
    static final String RETRYING = "informer-retrying";
    /** A label no widget has; the retrying informer selects its absence, which makes its requests distinguishable at the proxy. */
    static final String MARKER = "reliability-peers-never-set";
    /** How long the test waits for fabric8 to sync once the CRD exists, and then for the widgets to arrive. */
    static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void anInformerStartedBeforeItsCrd(TestCluster cluster, TestNamespace namespace, LocalControlPlane plane) {
        String ns = namespace.name();
        try (PeerScenario s = new PeerScenario("latecrd", cluster, ns, plane)) {
            String discovery;
            boolean discoveryThrows = false;
            try {
                s.fabric8.genericKubernetesResources(GROUP + "/v1", "Widget").inNamespace(ns).runnableInformer(0).close();
                discovery = "genericKubernetesResources(apiVersion, kind) accepted";
            } catch (RuntimeException e) {
                discoveryThrows = true;
                discovery = "genericKubernetesResources(apiVersion, kind) throws before the CRD exists (" + e.getClass().getSimpleName()
                        + ": needs a ResourceDefinitionContext)";
                System.out.println("capstan reliability fabric8: late crd: without a ResourceDefinitionContext: " + e);
            }
            ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion("v1").withKind("Widget")
                    .withPlural("widgets").withNamespaced(true).build();
            // the informer under test: what a fabric8 user writes, with fabric8's default exception handling
            WidgetInformer informer = new WidgetInformer(OBSERVER, s, context, false);
            // what a user who has read the exception handler's Javadoc writes: retry whatever happens
            WidgetInformer retrying = new WidgetInformer(RETRYING, s, context, true);
            try {
                long started = System.nanoTime();
                informer.informer.start();
                retrying.informer.start();
                boolean reported = PeerScenario.awaitOrGiveUp(PeerScenario.WAIT,
                        () -> informer.exceptions.stream().anyMatch(e -> e.contains("HTTP 404")));
                String detect = reported ? PeerResults.since(started) : "not reported within " + PeerScenario.WAIT.toSeconds() + " s";
                boolean neverSynced = PeerScenario.holdsFor(Duration.ofSeconds(5), () -> !informer.informer.hasSynced()
                        && !retrying.informer.hasSynced());
                long attempts = s.proxy.count(informer.requests());
                long retryingAttempts = s.proxy.count(retrying.requests());
                double waited = (System.nanoTime() - started) / 1e9;
                boolean stoppedBeforeCrd = informer.stopped();
                boolean retryingStoppedBeforeCrd = retrying.stopped();

                s.direct.rest().call(RestRequest.of("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions")
                        .body(Fixtures.widgetCrd().getBytes(StandardCharsets.UTF_8), "application/json"));
                long created = System.nanoTime();
                ResourceClient<Unstructured> widgets = s.direct.resources(WIDGETS).inNamespace(ns);
                // served once the CRD is established (Capstan's test knows it from its informer's sync)
                await().atMost(PeerScenario.WAIT).ignoreExceptions().until(() -> widgets.list(ListOptions.all()) != null);
                boolean retryingSynced = PeerScenario.awaitOrGiveUp(PeerScenario.WAIT, retrying.informer::hasSynced);
                String retryingRecover = retryingSynced ? PeerResults.since(created) : "not within " + PeerScenario.WAIT.toSeconds() + " s";
                boolean synced = PeerScenario.awaitOrGiveUp(BOUND, informer.informer::hasSynced);
                String recover = synced ? PeerResults.since(created) : "never synced (not within " + BOUND.toSeconds() + " s)";
                Fixtures.writeWidgets(widgets, ns, s.checker);
                boolean retryingConverged = PeerScenario.awaitOrGiveUp(PeerScenario.WAIT, () -> !retrying.stopped()
                        && retrying.cache().equals(versions(widgets.list(ListOptions.all()).items())));
                boolean converged = PeerScenario.awaitOrGiveUp(BOUND, () -> !informer.stopped()
                        && informer.cache().equals(versions(widgets.list(ListOptions.all()).items())));
                long attemptsAfterCrd = s.proxy.count(informer.requests()) - attempts;

                Map<String, String> fresh = versions(widgets.list(ListOptions.all()).items());
                InvariantChecker.Verification verification = s.checker.verify().cacheEqualsFreshList(OBSERVER, informer.cache(), fresh)
                        .finalStatesDelivered(OBSERVER, fresh);
                InvariantChecker.Verification retryingVerification = s.checker.verify()
                        .cacheEqualsFreshList(RETRYING, retrying.cache(), fresh).finalStatesDelivered(RETRYING, fresh);
                InvariantChecker.Stats stats = s.checker.stats(OBSERVER);
                String outcome = (informer.stopped() ? "informer stopped at the first list's 404 (not started yet, so the default"
                        + " exception handler does not retry); never synced after the CRD was created"
                        : converged ? "synced once the CRD existed" : "running but not synced within " + BOUND.toSeconds() + " s")
                        + "; with an exception handler that always retries: " + retryingAttempts + " list attempts in "
                        + Math.round(waited) + " s, synced " + retryingRecover + " after the CRD, nothing lost; " + discovery;
                PeerResults row = new PeerResults("CRD created after the informer started", "404 for " + Math.round(waited) + " s ("
                        + attempts + " list attempts)", stats.writes(), stats.deliveries(), PeerResults.lost(verification.violations()), detect,
                        recover, informer.relists(), stats.duplicates(), 0, outcome).publish();
                System.out.println("capstan reliability fabric8: late crd: exceptions " + informer.exceptions + ", requests after the CRD "
                        + attemptsAfterCrd + ", violations " + verification.violations() + "; retrying informer: exceptions "
                        + retrying.exceptions.size() + ", relists " + retrying.relists() + ", violations " + retryingVerification.violations());

                assertThat(stats.writes()).as("the widgets were written").isEqualTo(11);
                assertThat(discoveryThrows).as("without a ResourceDefinitionContext fabric8 cannot even create the informer: " + discovery)
                        .isTrue();
                assertThat(reported).as("the 404 reaches the exception handler (isStarted false)").isTrue();
                assertThat(neverSynced).as("the informer does not claim to be synced").isTrue();
                assertThat(stoppedBeforeCrd).as("fabric8's default exception handler gives up on a failed first list: the informer stops")
                        .isTrue();
                assertThat(attempts).as("one list, no retry").isEqualTo(1);
                assertThat(synced).as("a stopped informer never syncs, even once the CRD exists").isFalse();
                assertThat(attemptsAfterCrd).as("no request after the CRD was created").isZero();
                assertThat(stats.deliveries()).as("nothing delivered").isZero();
                assertThat(fresh).as("widgets that still exist").isNotEmpty();
                assertThat(row.lost()).as("every widget that still exists is lost").isGreaterThanOrEqualTo(fresh.size());
                assertThat(verification.violations()).as("only objects lost, nothing else")
                        .allMatch(v -> List.of("cache equals a fresh list", "final state delivered", "every deletion delivered",
                                "every write delivered").contains(v.invariant()));
                // the retrying informer: it keeps trying with fabric8's reconnect backoff and syncs by itself
                assertThat(retryingStoppedBeforeCrd).as("an informer whose handler retries keeps running").isFalse();
                assertThat(retryingAttempts).as("list attempts while the CRD was missing (backoff 200 ms doubling)").isBetween(2L,
                        Math.round(waited * 2) + 2);
                assertThat(retryingSynced).as("the retrying informer syncs once the CRD exists").isTrue();
                assertThat(retryingConverged).as("and receives the widgets").isTrue();
                retryingVerification.assertNoViolations();
            } finally {
                informer.informer.close();
                retrying.informer.close();
                s.direct.rest().call(RestRequest.of("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets." + GROUP));
            }
        }
    }

    /** The HTTP status of the {@link KubernetesClientException} in {@code error}'s causes, or 0. */
    private static int code(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() != 0) {
                return k.getCode();
            }
        }
        return 0;
    }

    /**
     * A {@link GenericKubernetesResource} informer on the widgets of the test namespace whose handler
     * feeds the checker under {@code observer}. With {@code alwaysRetry} false its exception handler
     * decides as fabric8's default does (retry when started and not a {@link WatcherException});
     * with true it always retries. The retrying one selects {@code !}{@link #MARKER} (every widget) so
     * that the proxy can tell its requests apart.
     */
    private static final class WidgetInformer {
        final SharedIndexInformer<GenericKubernetesResource> informer;
        final boolean alwaysRetry;
        final List<String> exceptions = new CopyOnWriteArrayList<>();
        final AtomicLong lists = new AtomicLong();

        WidgetInformer(String observer, PeerScenario s, ResourceDefinitionContext context, boolean alwaysRetry) {
            this.alwaysRetry = alwaysRetry;
            var widgets = s.fabric8.genericKubernetesResources(context).inNamespace(s.namespace);
            informer = alwaysRetry ? widgets.withoutLabel(MARKER).runnableInformer(0) : widgets.runnableInformer(0);
            informer.exceptionHandler((started, error) -> {
                boolean retry = alwaysRetry || (started && !(error instanceof WatcherException)); // else fabric8's default decision
                exceptions.add(error.getClass().getSimpleName() + ": HTTP " + code(error) + (retry ? " (retried)" : " (informer stops)"));
                return retry;
            });
            informer.addEventHandler(new ResourceEventHandler<GenericKubernetesResource>() {
                @Override
                public void onAdd(GenericKubernetesResource object) {
                    record(s.checker, observer, Delivery.Type.ADD, object, false);
                }

                @Override
                public void onUpdate(GenericKubernetesResource oldObject, GenericKubernetesResource newObject) {
                    record(s.checker, observer, Delivery.Type.UPDATE, newObject, false);
                }

                @Override
                public void onDelete(GenericKubernetesResource object, boolean deletedFinalStateUnknown) {
                    record(s.checker, observer, Delivery.Type.DELETE, object, deletedFinalStateUnknown);
                }

                @Override
                public void onList(String resourceVersion, boolean remainedEmpty) {
                    lists.incrementAndGet();
                }
            });
        }

        /** This informer's lists and watches of widgets, as the proxy sees them. */
        RequestMatcher requests() {
            return r -> (RequestMatcher.lists("widgets").matches(r) || RequestMatcher.watches("widgets").matches(r))
                    && r.query().containsKey("labelSelector") == alwaysRetry;
        }

        boolean stopped() {
            return informer.stopped().toCompletableFuture().isDone();
        }

        long relists() {
            return Math.max(0, lists.get() - 1);
        }

        Map<String, String> cache() {
            Map<String, String> versions = new TreeMap<>();
            informer.getStore().list().forEach(o -> versions.put(o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
            return versions;
        }
    }

    private static void record(InvariantChecker checker, String observer, Delivery.Type type, GenericKubernetesResource object,
            boolean finalStateUnknown) {
        checker.delivered(observer, type, object.getMetadata().getName(), object.getMetadata().getUid(),
                object.getMetadata().getResourceVersion(), finalStateUnknown);
    }

    private static Map<String, String> versions(List<Unstructured> objects) {
        Map<String, String> versions = new TreeMap<>();
        objects.forEach(o -> versions.put(o.name(), o.resourceVersion()));
        return versions;
    }
}
