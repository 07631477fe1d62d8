package dev.capstan.informer;

import java.util.Collection;

/**
 * Computes the values under which an object is indexed; several values are allowed (a Pod indexed
 * by each of its volumes' claims), none means "not in this index".
 *
 * <p>Must be pure and fast: it runs under the cache's write lock on every add, update and delete
 * (for the old object and the new one), on the writing thread while {@code replace} and
 * {@code addIndexers} build an index, and on the caller's thread for {@link Indexer#index}. It may
 * read the store but must not write to it ({@link IllegalStateException}). An exception thrown
 * here, or a null result, is a programming error; the cache rethrows it as an
 * {@link IllegalStateException} naming the index and the key to whoever applied the change (as
 * client-go panics), and leaves its contents as they were.
 */
@FunctionalInterface
public interface IndexFunction<T> {

    /** The index values of {@code object}; never null (return an empty collection instead). */
    Collection<String> values(T object);
}
