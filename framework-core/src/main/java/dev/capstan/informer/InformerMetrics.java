package dev.capstan.informer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

/**
 * Publishes an informer's {@link InformerStatus} as Micrometer meters, tagged
 * {@code informer=<what it watches>} (Prometheus names shown):
 * <ul>
 *   <li>{@code capstan_informer_synced}, {@code capstan_informer_watching} — 1 or 0;</li>
 *   <li>{@code capstan_informer_cache_objects} — objects in the cache;</li>
 *   <li>{@code capstan_informer_watch_down_seconds} — how long no watch has been open (0 while one is);</li>
 *   <li>{@code capstan_informer_last_event_age_seconds} — since the last event or bookmark (NaN before the first);</li>
 *   <li>{@code capstan_informer_lists_total}, {@code capstan_informer_watches_total},
 *       {@code capstan_informer_errors_total} — complete lists (relists are the ones after the
 *       first), watches opened, list/watch failures.</li>
 * </ul>
 * Alert on {@code watch_down_seconds} and {@code errors_total}: an informer that stopped
 * receiving is visible, not silent. Meters read the status lazily at scrape time.
 */
public final class InformerMetrics {
    private InformerMetrics() {}

    /** Registers the meters of {@code informer} with {@code registry}. */
    public static void bind(SharedIndexInformer<?> informer, MeterRegistry registry) {
        bind(informer, registry, Clock.systemUTC());
    }

    static void bind(SharedIndexInformer<?> informer, MeterRegistry registry, Clock clock) {
        Tags tags = Tags.of("informer", informer.status().description());
        gauge(registry, "capstan.informer.synced", "Whether the informer has synced", tags, informer, s -> s.synced() ? 1 : 0);
        gauge(registry, "capstan.informer.watching", "Whether a watch is open", tags, informer, s -> s.watching() ? 1 : 0);
        gauge(registry, "capstan.informer.cache.objects", "Objects in the cache", tags, informer, InformerStatus::cacheSize);
        gauge(registry, "capstan.informer.watch.down.seconds", "Seconds without an open watch", tags, informer,
                s -> s.watchDownFor(clock.instant()).toMillis() / 1000.0);
        gauge(registry, "capstan.informer.last.event.age.seconds", "Seconds since the last event or bookmark", tags, informer,
                s -> s.lastEventAt() == null ? Double.NaN : Duration.between(s.lastEventAt(), Instant.now(clock)).toMillis() / 1000.0);
        counter(registry, "capstan.informer.lists", "Complete lists (the first one and relists)", tags, informer, InformerStatus::lists);
        counter(registry, "capstan.informer.watches", "Watches opened", tags, informer, InformerStatus::watches);
        counter(registry, "capstan.informer.errors", "List and watch failures", tags, informer, InformerStatus::errors);
    }

    private static void gauge(MeterRegistry registry, String name, String description, Tags tags, SharedIndexInformer<?> informer,
            ToDoubleFunction<InformerStatus> value) {
        Gauge.builder(name, informer, i -> value.applyAsDouble(i.status())).description(description).tags(tags).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags, SharedIndexInformer<?> informer,
            ToDoubleFunction<InformerStatus> value) {
        FunctionCounter.builder(name, informer, i -> value.applyAsDouble(i.status())).description(description).tags(tags)
                .register(registry);
    }
}
