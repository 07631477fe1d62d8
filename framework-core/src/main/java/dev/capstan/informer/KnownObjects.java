package dev.capstan.informer;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The keys and objects a consumer already holds: what a {@link DeltaQueue} consults to decide
 * which objects a relist found missing (client-go's {@code KeyListerGetter}). An {@link Indexer}
 * is one.
 */
public interface KnownObjects<T> {

    /** Every key currently held, in no particular order; a snapshot. */
    List<String> listKeys();

    /** The object held under {@code key}, or null. */
    @Nullable T getByKey(String key);
}
