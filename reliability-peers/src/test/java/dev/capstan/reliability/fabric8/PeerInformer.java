package dev.capstan.reliability.fabric8;

import dev.capstan.testing.invariant.Delivery;
import dev.capstan.testing.invariant.InvariantChecker;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.impl.cache.Reflector;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One fabric8 {@link SharedIndexInformer} on the scenario's ConfigMaps, as a plain user gets it:
 * {@code client.configMaps().inNamespace(ns).withLabel("reliability", name).runnableInformer(0)},
 * one event handler, no resync. Its handler feeds the invariant checker under {@link #observer()};
 * it counts completed lists ({@code onList}) and every exception the informer asked its
 * exception handler about.
 *
 * <p>The exception handler installed here decides exactly as fabric8's default does (retry when
 * the informer had started and the exception is not a {@link WatcherException}) and only records
 * the exception, so the informer behaves as with no handler at all.
 */
final class PeerInformer implements AutoCloseable {
    private final String observer;
    private final SharedIndexInformer<ConfigMap> informer;
    private final AtomicLong lists = new AtomicLong();
    /** The {@code kind} field of the last object delivered to the handler (fabric8 converts foreign kinds to ConfigMap). */
    private final AtomicReference<String> lastKind = new AtomicReference<>();
    /** Every exception fabric8 asked the exception handler about, as "ExceptionClass: message", and its decision. */
    private final List<String> exceptions = new CopyOnWriteArrayList<>();
    /** Run before each delivery is recorded, on fabric8's handler thread (a test can block the handler with it). */
    volatile Runnable beforeDelivery = () -> { };

    PeerInformer(String observer, KubernetesClient client, String namespace, String label, InvariantChecker checker) {
        this.observer = observer;
        this.informer = client.configMaps().inNamespace(namespace).withLabel("reliability", label).runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            boolean retry = started && !(error instanceof WatcherException); // fabric8's default decision
            exceptions.add(error.getClass().getSimpleName() + ": " + error.getMessage() + (retry ? " (retried)" : " (informer stops)"));
            return retry;
        });
        informer.addEventHandler(new ResourceEventHandler<ConfigMap>() {
            @Override
            public void onAdd(ConfigMap object) {
                record(checker, Delivery.Type.ADD, object, false);
            }

            @Override
            public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
                record(checker, Delivery.Type.UPDATE, newObject, false);
            }

            @Override
            public void onDelete(ConfigMap object, boolean deletedFinalStateUnknown) {
                record(checker, Delivery.Type.DELETE, object, deletedFinalStateUnknown);
            }

            @Override
            public void onList(String resourceVersion, boolean remainedEmpty) {
                lists.incrementAndGet();
            }
        });
    }

    private void record(InvariantChecker checker, Delivery.Type type, ConfigMap object, boolean finalStateUnknown) {
        beforeDelivery.run();
        lastKind.set(object.getKind());
        checker.delivered(observer, type, object.getMetadata().getName(), object.getMetadata().getUid(),
                object.getMetadata().getResourceVersion(), finalStateUnknown);
    }

    /**
     * Sets fabric8's informer watch timer ({@code Reflector.MIN_TIMEOUT}, 5 min by default: the
     * reflector closes each watch after {@code (1 + random) × minTimeout} seconds, truncated to
     * whole seconds, and asks the server for {@code timeoutSeconds = 2 × minTimeout}). fabric8
     * offers no public option for it: this reaches the informer's private {@code reflector} field
     * and calls the Reflector's public {@code setMinTimeout}. Call before {@link #start()}; the
     * only setting of the suite a plain fabric8 user cannot make.
     */
    PeerInformer watchTimer(long minTimeoutSeconds) {
        try {
            Field field = informer.getClass().getDeclaredField("reflector");
            field.setAccessible(true);
            ((Reflector<?, ?>) field.get(informer)).setMinTimeout(minTimeoutSeconds);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot set the watch timer of fabric8's informer " + informer.getClass().getName()
                    + " (its private field 'reflector' changed?)", e);
        }
        return this;
    }

    /** Starts the informer (does not wait for it to sync). */
    PeerInformer start() {
        informer.start();
        return this;
    }

    String observer() {
        return observer;
    }

    SharedIndexInformer<ConfigMap> informer() {
        return informer;
    }

    boolean hasSynced() {
        return informer.hasSynced();
    }

    /** fabric8's own view: a watch is open. */
    boolean watching() {
        return informer.isWatching();
    }

    /** The informer gave up (its {@code stopped()} stage completed); fabric8 never restarts it by itself. */
    boolean stopped() {
        return informer.stopped().toCompletableFuture().isDone();
    }

    /** Lists completed so far (the initial one included). */
    long lists() {
        return lists.get();
    }

    /** Relists: completed lists after the initial one. */
    long relists() {
        return Math.max(0, lists.get() - 1);
    }

    /** The {@code kind} of the last object delivered to the handler. */
    String lastKind() {
        return lastKind.get();
    }

    List<String> exceptions() {
        return List.copyOf(exceptions);
    }

    /** The cache, name → resourceVersion. */
    Map<String, String> cache() {
        Map<String, String> versions = new TreeMap<>();
        informer.getStore().list().forEach(o -> versions.put(o.getMetadata().getName(), o.getMetadata().getResourceVersion()));
        return versions;
    }

    @Override
    public void close() {
        informer.close();
    }
}
