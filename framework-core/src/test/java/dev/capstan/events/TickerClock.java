package dev.capstan.events;

import dev.capstan.workqueue.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock that moves with a ticker: {@code start} plus the ticker's progress. */
final class TickerClock extends Clock {
    private final Ticker ticker;
    private final Instant start;
    private final long startNanos;

    TickerClock(Ticker ticker, Instant start) {
        this.ticker = ticker;
        this.start = start;
        this.startNanos = ticker.nanoTime();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return start.plusNanos(ticker.nanoTime() - startNanos);
    }
}
