package dev.capstan.informer;

import java.util.List;

/** Placeholder: replaced by the implementation. */
final class InOrderFifo<T> implements DeltaQueue<T> {
    InOrderFifo(KeyFunction<T> keyFunction) {
        throw new UnsupportedOperationException("not yet implemented");
    }
    @Override public void add(T object) { throw new UnsupportedOperationException(); }
    @Override public void update(T object) { throw new UnsupportedOperationException(); }
    @Override public void delete(T object) { throw new UnsupportedOperationException(); }
    @Override public void replace(List<T> objects, String resourceVersion) { throw new UnsupportedOperationException(); }
    @Override public void resync() { throw new UnsupportedOperationException(); }
    @Override public boolean pop(DeltaProcessor<T> processor) { throw new UnsupportedOperationException(); }
    @Override public boolean hasSynced() { throw new UnsupportedOperationException(); }
    @Override public int size() { throw new UnsupportedOperationException(); }
    @Override public void close() { throw new UnsupportedOperationException(); }
}
