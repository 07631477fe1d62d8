/**
 * Informers with client-go's {@code tools/cache} semantics: a {@link dev.capstan.informer.Reflector}
 * lists and watches one resource into a {@link dev.capstan.informer.DeltaQueue}; the informer pops
 * the deltas, applies them to an {@link dev.capstan.informer.Indexer} (the thread-safe cache) and
 * then tells the {@link dev.capstan.informer.ResourceEventHandler}s; {@link dev.capstan.informer.Lister}s
 * read the cache.
 *
 * <p>The entry point is {@link dev.capstan.informer.SharedInformerFactory}: one
 * {@link dev.capstan.informer.SharedIndexInformer} per resource and selection, shared by every
 * controller that asks for it. See docs/informers.md.
 */
@NullMarked
package dev.capstan.informer;

import org.jspecify.annotations.NullMarked;
