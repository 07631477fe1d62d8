package dev.capstan.workqueue;

import java.util.Optional;

/**
 * A {@link WorkQueue} that hands every call to another; the delaying and rate-limiting queues
 * extend it and add (or override) only what they change.
 */
abstract class ForwardingWorkQueue<T> implements WorkQueue<T> {
    private final WorkQueue<T> delegate;

    ForwardingWorkQueue(WorkQueue<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void add(T item) {
        delegate.add(item);
    }

    @Override
    public Optional<T> get() throws InterruptedException {
        return delegate.get();
    }

    @Override
    public void done(T item) {
        delegate.done(item);
    }

    @Override
    public int len() {
        return delegate.len();
    }

    @Override
    public void shutDown() {
        delegate.shutDown();
    }

    @Override
    public void shutDownWithDrain() throws InterruptedException {
        delegate.shutDownWithDrain();
    }

    @Override
    public boolean isShuttingDown() {
        return delegate.isShuttingDown();
    }
}
