package dev.capstan.informer;

import static dev.capstan.informer.CacheTestObjects.BY_APP;
import static dev.capstan.informer.CacheTestObjects.BY_TAGS;
import static dev.capstan.informer.CacheTestObjects.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.core.v1.ConfigMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Writers put, update, delete, replace and add an index while readers read: every read is one
 * consistent snapshot (an index entry always resolves to a stored object that produces that
 * value), and once the writers are done every index agrees with the items.
 *
 * <p>Readers start first and writers wait for them ({@link CountDownLatch}), so reads overlap the
 * writes; nothing sleeps.
 */
class StoreConcurrencyTest {

    private static final int WRITERS = 3;
    private static final int READERS = 3;
    private static final int OPERATIONS_PER_WRITER = 20_000;
    private static final int NAMES = 150;
    private static final List<String> NAMESPACES = List.of("a", "b", "c", "d");
    private static final List<String> TAGS = List.of("t0", "t1", "t2", "t3", "t4", "t5");

    /** Index "late": the first tag; added by a writer half-way through. */
    private static final IndexFunction<ConfigMap> BY_FIRST_TAG = cm -> {
        Collection<String> tags = BY_TAGS.values(cm);
        return tags.isEmpty() ? List.of() : List.of(tags.iterator().next());
    };

    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong objectsSeenThroughIndexes = new AtomicLong();

