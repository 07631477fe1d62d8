package dev.capstan.crd.schema;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The most items a list may have: the schema's {@code maxItems}. Applies to arrays (lists, sets and Java arrays; write {@code String @MaxItems(8) []} for a Java array, since {@code @MaxItems(8) String[]} annotates the element type);
 * anywhere else the generator fails. Must not be negative, nor contradict its counterpart.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface MaxItems {
    long value();
}
