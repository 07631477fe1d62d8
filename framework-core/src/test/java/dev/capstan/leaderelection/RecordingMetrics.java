package dev.capstan.leaderelection;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the elector reports. */
final class RecordingMetrics implements LeaderElectionMetrics {
    final AtomicInteger on = new AtomicInteger();
    final AtomicInteger off = new AtomicInteger();
    final AtomicInteger slowpath = new AtomicInteger();
    volatile boolean leading;

    @Override
    public void leaderOn(String name) {
        on.incrementAndGet();
        leading = true;
    }

    @Override
    public void leaderOff(String name) {
        off.incrementAndGet();
        leading = false;
    }

    @Override
    public void slowpathExercised(String name) {
        slowpath.incrementAndGet();
    }
}
