package dev.capstan.informer;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of an informer's health: what health checks and metrics read so that an informer
 * is never silently stuck.
 *
 * @param description what the informer lists and watches
 * @param started whether {@link SharedIndexInformer#start()} was called
 * @param synced whether the first complete list has been processed
 * @param watching whether a watch is open now
 * @param watchDownSince since when no watch has been open (null while one is)
 * @param lastEventAt when the last event or bookmark arrived (null before the first)
 * @param lastError the last list/watch failure, as a message (null if none)
 * @param lastErrorAt when it happened
 * @param errors failures so far
 * @param lists complete lists so far (the first one included; later ones are relists)
 * @param watches watches opened so far
 * @param cacheSize objects in the cache
 * @param lastSyncResourceVersion the resourceVersion the cache is at
 * @param streamingList whether the last list was a streaming list
 */
public record InformerStatus(
        String description,
        boolean started,
        boolean synced,
        boolean watching,
        @Nullable Instant watchDownSince,
        @Nullable Instant lastEventAt,
        @Nullable String lastError,
        @Nullable Instant lastErrorAt,
        long errors,
        long lists,
        long watches,
        int cacheSize,
        String lastSyncResourceVersion,
        boolean streamingList) {

    /** Relists: complete lists after the first. */
    public long relists() {
        return Math.max(0, lists - 1);
    }

    /** How long no watch has been open at {@code now} (zero while one is). */
    public Duration watchDownFor(Instant now) {
        return watchDownSince == null ? Duration.ZERO : Duration.between(watchDownSince, now);
    }

    /** Whether the informer is started, synced and its watch has not been down for longer than {@code bound}. */
    public boolean isHealthy(Instant now, Duration bound) {
        return started && synced && watchDownFor(now).compareTo(bound) <= 0;
    }
}
