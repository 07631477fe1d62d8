package dev.capstan.informer;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** ConfigMaps and index functions for the cache tests. */
final class CacheTestObjects {
    private CacheTestObjects() {}

    /** Index "app": the {@code app} label, if any. */
    static final IndexFunction<ConfigMap> BY_APP = cm -> {
        String app = labels(cm).get("app");
        return app == null ? List.of() : List.of(app);
    };

    /** Index "tags": the comma-separated {@code tags} data entry, one value per tag (duplicates kept). */
    static final IndexFunction<ConfigMap> BY_TAGS = cm -> {
        String tags = cm.data() == null ? null : cm.data().get("tags");
        return tags == null || tags.isEmpty() ? List.of() : Arrays.asList(tags.split(","));
    };

    /** A ConfigMap {@code namespace/name} (cluster-scoped style when namespace is null) with labels as key, value pairs. */
    static ConfigMap configMap(@Nullable String namespace, String name, String... labels) {
        return tagged(namespace, name, null, labels);
    }

    /** Like {@link #configMap(String, String, String...)} with a {@code tags} data entry. */
    static ConfigMap tagged(@Nullable String namespace, String name, @Nullable String tags, String... labels) {
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            labelMap.put(labels[i], labels[i + 1]);
        }
        return ConfigMap.builder()
                .metadata(ObjectMeta.builder()
                        .namespace(namespace)
                        .name(name)
                        .labels(labelMap.isEmpty() ? null : labelMap)
                        .build())
                .data(tags == null ? null : Map.of("tags", tags))
                .build();
    }

    static Map<String, String> labels(ConfigMap cm) {
        return cm.metadata() == null || cm.metadata().labels() == null ? Map.of() : cm.metadata().labels();
    }
}
