package dev.capstan.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a cache index on a {@link KubernetesController} class: a {@code static} method taking
 * one object of the primary type (or of an owned or watched type) and returning the index values
 * as a {@code List<String>} or {@code Collection<String>} (empty: not indexed).
 *
 * <pre>{@code
 * @Index("by-secret")
 * static List<String> bySecret(Foo foo) {
 *     return foo.spec().secretName() == null ? List.of() : List.of(foo.spec().secretName());
 * }
 * // in reconcile or a @Watches method:
 * List<Foo> users = foos.byIndex("by-secret", secret.metadata().name());
 * }</pre>
 *
 * <p>The index is added to the informer of the parameter's type, with that controller's selection,
 * before the manager starts; a {@code Lister} of that type backed by the same informer answers
 * {@code byIndex(name, value)}. The method runs under the cache's write lock: pure and fast, see
 * {@link dev.capstan.informer.IndexFunction}. Two controllers sharing an informer cannot both
 * declare an index of the same name.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Index {

    /** The index name, as passed to {@code Lister.byIndex(name, value)}. */
    String value();
}
