package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value the API server fills in when an object omits the property: the schema's
 * {@code default}. Defaulting happens on create, update and read, before validation, so a
 * defaulted property may also be {@link Required}.
 *
 * <p>The value is a JSON literal ({@code "3"}, {@code "true"}, {@code "[\"a\"]"},
 * {@code "{\"tier\":\"gold\"}"}). For string properties (and enums) an unquoted value is
 * taken as the string itself, so {@code @Default("Always")} and {@code @Default("\"Always\"")}
 * mean the same. The generator fails when the literal is not JSON, does not fit the property's
 * type, or is not one of an enum's values; everything else (such as a {@link Minimum}) the API
 * server checks when the CustomResourceDefinition is created.
 *
 * <pre>{@code
 * public record CacheSpec(@Default("3") int replicas, @Default("LRU") EvictionPolicy eviction) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface Default {
    String value();
}
