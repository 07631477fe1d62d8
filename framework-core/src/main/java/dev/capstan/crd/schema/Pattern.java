package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A regular expression every value of a string property must match: the schema's
 * {@code pattern}. The match is unanchored, as in OpenAPI: write {@code ^…$} to match the whole
 * value.
 *
 * <p>The API server evaluates it with Go's RE2 syntax, which has no look-around and no
 * back-references. The generator checks that the expression compiles as a Java regular
 * expression, which catches most typos but not RE2-only restrictions. Applies to strings
 * (and {@code IntOrString}, {@code Quantity}, where it constrains the string form).
 *
 * <pre>{@code
 * public record DnsSpec(@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") String hostname) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface Pattern {
    String value();
}
