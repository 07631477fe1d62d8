package dev.capstan.leaderelection;

import dev.capstan.workqueue.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Callbacks that log what happened, in order, with the ticker reading of each term's end. */
class RecordingCallbacks implements LeaderCallbacks {
    private final Ticker ticker;
    private final List<String> events = new ArrayList<>();
    private final List<Long> stoppedAt = new ArrayList<>();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger stopped = new AtomicInteger();

    RecordingCallbacks(Ticker ticker) {
        this.ticker = ticker;
    }

    @Override
    public void onStartedLeading() {
        event("started");
        started.incrementAndGet();
    }

    @Override
    public void onStoppedLeading() {
        synchronized (this) {
            stoppedAt.add(ticker.nanoTime());
        }
        event("stopped");
        stopped.incrementAndGet();
    }

    @Override
    public void onNewLeader(String identity) {
        event("new-leader " + identity);
    }

    synchronized void event(String event) {
        events.add(event);
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    synchronized List<Long> stoppedAt() {
        return List.copyOf(stoppedAt);
    }
}
