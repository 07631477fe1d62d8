package dev.capstan.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource type whose objects live in a namespace. This is the default when a type
 * carries neither {@code @Namespaced} nor {@link ClusterScoped}; carrying both is an error.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Namespaced {}
