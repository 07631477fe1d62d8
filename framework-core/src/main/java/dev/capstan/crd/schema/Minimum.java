package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The smallest value a number may take: the schema's {@code minimum} (and
 * {@code exclusiveMinimum: true} when {@link #exclusive()}).
 *
 * <p>Applies to integer and number properties ({@code int}, {@code long}, {@code double}, their
 * boxes, {@code BigInteger}, {@code BigDecimal}), and to {@code IntOrString} and {@code Quantity},
 * where it constrains only the integer form; anywhere else the generator fails. A whole
 * value is written as an integer ({@code 1}, not {@code 1.0}).
 *
 * <pre>{@code
 * public record AppSpec(@Minimum(1) int replicas) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface Minimum {
    double value();

    /** Whether the bound itself is excluded: {@code > value} instead of {@code >= value}. Default {@code false}. */
    boolean exclusive() default false;
}
