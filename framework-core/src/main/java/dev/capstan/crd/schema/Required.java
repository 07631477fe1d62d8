package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a property that every object must set: the API server rejects an object without it
 * ({@code 422 Unprocessable Entity}, "Required value").
 *
 * <p>Only properties marked {@code @Required} (or {@code @JsonProperty(required = true)}) are
 * required. Primitive properties are not required implicitly: an absent {@code int} decodes as
 * {@code 0}, so mark it {@code @Required} or give it a {@link Default} when zero is not a
 * sensible value.
 *
 * <pre>{@code
 * public record BackupSpec(@Required String bucket, @Minimum(1) int retainDays) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Required {}
