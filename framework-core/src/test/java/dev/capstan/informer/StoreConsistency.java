package dev.capstan.informer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks, through the public API only, that a quiescent store's indexes agree with its items. */
final class StoreConsistency {
    private StoreConsistency() {}

    /**
     * Asserts that every index holds exactly the values {@code functions} compute for the stored
     * objects, each with exactly the keys of the objects that produce it, no value without keys,
     * no key twice; and that list, listKeys and size agree.
     */
    static <T> void assertConsistent(IndexedStore<T> store, Map<String, IndexFunction<T>> functions) {
        List<String> keys = store.listKeys();
        List<T> objects = store.list();
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(objects).hasSize(keys.size());
        assertThat(store.size()).isEqualTo(keys.size());
        for (String key : keys) {
            T object = store.getByKey(key);
            assertThat(object).as("object of listed key %s", key).isNotNull();
            assertThat(store.keyFunction().keyOf(object)).isEqualTo(key);
        }
        assertThat(store.indexNames()).containsAll(functions.keySet());
        for (Map.Entry<String, IndexFunction<T>> index : functions.entrySet()) {
            String name = index.getKey();
            Map<String, Set<String>> expected = new HashMap<>();
            for (String key : keys) {
                for (String value : index.getValue().values(store.getByKey(key))) {
                    expected.computeIfAbsent(value, v -> new HashSet<>()).add(key);
                }
            }
            Map<String, Set<String>> actual = new HashMap<>();
            List<String> values = store.listIndexFuncValues(name);
            assertThat(values).as("values of index %s", name).doesNotHaveDuplicates();
            for (String value : values) {
                List<String> valueKeys = store.indexKeys(name, value);
                assertThat(valueKeys).as("keys of %s=%s", name, value).isNotEmpty().doesNotHaveDuplicates();
                List<T> valueObjects = store.byIndex(name, value);
                assertThat(valueObjects).hasSize(valueKeys.size());
                for (T object : valueObjects) {
                    assertThat(valueKeys).contains(store.keyFunction().keyOf(object));
                }
                actual.put(value, new HashSet<>(valueKeys));
            }
            assertThat(actual).as("index %s", name).isEqualTo(expected);
        }
    }
}
