package dev.capstan.api;

import dev.capstan.api.annotation.ClusterScoped;
import dev.capstan.api.annotation.Group;
import dev.capstan.api.annotation.Kind;
import dev.capstan.api.annotation.Namespaced;
import dev.capstan.api.annotation.Plural;
import dev.capstan.api.annotation.ShortNames;
import dev.capstan.api.annotation.Singular;
import dev.capstan.api.annotation.Version;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a client needs to address a resource type: its Java class, group, version,
 * kind, plural (the URL segment), singular, short names and scope.
 *
 * <p>Generated built-in kinds expose theirs as a constant ({@code Pod.RESOURCE}), so no string
 * lookup happens at run time; {@link #of(Class)} reads the annotations of
 * {@link dev.capstan.api.annotation} once per class and caches the result, for custom
 * resources and built-ins alike.
 *
 * @param <T> the Java type of the objects
 */
public record ResourceType<T>(
        Class<T> type,
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        List<String> shortNames,
        boolean namespaced) {

    private static final ClassValue<ResourceType<?>> CACHE = new ClassValue<>() {
        @Override
        protected ResourceType<?> computeValue(Class<?> type) {
            return fromAnnotations(type);
        }
    };

    public ResourceType {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(singular, "singular");
        shortNames = List.copyOf(shortNames);
    }

    /**
     * The resource type of an annotated class.
     *
     * @throws IllegalArgumentException when the class lacks {@code @Group} or {@code @Version},
     *     or carries both {@code @Namespaced} and {@code @ClusterScoped}
     */
    @SuppressWarnings("unchecked")
    public static <T> ResourceType<T> of(Class<T> type) {
        return (ResourceType<T>) CACHE.get(type);
    }

    /** {@code group/version}, or {@code version} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public GroupVersionKind groupVersionKind() {
        return new GroupVersionKind(group, version, kind);
    }

    public GroupVersionResource groupVersionResource() {
        return new GroupVersionResource(group, version, plural);
    }

    private static ResourceType<?> fromAnnotations(Class<?> type) {
        Group group = type.getAnnotation(Group.class);
        Version version = type.getAnnotation(Version.class);
        if (group == null || version == null) {
            throw new IllegalArgumentException(type.getName() + " is not a Kubernetes resource type: annotate it with "
                    + "@Group and @Version (package dev.capstan.api.annotation)");
        }
        if (type.isAnnotationPresent(Namespaced.class) && type.isAnnotationPresent(ClusterScoped.class)) {
            throw new IllegalArgumentException(type.getName() + " carries both @Namespaced and @ClusterScoped; keep one");
        }
        Kind kindAnnotation = type.getAnnotation(Kind.class);
        String kind = kindAnnotation != null ? kindAnnotation.value() : type.getSimpleName();
        Plural plural = type.getAnnotation(Plural.class);
        Singular singular = type.getAnnotation(Singular.class);
        ShortNames shortNames = type.getAnnotation(ShortNames.class);
        return new ResourceType<>(type, group.value(), version.value(), kind,
                plural != null ? plural.value() : pluralize(kind.toLowerCase(Locale.ROOT)),
                singular != null ? singular.value() : kind.toLowerCase(Locale.ROOT),
                shortNames != null ? List.of(shortNames.value()) : List.of(),
                !type.isAnnotationPresent(ClusterScoped.class));
    }

    /** Simple English plurals, as documented on {@link Plural}. */
    static String pluralize(String singular) {
        if (singular.endsWith("y") && singular.length() > 1 && "aeiou".indexOf(singular.charAt(singular.length() - 2)) < 0) {
            return singular.substring(0, singular.length() - 1) + "ies";
        }
        if (singular.endsWith("s") || singular.endsWith("x") || singular.endsWith("z")
                || singular.endsWith("ch") || singular.endsWith("sh")) {
            return singular + "es";
        }
        return singular + "s";
    }

    @Override
    public String toString() {
        return apiVersion() + " " + kind + " (" + plural + ", " + (namespaced ? "namespaced" : "cluster-scoped") + ")";
    }
}
