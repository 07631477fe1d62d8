package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The most characters a string may have: the schema's {@code maxLength}. Applies to strings (and the string form of {@code IntOrString} and {@code Quantity});
 * anywhere else the generator fails. Must not be negative, nor contradict its counterpart.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface MaxLength {
    long value();
}
