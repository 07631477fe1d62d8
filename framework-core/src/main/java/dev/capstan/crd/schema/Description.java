package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The schema's {@code description}: what {@code kubectl explain} shows for a property or type.
 *
 * <p>A type-use annotation: put it on a record component or field, on a type argument
 * ({@code List<@Description("a host name") String>}), or on a record or class declaration,
 * where it describes every property of that type unless the property has its own.
 * Javadoc is not available at run time, so it is not used.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface Description {
    String value();
}
