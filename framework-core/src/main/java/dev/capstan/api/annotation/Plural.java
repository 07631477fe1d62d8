package dev.capstan.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The plural resource name used in URLs, for example {@code foos}. Default: the lower-cased kind, pluralised by simple English rules (`y` → `ies`; `s`, `x`, `z`, `ch`, `sh` → `es`; otherwise `s`). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Plural {
    String value();
}
