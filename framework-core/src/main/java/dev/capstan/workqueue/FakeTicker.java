package dev.capstan.workqueue;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that only moves when told to: part of the test kit, so queue and backoff
 * tests never sleep.
 *
 * <p>✅ {@code ticker.advance(Duration.ofSeconds(1))}, then await the effect (for example with
 * Awaitility): the delaying queue's timer thread is woken by the advance but runs asynchronously.
 *
 * <h2>Thread safety</h2> Safe for concurrent use. Listeners run on the thread that calls
 * {@link #advance}.
 */
public final class FakeTicker implements Ticker {

    private final AtomicLong nanos;
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** A fake ticker starting at {@code startNanos}. */
    public FakeTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    /** A fake ticker starting at an arbitrary non-zero reading (so code never relies on zero). */
    public FakeTicker() {
        this(1_000_000_000L);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    /** Moves time forward by {@code delta} (must not be negative) and notifies the listeners. */
    public void advance(Duration delta) {
        Objects.requireNonNull(delta, "delta");
        if (delta.isNegative()) {
            throw new IllegalArgumentException("a ticker never goes back: " + delta);
        }
        nanos.addAndGet(delta.toNanos());
        listeners.forEach(Runnable::run);
    }

    @Override
    public Runnable onAdvance(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
