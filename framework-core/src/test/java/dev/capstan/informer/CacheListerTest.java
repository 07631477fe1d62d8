package dev.capstan.informer;

import static dev.capstan.informer.CacheTestObjects.BY_APP;
import static dev.capstan.informer.CacheTestObjects.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.core.v1.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheListerTest {

    private final IndexedStore<ConfigMap> store = IndexedStore.forObjects(Map.of("app", BY_APP));
    private final RecordingIndexer recording = new RecordingIndexer(store);
    private final Lister<ConfigMap> lister = Lister.of(recording);

    private final ConfigMap shopWeb = configMap("shop", "web", "app", "web", "tier", "front");
    private final ConfigMap shopApi = configMap("shop", "api", "app", "api", "tier", "back");
    private final ConfigMap shopPlain = configMap("shop", "plain");
    private final ConfigMap opsWeb = configMap("ops", "web", "app", "web");
    private final ConfigMap global = configMap(null, "global", "app", "web");

    @BeforeEach
    void fill() {
        store.replace(List.of(shopWeb, shopApi, shopPlain, opsWeb, global));
    }

    @Test
    void getFindsAnObjectByNamespaceAndName() {
        assertThat(lister.get("shop", "web")).containsSame(shopWeb);
        assertThat(lister.get("ops", "web")).containsSame(opsWeb);
        assertThat(lister.get("shop", "missing")).isEmpty();
        assertThat(lister.get("elsewhere", "web")).isEmpty();
    }

    @Test
    void getWithANullOrEmptyNamespaceFindsAClusterScopedObject() {
        assertThat(lister.get(null, "global")).containsSame(global);
        assertThat(lister.get("", "global")).containsSame(global);
        assertThat(lister.get(null, "web")).isEmpty();
    }

    @Test
    void listReturnsEveryCachedObject() {
        assertThat(lister.list()).containsExactlyInAnyOrder(shopWeb, shopApi, shopPlain, opsWeb, global);
    }

    @Test
    void listWithASelectorReturnsTheMatchingObjectsOnly() {
        assertThat(lister.list("app=web")).containsExactlyInAnyOrder(shopWeb, opsWeb, global);
        assertThat(lister.list("app=web,tier=front")).containsExactly(shopWeb);
        assertThat(lister.list("!app")).containsExactly(shopPlain);
        assertThat(lister.list("tier notin (front)")).containsExactlyInAnyOrder(shopApi, shopPlain, opsWeb, global);
        assertThat(lister.list("")).containsExactlyInAnyOrder(shopWeb, shopApi, shopPlain, opsWeb, global);
        assertThat(lister.list(LabelMatcher.parse("app in (api)"))).containsExactly(shopApi);
        assertThat(lister.list(LabelMatcher.nothing())).isEmpty();
        assertThat(lister.list(labels -> labels != null && labels.containsKey("tier"))).containsExactlyInAnyOrder(shopWeb, shopApi);
    }

    @Test
    void anInvalidSelectorIsRejectedBeforeTheCacheIsRead() {
        assertThatThrownBy(() -> lister.list("app in web")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 7");
        assertThatThrownBy(() -> lister.namespace("shop").list("=")).isInstanceOf(IllegalArgumentException.class);

        assertThat(recording.calls).isEmpty();
    }

    @Test
    void aNamespaceListerSeesOnlyItsNamespaceThroughTheNamespaceIndex() {
        Lister.NamespaceLister<ConfigMap> shop = lister.namespace("shop");

        assertThat(shop.list()).containsExactlyInAnyOrder(shopWeb, shopApi, shopPlain);
        assertThat(shop.list("app=web")).containsExactly(shopWeb);
        assertThat(shop.list(LabelMatcher.parse("app"))).containsExactlyInAnyOrder(shopWeb, shopApi);
        assertThat(shop.get("web")).containsSame(shopWeb);
        assertThat(shop.get("global")).isEmpty();
        assertThat(lister.namespace("empty").list()).isEmpty();

        assertThat(recording.calls).contains("byIndex namespace=shop").doesNotContain("list");
    }

    @Test
    void aNamespaceListerFallsBackToFilteringWhenTheIndexerHasNoNamespaceIndex() {
        IndexedStore<ConfigMap> plain = IndexedStore.create(KeyFunction.namespaceName(), Map.of());
        plain.replace(List.of(shopWeb, shopApi, shopPlain, opsWeb, global));
        Lister<ConfigMap> unindexed = Lister.of(plain);

        assertThat(unindexed.namespace("shop").list()).containsExactlyInAnyOrder(shopWeb, shopApi, shopPlain);
        assertThat(unindexed.namespace("ops").list("app=web")).containsExactly(opsWeb);
        assertThat(unindexed.namespace("ops").get("web")).containsSame(opsWeb);
        assertThat(unindexed.namespace("nowhere").list()).isEmpty();
    }

    @Test
    void theEmptyNamespaceMeansAllNamespaces() {
        Lister.NamespaceLister<ConfigMap> all = lister.namespace("");

        assertThat(all.list()).containsExactlyInAnyOrder(shopWeb, shopApi, shopPlain, opsWeb, global);
        assertThat(all.list("app=web")).containsExactlyInAnyOrder(shopWeb, opsWeb, global);
        assertThat(all.get("global")).containsSame(global);
    }

    @Test
    void byIndexReadsTheNamedIndex() {
        assertThat(lister.byIndex("app", "web")).containsExactlyInAnyOrder(shopWeb, opsWeb, global);
        assertThat(lister.byIndex(Indexer.NAMESPACE, "ops")).containsExactly(opsWeb);
        assertThatThrownBy(() -> lister.byIndex("nope", "x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    @Test
    void listsReflectTheCacheAtTheTimeOfTheCallAndBelongToTheCaller() {
        List<ConfigMap> before = lister.list("app=web");
        store.deleteByKey("shop/web");
        before.clear();

        assertThat(lister.list("app=web")).containsExactlyInAnyOrder(opsWeb, global);
        assertThat(lister.namespace("shop").list()).containsExactlyInAnyOrder(shopApi, shopPlain);
        assertThat(lister.get("shop", "web")).isEmpty();
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> Lister.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> lister.get("shop", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> lister.namespace(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> lister.list((LabelMatcher) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> lister.list((String) null)).isInstanceOf(NullPointerException.class);
    }

    /** Delegates to a store and records which reads were made. */
    private static final class RecordingIndexer implements Indexer<ConfigMap> {
        private final Indexer<ConfigMap> delegate;
        final List<String> calls = new ArrayList<>();

        RecordingIndexer(Indexer<ConfigMap> delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<ConfigMap> list() {
            calls.add("list");
            return delegate.list();
        }

        @Override
        public int size() {
            return delegate.size();
        }

        @Override
        public List<ConfigMap> byIndex(String indexName, String value) {
            calls.add("byIndex " + indexName + "=" + value);
            return delegate.byIndex(indexName, value);
        }

        @Override
        public List<String> indexKeys(String indexName, String value) {
            return delegate.indexKeys(indexName, value);
        }

        @Override
        public List<ConfigMap> index(String indexName, ConfigMap object) {
            return delegate.index(indexName, object);
        }

        @Override
        public List<String> listIndexFuncValues(String indexName) {
            return delegate.listIndexFuncValues(indexName);
        }

        @Override
        public Set<String> indexNames() {
            return delegate.indexNames();
        }

        @Override
        public void addIndexers(Map<String, IndexFunction<ConfigMap>> indexers) {
            delegate.addIndexers(indexers);
        }

        @Override
        public List<String> listKeys() {
            return delegate.listKeys();
        }

        @Override
        public @Nullable ConfigMap getByKey(String key) {
            calls.add("getByKey " + key);
            return delegate.getByKey(key);
        }
    }
}
