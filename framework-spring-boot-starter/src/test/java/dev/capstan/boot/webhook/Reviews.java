package dev.capstan.boot.webhook;

import java.util.UUID;

/** AdmissionReview bodies as the API server sends them, for tests. */
final class Reviews {
    private Reviews() {}

    static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\","
            + "\"namespace\":\"shop\",\"creationTimestamp\":null,\"labels\":{\"app\":\"shop\"}},\"data\":{\"mode\":\"fast\"}}";

    /** A v1 AdmissionReview of a ConfigMap operation; {@code object}/{@code oldObject} are raw JSON or null. */
    static String configMap(String uid, String operation, String object, String oldObject) {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                + "\"uid\":\"" + uid + "\","
                + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"},"
                + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"configmaps\"},"
                + "\"requestKind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"},"
                + "\"requestResource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"configmaps\"},"
                + "\"name\":\"settings\",\"namespace\":\"shop\",\"operation\":\"" + operation + "\","
                + "\"userInfo\":{\"username\":\"alice\",\"uid\":\"u-1\",\"groups\":[\"devs\",\"system:authenticated\"]},"
                + "\"object\":" + object + ",\"oldObject\":" + oldObject + ","
                + "\"dryRun\":false,"
                + "\"options\":{\"apiVersion\":\"meta.k8s.io/v1\",\"kind\":\"CreateOptions\"}}}";
    }

    static String createConfigMap(String uid) {
        return configMap(uid, "CREATE", CONFIG_MAP, "null");
    }

    static String uid() {
        return UUID.randomUUID().toString();
    }
}
