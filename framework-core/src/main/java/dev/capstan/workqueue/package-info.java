/**
 * Work queues with client-go's {@code util/workqueue} semantics: the hand-off between event
 * handlers (which add keys) and workers (which reconcile them).
 *
 * <p>The entry point is {@link dev.capstan.workqueue.RateLimitingQueue}, built with
 * {@link dev.capstan.workqueue.RateLimitingQueue#create(RateLimiter)} and usually
 * {@link dev.capstan.workqueue.RateLimiter#defaultControllerRateLimiter()}. It layers on
 * {@link dev.capstan.workqueue.DelayingQueue} ({@code addAfter}) and
 * {@link dev.capstan.workqueue.WorkQueue} ({@code add}/{@code get}/{@code done}). Time comes from an
 * injected {@link dev.capstan.workqueue.Ticker} ({@link dev.capstan.workqueue.FakeTicker} in tests)
 * and metrics go to {@link dev.capstan.workqueue.WorkQueueMetrics}, a no-op by default.
 * Implementations are package-private. See docs/workqueue.md.
 */
@NullMarked
package dev.capstan.workqueue;

import org.jspecify.annotations.NullMarked;
