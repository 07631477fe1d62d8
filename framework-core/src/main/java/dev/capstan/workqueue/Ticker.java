package dev.capstan.workqueue;

/**
 * The time source of the queues and rate limiters: a monotonic nanosecond counter, injected so
 * tests never sleep.
 *
 * <p>Only differences between two readings are meaningful (as with {@link System#nanoTime()}).
 * A ticker that can jump (like {@link FakeTicker}) must call the listeners registered through
 * {@link #onAdvance} after each jump, so a waiting delaying queue re-checks its timers.
 *
 * <h2>Thread safety</h2> Implementations must be safe for concurrent use.
 */
public interface Ticker {

    /** The current reading in nanoseconds; never decreases. */
    long nanoTime();

    /**
     * Registers a callback run, on the thread that moved time, whenever this ticker jumps forward.
     * The system ticker never jumps and ignores the listener. The callback must not block.
     *
     * @return an action that unregisters the listener
     */
    default Runnable onAdvance(Runnable listener) {
        return () -> { };
    }

    /** The system ticker, backed by {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
