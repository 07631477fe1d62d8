package dev.capstan.reliability;

import static org.awaitility.Awaitility.await;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.controller.Manager;
import dev.capstan.controller.Result;
import dev.capstan.informer.InformerOptions;
import dev.capstan.informer.SharedIndexInformer;
import dev.capstan.testing.KubernetesTest;
import dev.capstan.testing.LocalControlPlane;
import dev.capstan.testing.TestCluster;
import dev.capstan.testing.TestNamespace;
import dev.capstan.testing.fault.InjectedResponse;
import dev.capstan.testing.fault.RequestMatcher;
import dev.capstan.testing.invariant.InvariantChecker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A Manager with 3 workers reconciling ConfigMaps (each reconcile reads its object from the cache
 * and the server, so it takes a while) while writers change them and faults hit its informer:
 * connection resets, a 429 burst, an apiserver restart. Every reconcile is recorded in the
 * checker. Proves: no key is reconciled by two workers at once, every final state is reconciled
 * (the last reconcile of each key saw the object as the server has it, or saw it gone), and the
 * informer under the Manager loses nothing.
 */
@KubernetesTest
class ManagerReconcileIT {
    static final String MANAGER = "manager-1";

    @Test
    void noKeyIsReconciledConcurrentlyAndEveryFinalStateIsReconciledUnderFaults(TestCluster cluster, TestNamespace namespace,
            LocalControlPlane plane) throws Exception {
        try (Scenario s = new Scenario("manager", cluster, namespace.name(), plane);
                Manager manager = Manager.builder(s.viaProxy)
                        .informerOptions(InformerOptions.defaults().withReflector(Scenario.fastReflector())).build()) {
            SharedIndexInformer<ConfigMap> informer = manager.informers().informerFor(ConfigMap.class, s.selection());
            s.attach(informer);
            Map<String, String> reconciled = new ConcurrentHashMap<>(); // name → resourceVersion seen, "" = gone
            AtomicLong reconciles = new AtomicLong();
            manager.add(manager.controller("reliability", ConfigMap.class).selection(s.selection()).workers(3)
                    .reconciler(request -> {
                        try (InvariantChecker.ReconcileSpan span = s.checker.reconcileStarted(MANAGER, request.key())) {
                            reconciles.incrementAndGet();
                            Optional<ConfigMap> cached = informer.lister().get(request.namespace(), request.name());
                            s.direct.resources(ConfigMap.class).inNamespace(s.namespace).find(request.name()); // real work: a round trip
                            reconciled.put(request.name(), cached.map(c -> c.metadata().resourceVersion()).orElse(""));
                            return Result.done();
                        }
                    }).build());
            manager.start();

            Writers writers = new Writers(s, 3, 5, 41, 20);
            String[] faults = {"reset", "429 × 3", "restart", "reset"};
            for (String fault : faults) {
                long writes = writers.writes();
                await().atMost(Scenario.WAIT).pollDelay(Duration.ofMillis(1500)).until(() -> writers.writes() > writes + 20);
                switch (fault) {
                    case "reset" -> s.proxy.resetConnections();
                    case "429 × 3" -> {
                        s.proxy.inject(RequestMatcher.watches("configmaps"), InjectedResponse.tooManyRequests(Duration.ofSeconds(1)), 3);
                        s.proxy.resetConnections();
                    }
                    default -> plane.restartApiServer();
                }
            }
            long writes = writers.writes();
            await().atMost(Scenario.WAIT).until(() -> writers.writes() > writes + 20);
            writers.close();
            long stopped = System.nanoTime();
            s.awaitConvergence();
            await().atMost(Scenario.WAIT).until(() -> reconciledMatches(reconciled, s.freshList()));
            Duration recover = Duration.ofNanos(System.nanoTime() - stopped);

            InvariantChecker.Verification violations = s.verify();
            Map<String, String> fresh = s.freshList();
            reconciled.forEach((key, rv) -> {
                if (!rv.equals(fresh.getOrDefault(key, ""))) {
                    violations.violation("final state reconciled", key, "last reconcile saw " + rv + ", the server has " + fresh.get(key));
                }
            });
            Results.of("Manager reconciling under faults (3 workers)", String.join(", ", faults) + "; " + reconciles.get()
                    + " reconciles, " + s.checker.reconciles().size() + " recorded", s, violations, null, recover).publish();
            violations.bounded("reconciles recorded", s.checker.reconciles().size(), 1, Long.MAX_VALUE).assertNoViolations();
        }
    }

    /** Whether the last reconcile of every key saw the server's final state (or saw it gone). */
    private static boolean reconciledMatches(Map<String, String> reconciled, Map<String, String> fresh) {
        Map<String, String> expected = new TreeMap<>();
        reconciled.keySet().forEach(k -> expected.put(k, ""));
        expected.putAll(fresh);
        return new TreeMap<>(reconciled).equals(expected);
    }
}
