package dev.capstan.informer;

import static dev.capstan.informer.CacheTestObjects.BY_APP;
import static dev.capstan.informer.CacheTestObjects.BY_TAGS;
import static dev.capstan.informer.CacheTestObjects.configMap;
import static dev.capstan.informer.CacheTestObjects.tagged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.core.v1.ConfigMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadSafeIndexedStoreTest {

    private static final Map<String, IndexFunction<ConfigMap>> FUNCTIONS = functions();

    private final IndexedStore<ConfigMap> store = IndexedStore.forObjects(Map.of("app", BY_APP, "tags", BY_TAGS));

    private static Map<String, IndexFunction<ConfigMap>> functions() {
        Map<String, IndexFunction<ConfigMap>> functions = new LinkedHashMap<>();
        functions.put(Indexer.NAMESPACE, cm -> cm.metadata().namespace() == null ? List.of() : List.of(cm.metadata().namespace()));
        functions.put("app", BY_APP);
        functions.put("tags", BY_TAGS);
        return functions;
    }

    private void assertConsistent() {
        StoreConsistency.assertConsistent(store, FUNCTIONS);
    }

    // ---------------------------------------------------------------- items

    @Test
    void putStoresTheObjectUnderItsNamespaceNameKey() {
        ConfigMap web = configMap("shop", "web");
        ConfigMap cluster = configMap(null, "global");

        assertThat(store.put(web)).isNull();
        assertThat(store.put(cluster)).isNull();

        assertThat(store.getByKey("shop/web")).isSameAs(web);
        assertThat(store.getByKey("global")).isSameAs(cluster);
        assertThat(store.getByKey("shop/missing")).isNull();
        assertThat(store.listKeys()).containsExactlyInAnyOrder("shop/web", "global");
        assertThat(store.list()).containsExactlyInAnyOrder(web, cluster);
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void putReturnsTheObjectItReplaced() {
        ConfigMap first = configMap("shop", "web", "app", "a");
        ConfigMap second = configMap("shop", "web", "app", "b");

        store.put(first);

        assertThat(store.put(second)).isSameAs(first);
        assertThat(store.getByKey("shop/web")).isSameAs(second);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void deleteRemovesTheObjectAndReturnsIt() {
        ConfigMap web = configMap("shop", "web", "app", "a");
        store.put(web);

        assertThat(store.delete(configMap("shop", "web"))).isSameAs(web);

        assertThat(store.getByKey("shop/web")).isNull();
        assertThat(store.size()).isZero();
        assertThat(store.delete(web)).isNull();
        assertThat(store.deleteByKey("shop/web")).isNull();
        assertConsistent();
    }

    @Test
    void anObjectWithoutANameIsRejectedAndNothingIsStored() {
        ConfigMap nameless = configMap("shop", "");

        assertThatThrownBy(() -> store.put(nameless)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata.name");
        assertThatThrownBy(() -> store.replace(List.of(configMap("shop", "ok"), nameless))).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.size()).isZero();
        assertConsistent();
    }

    @Test
    void keyFunctionIsTheOneTheStoreWasBuiltWith() {
        KeyFunction<ConfigMap> byName = cm -> cm.metadata().name();
        IndexedStore<ConfigMap> custom = IndexedStore.create(byName, Map.of());
        custom.put(configMap("shop", "web"));

        assertThat(custom.keyFunction()).isSameAs(byName);
        assertThat(custom.listKeys()).containsExactly("web");
        assertThat(custom.indexNames()).isEmpty();
    }

    // ---------------------------------------------------------------- index maintenance

    @Test
    void putFilesTheKeyUnderEveryValueOfEveryIndex() {
        store.put(tagged("shop", "web", "red,blue", "app", "web"));
        store.put(tagged("shop", "api", "blue", "app", "api"));
        store.put(tagged("ops", "db", "green"));

        assertThat(store.indexKeys("tags", "blue")).containsExactlyInAnyOrder("shop/web", "shop/api");
        assertThat(store.indexKeys("tags", "red")).containsExactly("shop/web");
        assertThat(store.byIndex("app", "web")).extracting(cm -> cm.metadata().name()).containsExactly("web");
        assertThat(store.byIndex(Indexer.NAMESPACE, "shop")).hasSize(2);
        assertThat(store.listIndexFuncValues("tags")).containsExactlyInAnyOrder("red", "blue", "green");
        assertThat(store.byIndex("tags", "purple")).isEmpty();
        assertConsistent();
    }

    @Test
    void updateMovesTheKeyFromItsOldValuesToItsNewOnes() {
        store.put(tagged("shop", "web", "red,blue", "app", "web"));
        store.put(tagged("shop", "other", "blue", "app", "web"));

        store.put(tagged("shop", "web", "blue,green", "app", "frontend"));

        assertThat(store.indexKeys("tags", "red")).isEmpty();
        assertThat(store.listIndexFuncValues("tags")).containsExactlyInAnyOrder("blue", "green");
        assertThat(store.indexKeys("tags", "blue")).containsExactlyInAnyOrder("shop/web", "shop/other");
        assertThat(store.indexKeys("tags", "green")).containsExactly("shop/web");
        assertThat(store.indexKeys("app", "web")).containsExactly("shop/other");
        assertThat(store.indexKeys("app", "frontend")).containsExactly("shop/web");
        assertConsistent();
    }

    @Test
    void updateWithTheSameSingleValueKeepsTheKeyFiledOnce() {
        store.put(configMap("shop", "web", "app", "web"));

        store.put(configMap("shop", "web", "app", "web", "version", "2"));
        store.put(configMap("shop", "web", "app", "web", "version", "3"));

        assertThat(store.indexKeys("app", "web")).containsExactly("shop/web");
        assertThat(store.byIndex("app", "web").get(0).metadata().labels()).containsEntry("version", "3");
        assertConsistent();
    }

    @Test
    void anUpdateThatDropsEveryValueRemovesTheKeyFromTheIndex() {
        store.put(tagged("shop", "web", "red", "app", "web"));

        store.put(configMap("shop", "web"));

        assertThat(store.listIndexFuncValues("app")).isEmpty();
        assertThat(store.listIndexFuncValues("tags")).isEmpty();
        assertThat(store.listIndexFuncValues(Indexer.NAMESPACE)).containsExactly("shop");
        assertConsistent();
    }

    @Test
    void deleteDropsValuesLeftWithoutKeys() {
        store.put(tagged("shop", "web", "red,blue", "app", "web"));
        store.put(tagged("shop", "api", "blue", "app", "api"));

        store.deleteByKey("shop/web");

        assertThat(store.listIndexFuncValues("tags")).containsExactly("blue");
        assertThat(store.listIndexFuncValues("app")).containsExactly("api");
        assertThat(store.indexKeys("tags", "blue")).containsExactly("shop/api");

        store.deleteByKey("shop/api");

        assertThat(store.listIndexFuncValues("tags")).isEmpty();
        assertThat(store.listIndexFuncValues("app")).isEmpty();
        assertThat(store.listIndexFuncValues(Indexer.NAMESPACE)).isEmpty();
    }

    @Test
    void deleteUnfilesTheStoredObjectsValuesNotThoseOfTheObjectPassedIn() {
        store.put(tagged("shop", "web", "red", "app", "stored"));

        store.delete(tagged("shop", "web", "blue", "app", "stale-copy"));

        assertThat(store.listIndexFuncValues("app")).isEmpty();
        assertThat(store.listIndexFuncValues("tags")).isEmpty();
        assertConsistent();
    }

    @Test
    void aValueSharedByTwoKeysSurvivesTheRemovalOfOne() {
        store.put(configMap("shop", "a", "app", "x"));
        store.put(configMap("shop", "b", "app", "x"));
        store.put(configMap("shop", "c", "app", "x"));

        store.deleteByKey("shop/a");
        store.deleteByKey("shop/c");

        assertThat(store.indexKeys("app", "x")).containsExactly("shop/b");
        store.put(configMap("shop", "a", "app", "x"));
        assertThat(store.indexKeys("app", "x")).containsExactlyInAnyOrder("shop/a", "shop/b");
        store.deleteByKey("shop/b");
        store.deleteByKey("shop/a");
        assertThat(store.listIndexFuncValues("app")).isEmpty();
    }

    @Test
    void duplicateValuesFromAnIndexFunctionFileTheKeyOnce() {
        store.put(tagged("shop", "web", "red,red,blue,red"));

        assertThat(store.indexKeys("tags", "red")).containsExactly("shop/web");
        assertThat(store.index("tags", tagged("x", "probe", "red,blue"))).hasSize(1);

        store.put(tagged("shop", "web", "blue,blue"));
        assertThat(store.listIndexFuncValues("tags")).containsExactly("blue");
        store.deleteByKey("shop/web");
        assertThat(store.listIndexFuncValues("tags")).isEmpty();
    }

    @Test
    void updatesBetweenManyValuesMoveOnlyTheDifference() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tags.add("t" + i);
        }
        store.put(tagged("shop", "web", String.join(",", tags)));
        store.put(tagged("shop", "other", "t0,t19"));

        store.put(tagged("shop", "web", String.join(",", tags.subList(10, 20)) + ",u1,u2"));

        assertThat(store.indexKeys("tags", "t0")).containsExactly("shop/other");
        assertThat(store.indexKeys("tags", "t5")).isEmpty();
        assertThat(store.indexKeys("tags", "t19")).containsExactlyInAnyOrder("shop/web", "shop/other");
        assertThat(store.indexKeys("tags", "u2")).containsExactly("shop/web");
        assertConsistent();
    }

    @Test
    void aHighCardinalityIndexDoesNotKeepValuesOfDeletedObjects() {
        IndexedStore<ConfigMap> byUid = IndexedStore.forObjects(Map.of("uid", cm -> List.of(cm.metadata().name() + "-uid")));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 2_000; i++) {
                byUid.put(configMap("ns" + (i % 7), "cm" + i + "-" + round));
            }
            assertThat(byUid.listIndexFuncValues("uid")).hasSize(2_000);
            for (String key : byUid.listKeys()) {
                byUid.deleteByKey(key);
            }
        }

        assertThat(byUid.listIndexFuncValues("uid")).isEmpty();
        assertThat(byUid.listIndexFuncValues(Indexer.NAMESPACE)).isEmpty();
        assertThat(byUid.size()).isZero();
    }

    @Test
    void clusterScopedObjectsAreNotInTheNamespaceIndex() {
        store.put(configMap(null, "global"));
        store.put(configMap("shop", "web"));

        assertThat(store.listIndexFuncValues(Indexer.NAMESPACE)).containsExactly("shop");
        assertThat(store.indexNames()).containsExactlyInAnyOrder(Indexer.NAMESPACE, "app", "tags");
    }

    // ---------------------------------------------------------------- replace

    @Test
    void replaceSwapsTheContentsAndRebuildsEveryIndex() {
        store.put(tagged("shop", "old", "red", "app", "old"));
        store.put(tagged("shop", "kept", "red", "app", "v1"));

        store.replace(List.of(tagged("shop", "kept", "blue", "app", "v2"), tagged("ops", "new", "blue")));

        assertThat(store.listKeys()).containsExactlyInAnyOrder("shop/kept", "ops/new");
        assertThat(store.listIndexFuncValues("app")).containsExactly("v2");
        assertThat(store.listIndexFuncValues("tags")).containsExactly("blue");
        assertThat(store.indexKeys("tags", "blue")).containsExactlyInAnyOrder("shop/kept", "ops/new");
        assertThat(store.listIndexFuncValues(Indexer.NAMESPACE)).containsExactlyInAnyOrder("shop", "ops");
        assertConsistent();
    }

    @Test
    void replaceWithNothingEmptiesTheStoreAndItsIndexes() {
        store.put(tagged("shop", "web", "red", "app", "web"));

        store.replace(List.of());

        assertThat(store.size()).isZero();
        assertThat(store.listIndexFuncValues("app")).isEmpty();
        assertThat(store.listIndexFuncValues(Indexer.NAMESPACE)).isEmpty();
    }

    @Test
    void replaceWithTwoObjectsUnderOneKeyKeepsTheLastAndIndexesOnlyIt() {
        store.replace(List.of(tagged("shop", "web", "red", "app", "first"), tagged("shop", "web", "blue", "app", "last")));

        assertThat(store.size()).isEqualTo(1);
        assertThat(store.getByKey("shop/web").metadata().labels()).containsEntry("app", "last");
        assertThat(store.listIndexFuncValues("app")).containsExactly("last");
        assertThat(store.listIndexFuncValues("tags")).containsExactly("blue");
        assertConsistent();
    }

    @Test
    void replaceWhoseIndexFunctionThrowsLeavesTheOldContents() {
        AtomicBoolean failing = new AtomicBoolean();
        IndexedStore<ConfigMap> guarded = IndexedStore.forObjects(Map.of("app", failOn("bad", failing)));
        guarded.put(configMap("shop", "web", "app", "web"));
        failing.set(true);

        assertThatThrownBy(() -> guarded.replace(List.of(configMap("shop", "x", "app", "bad"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"app\"")
                .hasMessageContaining("shop/x");

        assertThat(guarded.listKeys()).containsExactly("shop/web");
        assertThat(guarded.indexKeys("app", "web")).containsExactly("shop/web");
    }

    // ---------------------------------------------------------------- addIndexers

    @Test
    void addIndexersOnAPopulatedStoreBuildsTheNewIndexFromTheCurrentObjects() {
        store.put(configMap("shop", "web", "app", "web", "tier", "front"));
        store.put(configMap("shop", "api", "app", "api", "tier", "back"));
        store.put(configMap("ops", "db"));

        store.addIndexers(Map.of("tier", cm -> {
            String tier = CacheTestObjects.labels(cm).get("tier");
            return tier == null ? List.of() : List.of(tier);
        }));

        assertThat(store.indexNames()).contains("tier");
        assertThat(store.indexKeys("tier", "front")).containsExactly("shop/web");
        assertThat(store.listIndexFuncValues("tier")).containsExactlyInAnyOrder("front", "back");
        store.put(configMap("shop", "web", "app", "web", "tier", "back"));
        assertThat(store.indexKeys("tier", "back")).containsExactlyInAnyOrder("shop/web", "shop/api");
        store.replace(List.of(configMap("ops", "db", "tier", "front")));
        assertThat(store.indexKeys("tier", "front")).containsExactly("ops/db");
        assertThat(store.listIndexFuncValues("tier")).containsExactly("front");
    }

    @Test
    void addIndexersRejectsATakenNameNamingItAndAddsNothingFromTheCall() {
        Map<String, IndexFunction<ConfigMap>> both = new LinkedHashMap<>();
        both.put("fresh", BY_APP);
        both.put("app", BY_APP);

        assertThatThrownBy(() -> store.addIndexers(both))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"app\"")
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> store.addIndexers(Map.of(Indexer.NAMESPACE, BY_APP)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"namespace\"");
        assertThatThrownBy(() -> IndexedStore.forObjects(Map.of(Indexer.NAMESPACE, BY_APP)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.indexNames()).containsExactlyInAnyOrder(Indexer.NAMESPACE, "app", "tags");
    }

    @Test
    void addIndexersWhoseFunctionThrowsOnAStoredObjectAddsNothing() {
        store.put(configMap("shop", "web", "app", "bad"));
        Map<String, IndexFunction<ConfigMap>> added = new LinkedHashMap<>();
        added.put("fine", BY_APP);
        added.put("broken", failOn("bad", new AtomicBoolean(true)));

        assertThatThrownBy(() -> store.addIndexers(added))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"broken\"")
                .hasMessageContaining("shop/web");

        assertThat(store.indexNames()).doesNotContain("fine", "broken");
        assertThatThrownBy(() -> store.byIndex("fine", "bad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addIndexersWithNoIndexesIsANoOp() {
        store.addIndexers(Map.of());

        assertThat(store.indexNames()).containsExactlyInAnyOrder(Indexer.NAMESPACE, "app", "tags");
    }

    // ---------------------------------------------------------------- failing index functions

    @Test
    void anIndexFunctionThatThrowsOnPutLeavesEveryIndexAndTheItemUnchanged() {
        AtomicBoolean failing = new AtomicBoolean();
        Map<String, IndexFunction<ConfigMap>> functions = new LinkedHashMap<>();
        functions.put("first", BY_APP);
        functions.put("second", failOn("bad", failing));
        functions.put("third", BY_TAGS);
        IndexedStore<ConfigMap> guarded = IndexedStore.create(KeyFunction.namespaceName(), functions);
        ConfigMap good = tagged("shop", "web", "red", "app", "good");
        guarded.put(good);
        failing.set(true);

        assertThatThrownBy(() -> guarded.put(tagged("shop", "web", "blue", "app", "bad")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("index function \"second\"")
                .hasMessageContaining("key shop/web")
                .hasCauseInstanceOf(UnsupportedOperationException.class);

        assertThat(guarded.getByKey("shop/web")).isSameAs(good);
        assertThat(guarded.listIndexFuncValues("first")).containsExactly("good");
        assertThat(guarded.listIndexFuncValues("second")).containsExactly("good");
        assertThat(guarded.listIndexFuncValues("third")).containsExactly("red");
        failing.set(false);
        StoreConsistency.assertConsistent(guarded, functions);
    }

    @Test
    void anIndexFunctionThatThrowsOnDeleteLeavesTheObjectStoredAndIndexed() {
        AtomicBoolean failing = new AtomicBoolean();
        Map<String, IndexFunction<ConfigMap>> functions = new LinkedHashMap<>();
        functions.put("first", BY_APP);
        functions.put("second", failOn("web", failing));
        IndexedStore<ConfigMap> guarded = IndexedStore.create(KeyFunction.namespaceName(), functions);
        ConfigMap web = configMap("shop", "web", "app", "web");
        guarded.put(web);
        failing.set(true);

        assertThatThrownBy(() -> guarded.deleteByKey("shop/web"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"second\"")
                .hasMessageContaining("shop/web");

        assertThat(guarded.getByKey("shop/web")).isSameAs(web);
        assertThat(guarded.indexKeys("first", "web")).containsExactly("shop/web");
        failing.set(false);
        StoreConsistency.assertConsistent(guarded, functions);
    }

    @Test
    void anIndexFunctionThatReturnsNullIsReportedAsAnError() {
        IndexedStore<ConfigMap> broken = IndexedStore.create(KeyFunction.namespaceName(), Map.of("null", cm -> null));

        assertThatThrownBy(() -> broken.put(configMap("shop", "web")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"null\" returned null for key shop/web");
        assertThat(broken.size()).isZero();
    }

    @Test
    void anIndexFunctionThatReturnsANullValueIsReportedAsAnError() {
        IndexedStore<ConfigMap> broken = IndexedStore.create(KeyFunction.namespaceName(),
                Map.of("nulls", cm -> java.util.Arrays.asList("a", null)));

        assertThatThrownBy(() -> broken.put(configMap("shop", "web")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("null value");
        assertThat(broken.size()).isZero();
        assertThat(broken.listIndexFuncValues("nulls")).isEmpty();
    }

    @Test
    void anIndexFunctionMayReadTheStoreButNotWriteToIt() {
        AtomicInteger seen = new AtomicInteger();
        AtomicReference<IndexedStore<ConfigMap>> reader = new AtomicReference<>();
        reader.set(IndexedStore.create(KeyFunction.namespaceName(), Map.of("reader", cm -> {
            seen.set(reader.get().size());
            reader.get().list();
            return List.of();
        })));
        reader.get().put(configMap("shop", "a"));
        reader.get().put(configMap("shop", "b"));
        assertThat(seen.get()).isEqualTo(1);

        AtomicReference<IndexedStore<ConfigMap>> writer = new AtomicReference<>();
        writer.set(IndexedStore.create(KeyFunction.namespaceName(), Map.of("writer", cm -> {
            writer.get().put(configMap("shop", "sneaky"));
            return List.of();
        })));
        assertThatThrownBy(() -> writer.get().put(configMap("shop", "a")))
                .isInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("an index function wrote to the store it indexes; index functions must be pure");
        assertThat(writer.get().listKeys()).isEmpty();
    }

    // ---------------------------------------------------------------- reads

    @Test
    void indexReturnsEachObjectSharingAValueOnce() {
        store.put(tagged("shop", "a", "red,blue"));
        store.put(tagged("shop", "b", "blue,green"));
        store.put(tagged("shop", "c", "yellow"));

        List<ConfigMap> related = store.index("tags", tagged("elsewhere", "probe", "red,blue,green"));

        assertThat(related).extracting(cm -> cm.metadata().name()).containsExactlyInAnyOrder("a", "b");
        assertThat(store.index("tags", tagged("elsewhere", "probe", "green"))).extracting(cm -> cm.metadata().name()).containsExactly("b");
        assertThat(store.index("tags", configMap("elsewhere", "probe"))).isEmpty();
    }

    @Test
    void indexWithAThrowingFunctionNamesTheIndexAndTheProbesKey() {
        IndexedStore<ConfigMap> broken = IndexedStore.create(KeyFunction.namespaceName(), Map.of("boom", failOn("x", new AtomicBoolean(true))));

        assertThatThrownBy(() -> broken.index("boom", configMap("ns", "probe", "app", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"boom\"")
                .hasMessageContaining("ns/probe");
    }

    @Test
    void anUnknownIndexNameIsRejectedNamingTheKnownIndexes() {
        ConfigMap probe = configMap("shop", "probe");

        for (Runnable lookup : List.<Runnable>of(
                () -> store.byIndex("nope", "x"),
                () -> store.indexKeys("nope", "x"),
                () -> store.index("nope", probe),
                () -> store.listIndexFuncValues("nope"))) {
            assertThatThrownBy(lookup::run)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no index named \"nope\"; the indexes are [app, namespace, tags]");
        }
    }

    @Test
    void returnedListsAreSnapshotsTheCallerOwns() {
        store.put(tagged("shop", "web", "red", "app", "web"));
        List<ConfigMap> all = store.list();
        List<String> keys = store.listKeys();
        List<ConfigMap> red = store.byIndex("tags", "red");
        List<String> redKeys = store.indexKeys("tags", "red");
        List<String> values = store.listIndexFuncValues("tags");

        store.put(tagged("shop", "api", "red"));
        store.deleteByKey("shop/web");
        all.add(configMap("x", "y"));
        keys.clear();
        values.add("purple");

        assertThat(red).extracting(cm -> cm.metadata().name()).containsExactly("web");
        assertThat(redKeys).containsExactly("shop/web");
        assertThat(store.listKeys()).containsExactly("shop/api");
        assertThat(store.listIndexFuncValues("tags")).containsExactly("red");
        assertConsistent();
    }

    @Test
    void indexNamesCannotBeModified() {
        assertThatThrownBy(() -> store.indexNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> store.put(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.getByKey(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.replace(java.util.Arrays.asList(configMap("a", "b"), null))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.byIndex("app", null)).isInstanceOf(NullPointerException.class);
        assertThat(store.size()).isZero();
    }

    /** An index function returning the app label that throws for label value {@code poison} while {@code failing} is set. */
    private static IndexFunction<ConfigMap> failOn(String poison, AtomicBoolean failing) {
        return cm -> {
            List<String> values = new ArrayList<>(BY_APP.values(cm));
            if (failing.get() && (values.contains(poison) || cm.metadata().name().equals(poison))) {
                throw new UnsupportedOperationException("cannot index " + poison);
            }
            return values;
        };
    }
}
