package dev.capstan.testing;

/** Reads a setting from a system property, else an environment variable; blank counts as unset. */
final class Settings {
    private Settings() {}

    static String get(String property, String environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String getOrDefault(String property, String environment, String fallback) {
        String value = get(property, environment);
        return value == null ? fallback : value;
    }
}
