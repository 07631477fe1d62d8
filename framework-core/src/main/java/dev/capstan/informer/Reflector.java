package dev.capstan.informer;

import dev.capstan.api.DecodeException;
import dev.capstan.api.KubernetesObject;
import dev.capstan.api.meta.v1.Status;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ObjectList;
import dev.capstan.client.WatchEvent;
import dev.capstan.client.WatchOptions;
import dev.capstan.client.rest.KubernetesApiException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * Keeps a {@link DeltaQueue} in step with one selection of one resource on the server: lists
 * it, then watches from the list's resourceVersion, for as long as it runs (client-go's
 * {@code Reflector.ListAndWatch}).
 *
 * <h2>Behaviour (client-go's rules)</h2>
 * <ul>
 *   <li><b>Streaming list first</b> when {@link ReflectorOptions#streamingList()}: a watch with
 *       {@code sendInitialEvents=true} whose initial objects are collected aside until the
 *       {@code k8s.io/initial-events-end} bookmark, then handed over as one
 *       {@link DeltaQueue#replace}; the same stream then goes on as the watch. A server that
 *       refuses it gets a paged list instead (and a 400/422 refusal is remembered).</li>
 *   <li><b>List</b>: pages of {@link ReflectorOptions#pageSize()}; the first list asks for
 *       {@code resourceVersion=0} so the watch cache can serve it; a relist asks for the last
 *       synced resourceVersion, and for a consistent read ({@code ""}) once a list failed with
 *       410 Gone or "too large resource version".</li>
 *   <li><b>Watch</b> from the last synced resourceVersion, bookmarks on, with a server-side
 *       timeout drawn from [min, 2·min]. A watch that ends normally is resumed from where it
 *       stopped, without a relist. Connection refused, 429 and 5xx when opening it: back off and
 *       watch again, without a relist. 410 Gone (as a status or an ERROR event): relist.
 *       Other errors, a watch that closes within a second having delivered nothing, an event
 *       that does not decode, has the wrong kind or no name: report, back off, relist.</li>
 *   <li><b>Bookmarks</b> only advance the resourceVersion.</li>
 *   <li><b>Backoff</b>: exponential from {@link ReflectorOptions#initialBackoff()} to
 *       {@link ReflectorOptions#maxBackoff()}, with jitter, reset after
 *       {@link ReflectorOptions#backoffReset()} without failure.</li>
 *   <li><b>Half-open connections</b>: a watch still open {@link ReflectorOptions#watchIdleGrace()}
 *       after the timeout it asked the server for (the server would have ended it) is dropped
 *       and replaced without a relist (beyond client-go, which relies on TCP keep-alive).</li>
 * </ul>
 * Every failure goes to the {@link WatchErrorHandler} (by default: logged at WARNING with the
 * resource and the reason); nothing fails silently and the reflector never stops on its own.
 *
 * <h2>Threads</h2> {@link #run()} blocks the calling thread (the informer gives each reflector
 * its own) until {@link #close()}, which may be called from any thread.
 */
public final class Reflector<T> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Reflector.class.getName());
    private static final Object COMPLETED = new Object();
    private static final Duration VERY_SHORT_WATCH = Duration.ofSeconds(1);
    /**
     * A watch that neither failed nor delivered anything for this long was accepted by the server
     * (refusals and connection failures arrive within milliseconds): it counts as watching from
     * then on. Until then — or until its first event — {@link #isWatching()} stays false and
     * {@link #watchDownSince()} keeps counting, so retries against a server that is down never
     * look healthy.
     */
    private static final Duration ESTABLISHED_AFTER = Duration.ofSeconds(1);

    private final ListerWatcher<T> listerWatcher;
    private final DeltaQueue<T> queue;
    private final ReflectorOptions options;
    private final UnaryOperator<T> transform;
    private final KeyFunction<T> keyFunction;
    private final WatchErrorHandler errorHandler;
    private final Clock clock;

    // Written by the run thread only; volatile so status readers see them.
    private volatile String lastSyncResourceVersion = "";
    /** Set when a list failed with 410/too-large: the next list must be a consistent read. */
    private boolean lastSyncResourceVersionUnavailable;
    /** Set when the server refused a streaming list as invalid: do not ask again. */
    private boolean streamingUnsupported;
    private volatile boolean watching;
    private volatile @Nullable Instant watchDownSince;
    private volatile @Nullable Instant lastEventAt;
    private volatile @Nullable Throwable lastError;
    private volatile @Nullable Instant lastErrorAt;
    private volatile boolean streamingListUsed;
    private final AtomicLong lists = new AtomicLong();
    private final AtomicLong watchesOpened = new AtomicLong();

    private volatile boolean closed;
    private volatile @Nullable Thread runner;
    private volatile @Nullable WatchStream current;

    /**
     * A reflector feeding {@code queue} from {@code listerWatcher}.
     *
     * @param transform applied to every listed and watched object before it is queued (for
     *     example to drop fields); must be idempotent and return non-null
     */
    public Reflector(ListerWatcher<T> listerWatcher, DeltaQueue<T> queue, KeyFunction<T> keyFunction, ReflectorOptions options,
            UnaryOperator<T> transform, WatchErrorHandler errorHandler, Clock clock) {
        this.listerWatcher = Objects.requireNonNull(listerWatcher, "listerWatcher");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.keyFunction = Objects.requireNonNull(keyFunction, "keyFunction");
        this.options = Objects.requireNonNull(options, "options");
        this.transform = Objects.requireNonNull(transform, "transform");
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.watchDownSince = clock.instant();
    }

    /** Lists and watches until {@link #close()}; blocks the calling thread. Call once. */
    public void run() {
        if (runner != null) {
            throw new IllegalStateException("reflector for " + listerWatcher.description() + " is already running");
        }
        runner = Thread.currentThread();
        long backoffMillis = options.initialBackoff().toMillis();
        watchRetryMillis = backoffMillis;
        while (!closed) {
            long started = System.nanoTime();
            try {
                listAndWatch();
            } catch (Throwable e) {
                if (closed) {
                    break;
                }
                if (e instanceof Error error && !(e instanceof StackOverflowError)) {
                    throw error;
                }
                report(e);
            }
            if (closed) {
                break;
            }
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(options.backoffReset()) >= 0) {
                backoffMillis = options.initialBackoff().toMillis();
            }
            pause(jittered(backoffMillis));
            backoffMillis = Math.min(backoffMillis * 2, options.maxBackoff().toMillis());
        }
        watching = false;
    }

    /** Stops {@link #run()}: cancels the watch, interrupts a list in flight. Idempotent. */
    @Override
    public void close() {
        closed = true;
        WatchStream stream = current;
        if (stream != null) {
            stream.stop();
        }
        Thread thread = runner;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    // ---- status ------------------------------------------------------------------------------

    /** The resourceVersion of the last list, event or bookmark processed ("" before the first list). */
    public String lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    /** Whether a watch is open right now. */
    public boolean isWatching() {
        return watching;
    }

    /** Since when no watch has been open, or null while one is. */
    public @Nullable Instant watchDownSince() {
        return watchDownSince;
    }

    /** When the last event or bookmark arrived, or null. */
    public @Nullable Instant lastEventAt() {
        return lastEventAt;
    }

    /** The last failure, or null. */
    public @Nullable Throwable lastError() {
        return lastError;
    }

    /** When {@link #lastError()} happened, or null. */
    public @Nullable Instant lastErrorAt() {
        return lastErrorAt;
    }

    /** Complete lists taken so far (paged or streaming); everything after the first is a relist. */
    public long listCount() {
        return lists.get();
    }

    /** Watches opened so far. */
    public long watchCount() {
        return watchesOpened.get();
    }

    /** Whether the last complete list came from a streaming list. */
    public boolean usedStreamingList() {
        return streamingListUsed;
    }

    /** What this reflector lists and watches. */
    public String description() {
        return listerWatcher.description();
    }

    // ---- list and watch ------------------------------------------------------------------------

    private void listAndWatch() throws InterruptedException {
        WatchStream stream = null;
        if (options.streamingList() && !streamingUnsupported) {
            stream = streamingList();
        }
        if (stream == null) {
            list();
        }
        while (!closed) {
            if (stream == null) {
                stream = openWatch(lastSyncResourceVersion, false);
                if (stream == null) {
                    return; // closed
                }
            }
            boolean deliveredAny = consume(stream);
            stream = null;
            if (!deliveredAny && Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(VERY_SHORT_WATCH) < 0) {
                throw new IllegalStateException("very short watch: " + listerWatcher.description()
                        + " closed within a second having delivered nothing");
            }
        }
    }

    /** Start time of the current watch, for the very-short-watch rule. */
    private long startedNanos;
    /** The next wait after a refused watch; doubles per consecutive refusal, reset once a watch is established. */
    private long watchRetryMillis;

    /** A paged list at the relist resourceVersion, handed to the queue as one replace. */
    private void list() {
        String resourceVersion = relistResourceVersion();
        List<T> items;
        String listResourceVersion;
        try {
            ListResult<T> result = listAll(resourceVersion);
            items = result.items;
            listResourceVersion = result.resourceVersion;
        } catch (KubernetesApiException e) {
            if (!resourceVersionUnavailable(e) || resourceVersion.isEmpty()) {
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, () -> listerWatcher.description() + ": list at resourceVersion "
                    + resourceVersion + " failed (" + e.getMessage() + "); listing again with a consistent read");
            lastSyncResourceVersionUnavailable = true;
            ListResult<T> result = listAll("");
            items = result.items;
            listResourceVersion = result.resourceVersion;
        }
        streamingListUsed = false;
        replace(items, listResourceVersion);
    }

    private record ListResult<T>(List<T> items, String resourceVersion) {}

    private ListResult<T> listAll(String resourceVersion) {
        ListOptions first = ListOptions.all().withLimit(options.pageSize())
                .withResourceVersion(resourceVersion.isEmpty() ? null : resourceVersion, null);
        ObjectList<T> page = listerWatcher.list(first);
        List<T> items = new ArrayList<>(page.items().size());
        String listResourceVersion = resourceVersionOf(page);
        while (true) {
            for (T item : page.items()) {
                items.add(accept(item));
            }
            String token = page.continueToken();
            if (token == null || closed) {
                break;
            }
            // later pages: only the continue token (it pins the snapshot); no resourceVersion
            page = listerWatcher.list(ListOptions.all().withLimit(options.pageSize()).withContinue(token));
        }
        return new ListResult<>(items, listResourceVersion);
    }

    private static String resourceVersionOf(ObjectList<?> list) {
        return list.metadata() == null || list.metadata().resourceVersion() == null ? "" : list.metadata().resourceVersion();
    }

    /** client-go's relistResourceVersion: last synced, or 0 at first, or a consistent read after a 410. */
    private String relistResourceVersion() {
        if (lastSyncResourceVersionUnavailable) {
            return "";
        }
        return lastSyncResourceVersion.isEmpty() ? "0" : lastSyncResourceVersion;
    }

    private void replace(List<T> items, String resourceVersion) {
        lists.incrementAndGet(); // counted first: whoever sees the cache change sees the count
        lastSyncResourceVersion = resourceVersion;
        lastSyncResourceVersionUnavailable = false;
        queue.replace(items, resourceVersion);
    }

    /**
     * Tries a streaming list; returns the still-open stream positioned after the initial events,
     * or null when the caller should fall back to a paged list.
     */
    private @Nullable WatchStream streamingList() throws InterruptedException {
        for (int attempt = 0; attempt < 2 && !closed; attempt++) {
            String resourceVersion = lastSyncResourceVersionUnavailable ? "" : lastSyncResourceVersion;
            WatchStream stream = openWatch(resourceVersion, true);
            if (stream == null) {
                return null;
            }
            Map<String, T> initial = new LinkedHashMap<>();
            try {
                while (true) {
                    Object next = stream.next(watchDeadline(stream));
                    if (next == COMPLETED) {
                        LOG.log(System.Logger.Level.INFO, () -> listerWatcher.description()
                                + ": the streaming list ended before its initial-events-end bookmark; falling back to a list");
                        return null;
                    }
                    if (next instanceof Throwable failure) {
                        throw failure;
                    }
                    @SuppressWarnings("unchecked")
                    WatchEvent<T> event = (WatchEvent<T>) next;
                    lastEventAt = clock.instant();
                    if (!stream.established) {
                        established(stream);
                    }
                    if (event instanceof WatchEvent.Added<T> added) {
                        put(initial, added.object());
                    } else if (event instanceof WatchEvent.Modified<T> modified) {
                        put(initial, modified.object());
                    } else if (event instanceof WatchEvent.Deleted<T> deleted) {
                        initial.remove(keyFunction.keyOf(checked(deleted.object())));
                    } else if (event instanceof WatchEvent.Bookmark<T> bookmark) {
                        if (bookmark.initialEventsEnd()) {
                            streamingListUsed = true;
                            replace(new ArrayList<>(initial.values()), bookmark.resourceVersion());
                            return stream;
                        }
                    } else if (event instanceof WatchEvent.Error<T> error) {
                        throw statusError(error.status());
                    }
                }
            } catch (KubernetesApiException e) {
                stream.stop();
                watching = false;
                if (resourceVersionUnavailable(e)) {
                    lastSyncResourceVersionUnavailable = true;
                    continue;
                }
                if (e.code() == 400 || e.code() == 422) {
                    streamingUnsupported = true;
                    LOG.log(System.Logger.Level.INFO, () -> listerWatcher.description()
                            + ": the server refused a streaming list (" + e.getMessage() + "); using list+watch from now on");
                } else {
                    report(e);
                }
                return null;
            } catch (InterruptedException e) {
                stream.stop();
                throw e;
            } catch (RuntimeException | Error e) {
                stream.stop();
                throw e;
            } catch (Throwable e) {
                stream.stop();
                report(e);
                return null;
            }
        }
        return null;
    }

    private void put(Map<String, T> initial, T object) {
        T accepted = accept(object);
        initial.put(keyFunction.keyOf(accepted), accepted);
    }

    /**
     * Opens a watch (lazily: whether the server accepts it shows with its first signal, which
     * {@link #consume} handles). Returns null when closed.
     */
    private @Nullable WatchStream openWatch(String resourceVersion, boolean initialEvents) {
        long timeout = options.minWatchTimeout().toSeconds()
                + ThreadLocalRandom.current().nextLong(options.minWatchTimeout().toSeconds() + 1);
        WatchOptions watch = new WatchOptions(resourceVersion.isEmpty() ? null : resourceVersion, null, null, timeout, true, false);
        if (initialEvents) {
            watch = watch.withInitialEvents();
        }
        WatchStream stream = new WatchStream(timeout);
        current = stream;
        if (closed) {
            stream.stop();
            return null;
        }
        watchesOpened.incrementAndGet();
        startedNanos = System.nanoTime();
        listerWatcher.watch(watch).subscribe(stream);
        return stream;
    }

    /**
     * Applies watch events to the queue until the stream ends. Returns whether anything was
     * delivered; returns normally when the server ended the watch (resume without relist); throws
     * when a relist is needed.
     */
    private boolean consume(WatchStream stream) throws InterruptedException {
        boolean delivered = false;
        try {
            while (!closed) {
                Object next;
                if (stream.established) {
                    next = stream.next(watchDeadline(stream));
                } else {
                    next = stream.nextOrNull(Math.min(watchDeadline(stream), stream.openedAt + ESTABLISHED_AFTER.toNanos()));
                    if (next == null) {
                        established(stream); // open for a while and not refused: the server accepted it
                        continue;
                    }
                    if (next instanceof WatchEvent<?>) {
                        established(stream);
                    }
                }
                if (next == COMPLETED) {
                    return delivered;
                }
                if (next instanceof KubernetesApiException e && retriable(e)) {
                    // refused for now (connection refused, 429, 5xx): back off — exponentially across
                    // consecutive refusals, and at least as long as the server's Retry-After — then watch
                    // again without a relist
                    report(e);
                    long wait = jittered(watchRetryMillis);
                    if (e.retryAfter().isPresent()) {
                        wait = Math.max(wait, e.retryAfter().get().toMillis());
                    }
                    watchRetryMillis = Math.min(watchRetryMillis * 2, options.maxBackoff().toMillis());
                    pause(wait);
                    return true;
                }
                if (next instanceof KubernetesApiException e && e.code() == 0) {
                    // the connection broke mid-stream (or went silent): like a normal end, resume from the last resourceVersion
                    LOG.log(System.Logger.Level.DEBUG, () -> listerWatcher.description() + ": " + e.getMessage() + "; watching again");
                    return true;
                }
                if (next instanceof Throwable failure) {
                    if (failure instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(failure);
                }
                @SuppressWarnings("unchecked")
                WatchEvent<T> event = (WatchEvent<T>) next;
                delivered = true;
                lastEventAt = clock.instant();
                if (event instanceof WatchEvent.Added<T> added) {
                    T object = accept(added.object());
                    queue.add(object);
                    advance(object);
                } else if (event instanceof WatchEvent.Modified<T> modified) {
                    T object = accept(modified.object());
                    queue.update(object);
                    advance(object);
                } else if (event instanceof WatchEvent.Deleted<T> deleted) {
                    T object = accept(deleted.object());
                    queue.delete(object);
                    advance(object);
                } else if (event instanceof WatchEvent.Bookmark<T> bookmark) {
                    if (!bookmark.resourceVersion().isEmpty()) {
                        lastSyncResourceVersion = bookmark.resourceVersion();
                    }
                } else if (event instanceof WatchEvent.Error<T> error) {
                    throw statusError(error.status());
                }
            }
            return delivered;
        } finally {
            stream.stop();
            watching = false;
            if (watchDownSince == null) {
                watchDownSince = clock.instant();
            }
        }
    }

    /** The server answered this watch: only now does the informer count as watching. */
    private void established(WatchStream stream) {
        stream.established = true;
        watchRetryMillis = options.initialBackoff().toMillis();
        watching = true;
        watchDownSince = null;
    }

    private void advance(T object) {
        if (object instanceof KubernetesObject k && k.metadata() != null && k.metadata().resourceVersion() != null) {
            lastSyncResourceVersion = k.metadata().resourceVersion();
        }
    }

    /** The type guard and the transform, applied to every object before it is queued. */
    private T accept(T object) {
        T checked = checked(object);
        T transformed = transform.apply(checked);
        if (transformed == null) {
            throw new IllegalStateException(listerWatcher.description() + ": the transform returned null");
        }
        keyFunction.keyOf(transformed); // an object without a name fails here, before it reaches the queue
        return transformed;
    }

    private T checked(T object) {
        String expected = listerWatcher.expectedKind();
        if (expected != null && object instanceof KubernetesObject k && k.kind() != null && !k.kind().equals(expected)) {
            throw new IllegalStateException(listerWatcher.description() + ": received a " + k.kind() + " where "
                    + expected + " was expected");
        }
        return object;
    }

    private long watchDeadline(WatchStream stream) {
        return stream.openedAt + TimeUnit.SECONDS.toNanos(stream.timeoutSeconds) + options.watchIdleGrace().toNanos();
    }

    private KubernetesApiException statusError(@Nullable Status status) {
        int code = status == null || status.code() == null ? 500 : status.code();
        String message = status == null ? "an ERROR event without a status" : status.message();
        return new KubernetesApiException("watch " + listerWatcher.description() + ": " + message, code, status, null);
    }

    private static boolean resourceVersionUnavailable(KubernetesApiException e) {
        if (e.isGone()) {
            return true;
        }
        // 504 ResourceVersionTooLarge ("Too large resource version")
        String message = e.getMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("too large resource version");
    }

    private static boolean retriable(KubernetesApiException e) {
        if (e.isTooManyRequests() || (e.isServerError() && !resourceVersionUnavailable(e))) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return e.code() == 0 && e.getMessage() != null && e.getMessage().contains("Connection refused");
    }

    private void report(Throwable e) {
        lastError = e;
        lastErrorAt = clock.instant();
        try {
            errorHandler.onError(listerWatcher.description(), e);
        } catch (RuntimeException handlerFailure) {
            LOG.log(System.Logger.Level.WARNING, "the watch error handler of " + listerWatcher.description() + " threw", handlerFailure);
        }
    }

    private long jittered(long millis) {
        return millis + (long) (ThreadLocalRandom.current().nextDouble() * millis);
    }

    /** Waits {@code millis} unless closed first. */
    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left; !closed && (left = deadline - System.nanoTime()) > 0; ) {
            java.util.concurrent.locks.LockSupport.parkNanos(this, left);
            if (Thread.interrupted() && closed) {
                return;
            }
        }
    }

    // ---- the watch stream as a blocking source -------------------------------------------------------

    /**
     * Bridges a watch Flux to the reflector's thread: events are buffered in arrival order and
     * requested in batches (backpressure towards the connection); completion and errors arrive
     * as the last element.
     */
    private final class WatchStream extends BaseSubscriber<WatchEvent<T>> {
        private static final int BATCH = 256;
        private final LinkedBlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        private final long timeoutSeconds;
        private final long openedAt = System.nanoTime();
        private int consumedSinceRequest;
        /** Whether the server has answered (an event arrived, or the stream stayed open without failing). */
        boolean established;

        WatchStream(long timeoutSeconds) {
            this.timeoutSeconds = timeoutSeconds;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(BATCH);
        }

        @Override
        protected void hookOnNext(WatchEvent<T> event) {
            signals.add(event);
        }

        @Override
        protected void hookOnComplete() {
            signals.add(COMPLETED);
        }

        @Override
        protected void hookOnError(Throwable error) {
            signals.add(error);
        }

        @Override
        protected void hookOnCancel() {
            signals.add(COMPLETED);
        }

        void stop() {
            dispose();
        }

        /**
         * The next event, {@link #COMPLETED}, or a failure; a silent stream past {@code deadlineNanos}
         * is reported as a failure (a half-open connection).
         */
        Object next(long deadlineNanos) throws InterruptedException {
            Object next = take(deadlineNanos);
            if (next instanceof WatchEvent<?> && ++consumedSinceRequest >= BATCH / 2) {
                request(consumedSinceRequest);
                consumedSinceRequest = 0;
            }
            return next;
        }

        /** Like {@link #next} but null when nothing arrives before {@code deadlineNanos}. */
        @Nullable Object nextOrNull(long deadlineNanos) throws InterruptedException {
            Object next = signals.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                return closed ? COMPLETED : null;
            }
            if (next instanceof WatchEvent<?> && ++consumedSinceRequest >= BATCH / 2) {
                request(consumedSinceRequest);
                consumedSinceRequest = 0;
            }
            return next;
        }

        private Object take(long deadlineNanos) throws InterruptedException {
            Object next = signals.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                if (closed) {
                    return COMPLETED;
                }
                dispose();
                return new KubernetesApiException("watch " + listerWatcher.description() + ": nothing received for "
                        + Duration.ofNanos(System.nanoTime() - openedAt).toSeconds() + " s (its timeout was " + timeoutSeconds
                        + " s); presuming the connection dead", 0, null, new java.io.IOException("idle watch"));
            }
            return next;
        }
    }
}
