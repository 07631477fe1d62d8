package dev.capstan.informer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeltaProcessor} for the queue tests that records every call and applies it to a small
 * cache, the way the informer applies popped work to its indexer. The cache is also the
 * {@link KnownObjects} of a {@link DeltaFifo} under test.
 */
final class FifoRecorder implements DeltaProcessor<FifoRecorder.Item> {

    /** A minimal keyed object: the queues are generic. */
    record Item(String name, int version) {
        static Item of(String name, int version) {
            return new Item(name, version);
        }
    }

    /** Keys an item by name; an empty name has no key, as with {@link KeyFunction#namespaceName()}. */
    static final KeyFunction<Item> KEY = item -> {
        if (item.name().isEmpty()) {
            throw new IllegalArgumentException("item has no name, so it has no key");
        }
        return item.name();
    };

    /** One call the queue made. */
    sealed interface Call permits Process, ReplaceAll, ResyncAll {}

    record Process(List<Delta<Item>> deltas, boolean initialList) implements Call {}

    record ReplaceAll(List<Item> objects, boolean initialList) implements Call {}

    record ResyncAll() implements Call {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Cache cache = new Cache();
    /** Runs inside every processor call, after it was recorded and applied. */
    volatile Runnable during = () -> {};
    /** The list the last {@code replaceAll} call received, as received. */
    volatile @Nullable List<Item> lastReplaceAllArgument;

    @Override
    public void process(List<Delta<Item>> deltas, boolean initialList) {
        calls.add(new Process(List.copyOf(deltas), initialList));
        for (Delta<Item> delta : deltas) {
            if (delta.type() == Delta.Type.DELETED) {
                cache.remove(delta.object().name());
            } else {
                cache.put(delta.object());
            }
        }
        during.run();
    }

    @Override
    public void replaceAll(List<Item> objects, boolean initialList) {
        calls.add(new ReplaceAll(List.copyOf(objects), initialList));
        lastReplaceAllArgument = objects;
        Set<String> listed = new HashSet<>();
        objects.forEach(o -> listed.add(o.name()));
        for (String key : cache.listKeys()) {
            if (!listed.contains(key)) {
                cache.remove(key);
            }
        }
        objects.forEach(cache::put);
        during.run();
    }

    @Override
    public void resyncAll() {
        calls.add(new ResyncAll());
        during.run();
    }

    /** The deltas of every {@code process} call, in call order. */
    List<List<Delta<Item>>> processed() {
        List<List<Delta<Item>>> out = new ArrayList<>();
        for (Call call : calls) {
            if (call instanceof Process p) {
                out.add(p.deltas());
            }
        }
        return out;
    }

    /**
     * Pushes {@code changes} watch changes over {@code keys} keys into {@code queue}: version
     * {@code v} goes to key {@code "k" + v % keys}; a key is added, updated a few times, deleted,
     * added again, and so on, so no two deletions of a key are consecutive and every deletion is
     * of a key the consumer has or will have. Returns the final state per key.
     */
    static Map<String, Item> produce(DeltaQueue<Item> queue, int changes, int keys) {
        Map<String, Item> state = new LinkedHashMap<>();
        for (int v = 0; v < changes; v++) {
            String key = "k" + v % keys;
            Item item = Item.of(key, v);
            if (!state.containsKey(key)) {
                queue.add(item);
                state.put(key, item);
            } else if ((v / keys) % 5 == 4) {
                queue.delete(item);
                state.remove(key);
            } else {
                queue.update(item);
                state.put(key, item);
            }
        }
        return state;
    }

    /**
     * A processor for the concurrency tests: checks that the versions of each key arrive in
     * increasing order, counts the deltas and resyncs, and applies the deltas to a cache. Used by
     * one popping thread; read it after that thread has finished.
     */
    static final class OrderChecker implements DeltaProcessor<Item> {
        final Cache cache = new Cache();
        final Map<String, Integer> lastVersion = new java.util.HashMap<>();
        final List<String> violations = new ArrayList<>();
        final Set<Integer> versions = new HashSet<>();
        volatile int received;
        int resyncs;

        @Override
        public void process(List<Delta<Item>> deltas, boolean initialList) {
            String key = deltas.get(0).object().name();
            for (Delta<Item> delta : deltas) {
                Item item = delta.object();
                if (!item.name().equals(key)) {
                    violations.add("one call mixed keys " + key + " and " + item.name());
                }
                Integer last = lastVersion.put(item.name(), item.version());
                if (last != null && last >= item.version()) {
                    violations.add(item.name() + ": version " + item.version() + " after " + last);
                }
                if (!versions.add(item.version())) {
                    violations.add("version " + item.version() + " delivered twice");
                }
                if (delta.type() == Delta.Type.DELETED) {
                    cache.remove(item.name());
                } else {
                    cache.put(item);
                }
            }
            received += deltas.size();
        }

        @Override
        public void replaceAll(List<Item> objects, boolean initialList) {
            violations.add("unexpected replaceAll");
        }

        @Override
        public void resyncAll() {
            resyncs++;
        }
    }

    /** A thread-safe map in insertion order, standing in for the informer's indexer. */
    static final class Cache implements KnownObjects<Item> {
        private final Map<String, Item> objects = new LinkedHashMap<>();

        synchronized void put(Item item) {
            objects.put(item.name(), item);
        }

        synchronized void remove(String key) {
            objects.remove(key);
        }

        synchronized Map<String, Item> snapshot() {
            return Map.copyOf(objects);
        }

        @Override
        public synchronized List<String> listKeys() {
            return List.copyOf(objects.keySet());
        }

        @Override
        public synchronized @Nullable Item getByKey(String key) {
            return objects.get(key);
        }
    }
}
