package dev.capstan.events;

import dev.capstan.workqueue.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link EventRecorder} identifies itself, how much it buffers, and the timings of its
 * aggregation, spam filter and retries. Immutable; each {@code with…} returns a copy.
 *
 * <pre>{@code
 * EventRecorderOptions options = EventRecorderOptions.forController("capstan.dev/sample-controller")
 *         .withMeterRegistry(registry);
 * }</pre>
 *
 * @param reportingController the Event's {@code reportingController}: a qualified name such as
 *     {@code capstan.dev/sample-controller} (an optional DNS-subdomain prefix and {@code /}, then at
 *     most 63 characters of {@code [A-Za-z0-9_.-]}, alphanumeric at both ends); required, no default
 * @param reportingInstance the Event's {@code reportingInstance}, which replica wrote it (at most
 *     128 bytes); default: the {@code HOSTNAME} environment variable (the pod's name in a pod),
 *     else the local host name, else {@code unknown}
 * @param queueCapacity how many writes may wait for the writer thread; an event that would need one
 *     more is dropped and counted (repeats folded into a waiting write need no room); default 1000
 *     (client-go's {@code maxQueuedEvents})
 * @param correlation the aggregation window, series refresh and spam filter; default
 *     {@link Correlation#defaults()}
 * @param retry how often, and how far apart, a failed write is tried; default {@link Retry#defaults()}
 * @param ticker measures the windows of aggregation and the spam filter (a
 *     {@link dev.capstan.workqueue.FakeTicker} in tests); default {@link Ticker#system()}
 * @param clock stamps {@code eventTime}, {@code series.lastObservedTime} and the name suffix;
 *     default {@link Clock#systemUTC()}
 * @param meterRegistry where the counter {@code capstan.events.dropped} (tags {@code controller},
 *     {@code reason}) goes; default none
 */
public record EventRecorderOptions(
        String reportingController,
        String reportingInstance,
        int queueCapacity,
        Correlation correlation,
        Retry retry,
        Ticker ticker,
        Clock clock,
        @Nullable MeterRegistry meterRegistry) {

    /** client-go's {@code maxQueuedEvents}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1000;

    public EventRecorderOptions {
        EventFields.checkQualifiedName(reportingController, "reportingController");
        Objects.requireNonNull(reportingInstance, "reportingInstance");
        if (reportingInstance.isBlank() || EventFields.utf8Length(reportingInstance) > EventFields.MAX_INSTANCE_BYTES) {
            throw new IllegalArgumentException("reportingInstance must be non-blank and at most "
                    + EventFields.MAX_INSTANCE_BYTES + " bytes: '" + reportingInstance + "'");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
        }
        Objects.requireNonNull(correlation, "correlation");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(clock, "clock");
    }

    /** The defaults, for the controller named {@code reportingController} (for example {@code capstan.dev/sample-controller}). */
    public static EventRecorderOptions forController(String reportingController) {
        return new EventRecorderOptions(reportingController, defaultReportingInstance(), DEFAULT_QUEUE_CAPACITY,
                Correlation.defaults(), Retry.defaults(), Ticker.system(), Clock.systemUTC(), null);
    }

    public EventRecorderOptions withReportingInstance(String reportingInstance) {
        return new EventRecorderOptions(reportingController, reportingInstance, queueCapacity, correlation, retry, ticker, clock, meterRegistry);
    }

    public EventRecorderOptions withQueueCapacity(int queueCapacity) {
        return new EventRecorderOptions(reportingController, reportingInstance, queueCapacity, correlation, retry, ticker, clock, meterRegistry);
    }

    public EventRecorderOptions withCorrelation(Correlation correlation) {
        return new EventRecorderOptions(reportingController, reportingInstance, queueCapacity, correlation, retry, ticker, clock, meterRegistry);
    }

    public EventRecorderOptions withRetry(Retry retry) {
        return new EventRecorderOptions(reportingController, reportingInstance, queueCapacity, correlation, retry, ticker, clock, meterRegistry);
    }

    public EventRecorderOptions withTicker(Ticker ticker) {
        return new EventRecorderOptions(reportingController, reportingInstance, queueCapacity, correlation, retry, ticker, clock, meterRegistry);
    }

    public EventRecorderOptions withClock(Clock clock) {
        return new EventRecorderOptions(reportingController, reportingInstance, queueCapacity, correlation, retry, ticker, clock, meterRegistry);
    }

    public EventRecorderOptions withMeterRegistry(@Nullable MeterRegistry meterRegistry) {
        return new EventRecorderOptions(reportingController, reportingInstance, queueCapacity, correlation, retry, ticker, clock, meterRegistry);
    }

    /**
     * The pod's name when running in a pod ({@code HOSTNAME}), else the local host name, else
     * {@code unknown}; cut to 128 bytes.
     */
    static String defaultReportingInstance() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | SecurityException e) {
                host = null;
            }
        }
        if (host == null || host.isBlank()) {
            return "unknown";
        }
        return EventFields.truncateUtf8(host.strip(), EventFields.MAX_INSTANCE_BYTES, "");
    }

    /**
     * When occurrences are folded into one Event, and how many Events one object may cause.
     *
     * @param seriesWindow an occurrence identical to one seen less than this long ago joins its
     *     series instead of creating an Event; a series ends once it has been quiet this long;
     *     default 6 min (client-go {@code tools/events} {@code finishTime})
     * @param seriesRefresh the longest a growing series' count waits before it is written;
     *     default 30 min (client-go {@code refreshTime})
     * @param spamBurst how many Events one object may get at once, per recorder; default 25
     *     (client-go {@code defaultSpamBurst})
     * @param spamRefillInterval how long it takes to earn one more Event once the burst is spent;
     *     default 5 min (client-go {@code defaultSpamQPS} = 1/300)
     * @param cacheSize how many series and how many spam-filter buckets are remembered, each an
     *     LRU; default 4096 (client-go {@code maxLruCacheEntries})
     */
    public record Correlation(Duration seriesWindow, Duration seriesRefresh, int spamBurst, Duration spamRefillInterval, int cacheSize) {

        public Correlation {
            positive(seriesWindow, "seriesWindow");
            positive(seriesRefresh, "seriesRefresh");
            positive(spamRefillInterval, "spamRefillInterval");
            if (spamBurst < 1) {
                throw new IllegalArgumentException("spamBurst must be positive: " + spamBurst);
            }
            if (cacheSize < 1) {
                throw new IllegalArgumentException("cacheSize must be positive: " + cacheSize);
            }
        }

        /** 6 min window, 30 min refresh, burst 25, one more Event per 5 min, 4096 entries. */
        public static Correlation defaults() {
            return new Correlation(Duration.ofMinutes(6), Duration.ofMinutes(30), 25, Duration.ofMinutes(5), 4096);
        }

        public Correlation withSeriesWindow(Duration seriesWindow) {
            return new Correlation(seriesWindow, seriesRefresh, spamBurst, spamRefillInterval, cacheSize);
        }

        public Correlation withSeriesRefresh(Duration seriesRefresh) {
            return new Correlation(seriesWindow, seriesRefresh, spamBurst, spamRefillInterval, cacheSize);
        }

        public Correlation withSpamFilter(int spamBurst, Duration spamRefillInterval) {
            return new Correlation(seriesWindow, seriesRefresh, spamBurst, spamRefillInterval, cacheSize);
        }

        public Correlation withCacheSize(int cacheSize) {
            return new Correlation(seriesWindow, seriesRefresh, spamBurst, spamRefillInterval, cacheSize);
        }
    }

    /**
     * How a write that failed for a transient reason (no response, HTTP 429 or 5xx after the REST
     * layer's own retries) is tried again. Other failures (the server rejected the Event) are not
     * retried. The pause before the second try is random between zero and {@code delay}, so
     * replicas that lost the API server together do not return together; later pauses are
     * {@code delay}. Pauses are real time (not the ticker's), on the writer thread.
     *
     * @param maxTries tries per write, the first included; default 12 (client-go {@code maxTriesPerEvent})
     * @param delay the pause between tries; default 10 s (client-go)
     */
    public record Retry(int maxTries, Duration delay) {

        public Retry {
            if (maxTries < 1) {
                throw new IllegalArgumentException("maxTries must be at least 1: " + maxTries);
            }
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative: " + delay);
            }
        }

        /** 12 tries, 10 s apart. */
        public static Retry defaults() {
            return new Retry(12, Duration.ofSeconds(10));
        }
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
