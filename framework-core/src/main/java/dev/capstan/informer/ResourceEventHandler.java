package dev.capstan.informer;

/**
 * Receives an informer's notifications. Each handler has its own thread of delivery and its own
 * unbounded buffer: a slow handler delays only itself, never the informer or other handlers.
 *
 * <h2>Delivery contract</h2>
 * <ul>
 *   <li>Calls to one handler are sequential, and in order for each object.</li>
 *   <li>When a notification arrives, the informer's cache already holds the change (or has
 *       already dropped the deleted object).</li>
 *   <li>{@code onUpdate} with {@code oldObject} and {@code newObject} at the same resourceVersion
 *       is a resync (or a relist that found nothing new); it reaches only handlers whose resync
 *       period is due.</li>
 *   <li>Identity is {@code namespace/name}: a delete-and-recreate seen only by a relist arrives as
 *       one {@code onUpdate}; compare UIDs when that matters.</li>
 *   <li>A handler that throws is logged with the object's key; the notification is skipped and
 *       delivery continues with the next one.</li>
 * </ul>
 * Handlers must not block for long (reconcile work belongs in a workqueue) and must not modify
 * the objects they receive.
 */
public interface ResourceEventHandler<T> {

    /**
     * An object appeared in the cache.
     *
     * @param initialList whether it came with the first complete list (or, for a handler added
     *     after start, with the replay of the cache's contents)
     */
    default void onAdd(T object, boolean initialList) {}

    /** An object in the cache changed (or was re-delivered by a resync). */
    default void onUpdate(T oldObject, T newObject) {}

    /** An object left the cache; see {@link DeletedObject#finalStateUnknown()}. */
    default void onDelete(DeletedObject<T> deleted) {}
}
