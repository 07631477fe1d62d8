package dev.capstan.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.api.KubernetesJson;
import dev.capstan.api.KubernetesJson.DecodeOptions;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;

/**
 * The decoders compared, each as its library's users decode a Pod or ConfigMap from JSON text.
 * {@link #subject()} is the name used in the reports.
 *
 * <p>Each decoder is used as shipped, with no tuning: fabric8 through a Jackson 2
 * {@code ObjectMapper} that ignores unknown properties (as fabric8's client configures it),
 * kubernetes-client/java through its Gson-based {@code io.kubernetes.client.openapi.JSON}, which
 * drops {@code managedFields} (see {@link #KUBERNETES_CLIENT_JAVA}).
 */
enum Library {
    CAPSTAN("capstan", "kept") {
        @Override
        Object decodePod(String json) {
            return KubernetesJson.decode(json, dev.capstan.api.core.v1.Pod.class);
        }

        @Override
        Object decodeConfigMap(String json) {
            return KubernetesJson.decode(json, dev.capstan.api.core.v1.ConfigMap.class);
        }
    },
    /** Capstan as an informer cache decodes: {@code metadata.managedFields} skipped while parsing. */
    CAPSTAN_CACHE("capstan-cache", "skipped while parsing") {
        @Override
        Object decodePod(String json) {
            return KubernetesJson.decode(json, dev.capstan.api.core.v1.Pod.class, DecodeOptions.forCache());
        }

        @Override
        Object decodeConfigMap(String json) {
            return KubernetesJson.decode(json, dev.capstan.api.core.v1.ConfigMap.class, DecodeOptions.forCache());
        }
    },
    FABRIC8("fabric8", "kept") {
        @Override
        Object decodePod(String json) {
            try {
                return Fabric8.MAPPER.readValue(json, io.fabric8.kubernetes.api.model.Pod.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("fabric8 cannot decode the fixture", e);
            }
        }

        @Override
        Object decodeConfigMap(String json) {
            try {
                return Fabric8.MAPPER.readValue(json, io.fabric8.kubernetes.api.model.ConfigMap.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("fabric8 cannot decode the fixture", e);
            }
        }
    },
    /**
     * Note: since 22.0.0 the library's Gson drops {@code metadata.managedFields} by default
     * ({@code V1MetadataExclusionStrategy}; kubernetes-client/java#3995), so its figures compare
     * with {@link #CAPSTAN_CACHE}, not {@link #CAPSTAN}.
     */
    KUBERNETES_CLIENT_JAVA("kubernetes-client-java", "dropped (library default)") {
        @Override
        Object decodePod(String json) {
            return JSON.deserialize(json, V1Pod.class);
        }

        @Override
        Object decodeConfigMap(String json) {
            return JSON.deserialize(json, V1ConfigMap.class);
        }
    };

    private final String subject;
    private final String managedFields;

    Library(String subject, String managedFields) {
        this.subject = subject;
        this.managedFields = managedFields;
    }

    /** The subject name in the reports ({@code capstan}, {@code fabric8}, …). */
    String subject() {
        return subject;
    }

    /** What the decoder does with {@code metadata.managedFields}, for the reports. */
    String managedFields() {
        return managedFields;
    }

    abstract Object decodePod(String json);

    abstract Object decodeConfigMap(String json);

    /** Holder, so the Jackson 2 mapper is built only when fabric8 is used. */
    private static final class Fabric8 {
        static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
