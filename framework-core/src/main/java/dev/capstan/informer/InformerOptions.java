package dev.capstan.informer;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How an informer runs; {@link #defaults()} documents each default.
 *
 * @param resyncPeriod how often handlers get every cached object again as an update with an
 *     unchanged resourceVersion ({@code Duration.ZERO}: never, the default); a local operation,
 *     the server is not contacted. Handlers may ask for their own period.
 * @param queue which queue sits between reflector and cache; default {@link QueueKind#IN_ORDER}
 * @param reflector list/watch behaviour; default {@link ReflectorOptions#defaults()}
 * @param stripManagedFields drop {@code metadata.managedFields} while parsing (it is skipped
 *     token by token, never built); default true. Turn off only if handlers need field owners.
 * @param watchDownWarning a watch down for longer than this is logged as a WARNING (once, and
 *     once more when it recovers) and makes {@link InformerStatus#isHealthy} false; default 1 min
 * @param clock time for status timestamps; default the system clock
 */
public record InformerOptions(
        Duration resyncPeriod,
        QueueKind queue,
        ReflectorOptions reflector,
        boolean stripManagedFields,
        Duration watchDownWarning,
        Clock clock) {

    /** The queue between reflector and informer; see {@link DeltaQueue}. */
    public enum QueueKind {
        /** client-go's current default (RealFIFO with atomic relist): every change, in order. */
        IN_ORDER,
        /** The seed document's DeltaFIFO: changes coalesced per key. */
        DELTA_FIFO
    }

    public InformerOptions {
        Objects.requireNonNull(resyncPeriod, "resyncPeriod");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(reflector, "reflector");
        Objects.requireNonNull(watchDownWarning, "watchDownWarning");
        Objects.requireNonNull(clock, "clock");
        if (resyncPeriod.isNegative()) {
            throw new IllegalArgumentException("resyncPeriod must not be negative, not " + resyncPeriod);
        }
    }

    public static InformerOptions defaults() {
        return new InformerOptions(Duration.ZERO, QueueKind.IN_ORDER, ReflectorOptions.defaults(), true,
                Duration.ofMinutes(1), Clock.systemUTC());
    }

    public InformerOptions withResyncPeriod(Duration period) {
        return new InformerOptions(period, queue, reflector, stripManagedFields, watchDownWarning, clock);
    }

    public InformerOptions withQueue(QueueKind kind) {
        return new InformerOptions(resyncPeriod, kind, reflector, stripManagedFields, watchDownWarning, clock);
    }

    public InformerOptions withReflector(ReflectorOptions options) {
        return new InformerOptions(resyncPeriod, queue, options, stripManagedFields, watchDownWarning, clock);
    }

    public InformerOptions withStripManagedFields(boolean strip) {
        return new InformerOptions(resyncPeriod, queue, reflector, strip, watchDownWarning, clock);
    }

    public InformerOptions withWatchDownWarning(Duration bound) {
        return new InformerOptions(resyncPeriod, queue, reflector, stripManagedFields, bound, clock);
    }

    public InformerOptions withClock(Clock value) {
        return new InformerOptions(resyncPeriod, queue, reflector, stripManagedFields, watchDownWarning, value);
    }
}
