package dev.capstan.controller;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.informer.DeletedObject;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides which informer events become reconcile requests (controller-runtime's predicates).
 * Each method returns true to let the event through; the defaults let everything through.
 *
 * <p>Filters run on the informer's delivery thread for the handler: keep them cheap.
 *
 * <pre>{@code
 * // ✅ reconcile on spec changes only; status writes by the reconciler do not loop back
 * builder.withEventFilter(EventFilter.generationChanged());
 * }</pre>
 */
public interface EventFilter<T extends KubernetesObject> {

    default boolean create(T object) {
        return true;
    }

    default boolean update(T oldObject, T newObject) {
        return true;
    }

    default boolean delete(DeletedObject<T> deleted) {
        return true;
    }

    /** Both filters must pass. */
    default EventFilter<T> and(EventFilter<T> other) {
        Objects.requireNonNull(other, "other");
        EventFilter<T> self = this;
        return new EventFilter<>() {
            public boolean create(T object) {
                return self.create(object) && other.create(object);
            }

            public boolean update(T oldObject, T newObject) {
                return self.update(oldObject, newObject) && other.update(oldObject, newObject);
            }

            public boolean delete(DeletedObject<T> deleted) {
                return self.delete(deleted) && other.delete(deleted);
            }
        };
    }

    /** Either filter may pass. */
    default EventFilter<T> or(EventFilter<T> other) {
        Objects.requireNonNull(other, "other");
        EventFilter<T> self = this;
        return new EventFilter<>() {
            public boolean create(T object) {
                return self.create(object) || other.create(object);
            }

            public boolean update(T oldObject, T newObject) {
                return self.update(oldObject, newObject) || other.update(oldObject, newObject);
            }

            public boolean delete(DeletedObject<T> deleted) {
                return self.delete(deleted) || other.delete(deleted);
            }
        };
    }

    /** Everything passes. */
    static <T extends KubernetesObject> EventFilter<T> all() {
        return new EventFilter<>() {};
    }

    /**
     * Updates pass only when {@code metadata.generation} changed (a spec change; status and
     * metadata writes do not bump it). Creates and deletes pass. Objects without a generation
     * (most built-in kinds without a spec subresource, such as ConfigMaps) always pass.
     */
    static <T extends KubernetesObject> EventFilter<T> generationChanged() {
        return new EventFilter<>() {
            public boolean update(T oldObject, T newObject) {
                Long before = meta(oldObject).generation();
                Long after = meta(newObject).generation();
                return before == null || after == null || !before.equals(after);
            }
        };
    }

    /** Updates pass only when the resourceVersion changed (drops resyncs). */
    static <T extends KubernetesObject> EventFilter<T> resourceVersionChanged() {
        return new EventFilter<>() {
            public boolean update(T oldObject, T newObject) {
                return !Objects.equals(meta(oldObject).resourceVersion(), meta(newObject).resourceVersion());
            }
        };
    }

    /** Updates pass only when the labels changed. */
    static <T extends KubernetesObject> EventFilter<T> labelsChanged() {
        return new EventFilter<>() {
            public boolean update(T oldObject, T newObject) {
                return !Objects.equals(orEmpty(meta(oldObject).labels()), orEmpty(meta(newObject).labels()));
            }
        };
    }

    /** Updates pass only when the annotations changed. */
    static <T extends KubernetesObject> EventFilter<T> annotationsChanged() {
        return new EventFilter<>() {
            public boolean update(T oldObject, T newObject) {
                return !Objects.equals(orEmpty(meta(oldObject).annotations()), orEmpty(meta(newObject).annotations()));
            }
        };
    }

    /**
     * A filter on the object itself: creates and deletes test the object, updates the new object.
     */
    static <T extends KubernetesObject> EventFilter<T> matching(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new EventFilter<>() {
            public boolean create(T object) {
                return predicate.test(object);
            }

            public boolean update(T oldObject, T newObject) {
                return predicate.test(newObject);
            }

            public boolean delete(DeletedObject<T> deleted) {
                return predicate.test(deleted.object());
            }
        };
    }

    private static ObjectMeta meta(KubernetesObject object) {
        return object.metadata() == null ? ObjectMeta.builder().build() : object.metadata();
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
