package dev.capstan.informer;

import java.util.Collection;

/**
 * Computes the values under which an object is indexed; several values are allowed (a Pod indexed
 * by each of its volumes' claims), none means "not in this index".
 *
 * <p>Must be pure and fast: it runs under the cache's write lock, on every add, update and
 * delete. An exception thrown here is a programming error; the cache rethrows it (wrapped, naming
 * the index and the key) to whoever applied the change, as client-go panics.
 */
@FunctionalInterface
public interface IndexFunction<T> {

    /** The index values of {@code object}; never null (return an empty collection instead). */
    Collection<String> values(T object);
}
