package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps fields the schema does not declare: the schema's
 * {@code x-kubernetes-preserve-unknown-fields: true}. Without it the API server prunes
 * (silently drops) every field of an object that its schema does not list.
 *
 * <p>Applies to object types: records, classes and maps, on a property or type argument, or
 * on a record or class declaration (then for every use of the type). The declared properties
 * are still validated; only undeclared ones pass unvalidated. Untyped values need no
 * annotation: {@code JsonNode}, {@code Object} and {@code Map<String, Object>} are preserved
 * already, and so is any object whose type has a {@code @JsonAnySetter} property.
 *
 * <pre>{@code
 * public record PluginSpec(String image, @PreserveUnknownFields PluginSettings settings) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface PreserveUnknownFields {}