    @Test
    void readersAlwaysSeeConsistentIndexesAndTheStoreIsConsistentAfterConcurrentWrites() throws Exception {
        Map<String, IndexFunction<ConfigMap>> functions = new LinkedHashMap<>();
        functions.put(Indexer.NAMESPACE, cm -> List.of(cm.metadata().namespace()));
        functions.put("app", BY_APP);
        functions.put("tags", BY_TAGS);
        IndexedStore<ConfigMap> store = IndexedStore.forObjects(Map.of("app", BY_APP, "tags", BY_TAGS));
        Map<String, IndexFunction<ConfigMap>> all = new LinkedHashMap<>(functions);
        all.put("late", BY_FIRST_TAG);

        CountDownLatch readersRunning = new CountDownLatch(READERS);
        CountDownLatch writersDone = new CountDownLatch(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                futures.add(pool.submit(() -> read(store, all, readersRunning, writersDone)));
            }
            for (int w = 0; w < WRITERS; w++) {
                boolean addsIndex = w == 0;
                boolean replaces = w == 1;
                futures.add(pool.submit(() -> {
                    try {
                        readersRunning.await();
                        write(store, addsIndex, replaces);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        writersDone.countDown();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(violations).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(objectsSeenThroughIndexes.get()).as("the readers saw non-empty index results").isPositive();
        assertThat(store.indexNames()).contains("late");
        StoreConsistency.assertConsistent(store, all);
    }

    @Test
    void aReplaceIsSeenWholeOrNotAtAll() throws Exception {
        IndexedStore<ConfigMap> store = IndexedStore.forObjects(Map.of("app", BY_APP));
        int perNamespace = 50;
        store.replace(generation(0, perNamespace));
        CountDownLatch readerRunning = new CountDownLatch(1);
        CountDownLatch writerDone = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> reader = pool.submit(() -> {
                try {
                    while (writerDone.getCount() > 0) {
                        List<ConfigMap> objects = store.list();
                        checkOneGeneration("list", objects, NAMESPACES.size() * perNamespace);
                        List<ConfigMap> inB = store.byIndex(Indexer.NAMESPACE, "b");
                        checkOneGeneration("byIndex namespace", inB, perNamespace);
                        String gen = CacheTestObjects.labels(objects.get(0)).get("app");
                        List<ConfigMap> sameGeneration = store.byIndex("app", gen); // a later replace may have removed it: whole or none
                        if (!sameGeneration.isEmpty()) {
                            checkOneGeneration("byIndex app", sameGeneration, NAMESPACES.size() * perNamespace);
                        }
                        reads.incrementAndGet();
                        readerRunning.countDown();
                    }
                } catch (RuntimeException | Error e) {
                    violations.add("reader failed: " + e);
                } finally {
                    readerRunning.countDown();
                }
                return null;
            });
            Future<?> writer = pool.submit(() -> {
                try {
                    readerRunning.await();
                    for (int g = 1; g <= 300; g++) {
                        store.replace(generation(g, perNamespace));
                    }
                } finally {
                    writerDone.countDown();
                }
                return null;
            });
            writer.get(2, TimeUnit.MINUTES);
            reader.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        assertThat(violations).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(store.byIndex("app", "gen300")).hasSize(NAMESPACES.size() * perNamespace);
    }

    // ---------------------------------------------------------------- writers

    private void write(IndexedStore<ConfigMap> store, boolean addsIndex, boolean replaces) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int op = 0; op < OPERATIONS_PER_WRITER; op++) {
            if (addsIndex && op == OPERATIONS_PER_WRITER / 2) {
                store.addIndexers(Map.of("late", BY_FIRST_TAG));
            }
            if (replaces && op % 2_500 == 2_499) {
                List<ConfigMap> fresh = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    fresh.add(randomObject(random));
                }
                store.replace(fresh);
                continue;
            }
            if (random.nextInt(10) < 7) {
                store.put(randomObject(random));
            } else {
                store.deleteByKey(randomKey(random));
            }
        }
    }

    private static ConfigMap randomObject(ThreadLocalRandom random) {
        List<String> tags = new ArrayList<>();
        for (String tag : TAGS) {
            if (random.nextInt(3) == 0) {
                tags.add(tag);
            }
        }
        String namespace = NAMESPACES.get(random.nextInt(NAMESPACES.size()));
        String name = "cm" + random.nextInt(NAMES);
        return random.nextInt(5) == 0
                ? tagged(namespace, name, String.join(",", tags))
                : tagged(namespace, name, String.join(",", tags), "app", "app" + random.nextInt(8));
    }

    private static String randomKey(ThreadLocalRandom random) {
        return NAMESPACES.get(random.nextInt(NAMESPACES.size())) + "/cm" + random.nextInt(NAMES);
    }

    private static List<ConfigMap> generation(int g, int perNamespace) {
        List<ConfigMap> objects = new ArrayList<>();
        for (String namespace : NAMESPACES) {
            for (int i = 0; i < perNamespace; i++) {
                objects.add(tagged(namespace, "cm" + i, null, "app", "gen" + g));
            }
        }
        return objects;
    }

    // ---------------------------------------------------------------- readers

    private Void read(IndexedStore<ConfigMap> store, Map<String, IndexFunction<ConfigMap>> functions,
            CountDownLatch readersRunning, CountDownLatch writersDone) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean counted = false;
        try {
            while (writersDone.getCount() > 0) {
                for (String index : store.indexNames()) {
                    IndexFunction<ConfigMap> function = functions.get(index);
                    String value = randomValue(index, random);
                    List<ConfigMap> objects = store.byIndex(index, value);
                    for (ConfigMap object : objects) {
                        if (object == null) {
                            violations.add("byIndex " + index + "=" + value + " returned null");
                        } else if (!function.values(object).contains(value)) {
                            violations.add("byIndex " + index + "=" + value + " returned " + object.metadata().name()
                                    + " whose values are " + function.values(object));
                        }
                    }
                    objectsSeenThroughIndexes.addAndGet(objects.size());
                    checkNoDuplicates("indexKeys " + index, store.indexKeys(index, value));
                    checkNoDuplicates("listIndexFuncValues " + index, store.listIndexFuncValues(index));
                }
                ConfigMap probe = randomObject(random);
                Set<String> probeTags = new HashSet<>(BY_TAGS.values(probe));
                List<ConfigMap> related = store.index("tags", probe);
                checkNoDuplicates("index tags", related);
                for (ConfigMap object : related) {
                    if (BY_TAGS.values(object).stream().noneMatch(probeTags::contains)) {
                        violations.add("index tags returned " + object.metadata().name() + " sharing no tag with " + probeTags);
                    }
                }
                String key = randomKey(random);
                ConfigMap byKey = store.getByKey(key);
                if (byKey != null && !KeyFunction.metaNamespaceKey(byKey).equals(key)) {
                    violations.add("getByKey " + key + " returned " + KeyFunction.metaNamespaceKey(byKey));
                }
                List<ConfigMap> all = store.list();
                Set<String> keys = new HashSet<>();
                for (ConfigMap object : all) {
                    if (object == null || !keys.add(KeyFunction.metaNamespaceKey(object))) {
                        violations.add("list returned null or a key twice");
                    }
                }
                checkNoDuplicates("listKeys", store.listKeys());
                reads.incrementAndGet();
                if (!counted) {
                    counted = true;
                    readersRunning.countDown();
                }
            }
        } catch (RuntimeException | Error e) {
            violations.add("reader failed: " + e);
        } finally {
            if (!counted) {
                readersRunning.countDown();
            }
        }
        return null;
    }

    private static String randomValue(String index, ThreadLocalRandom random) {
        return switch (index) {
            case Indexer.NAMESPACE -> NAMESPACES.get(random.nextInt(NAMESPACES.size()));
            case "app" -> "app" + random.nextInt(8);
            default -> TAGS.get(random.nextInt(TAGS.size()));
        };
    }

    private void checkNoDuplicates(String what, List<?> list) {
        if (new HashSet<>(list).size() != list.size()) {
            violations.add(what + " returned duplicates: " + list);
        }
    }

    private void checkOneGeneration(String what, List<ConfigMap> objects, int expectedSize) {
        Set<String> generations = new HashSet<>();
        for (ConfigMap object : objects) {
            generations.add(CacheTestObjects.labels(object).get("app"));
        }
        if (objects.size() != expectedSize || generations.size() != 1) {
            violations.add(what + " saw " + objects.size() + " objects of generations " + generations);
        }
    }
}
