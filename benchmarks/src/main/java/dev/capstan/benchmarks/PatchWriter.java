package dev.capstan.benchmarks;

import dev.capstan.client.rest.PatchType;
import dev.capstan.client.rest.RestClient;
import dev.capstan.client.rest.RestRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes ConfigMaps of a fixed pool, round robin, at a fixed rate (open loop) or as fast as the
 * server answers (closed loop), recording {@link LatencyTrace.Stage#INTENDED}, {@code SENT} and
 * {@code RESPONDED} of every write.
 *
 * <p><b>Open loop</b> ({@link #run}): write {@code i} is due at {@code start + i / rate} whatever
 * happened to earlier writes, so a slow server does not lower the offered rate (no coordinated
 * omission). A writer that falls behind (a GC pause, a busy core) sends the overdue writes at
 * once, and latency counts from the slot a write was due in. One bound keeps an overloaded server
 * from being buried: a write that falls due while {@code maxInFlight} writes are unanswered is
 * skipped and counted ({@link #takeSkipped}), never silently.
 *
 * <p><b>Closed loop</b> ({@link #runClosedLoop}): {@code concurrency} writes in flight, each
 * answer sends the next: the most the server sustains, the API server's write capacity.
 *
 * <p>Each write is a JSON merge patch {@code {"data":{"seq":"<seq>"}}} through Capstan's
 * asynchronous {@link RestClient#exchange}: the writer's thread only subscribes; the request is
 * sent and the answer handled on the HTTP client's event loop.
 *
 * <h2>Threads</h2> {@code run} and {@code runClosedLoop} block the calling thread until the last
 * write has been sent (not answered); {@link #awaitResponses} waits for the answers.
 */
final class PatchWriter {
    private final RestClient rest;
    private final String namespace;
    private final List<String> names;
    private final LatencyTrace trace;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    PatchWriter(RestClient rest, String namespace, List<String> names, LatencyTrace trace, int maxInFlight) {
        this.rest = rest;
        this.namespace = namespace;
        this.names = List.copyOf(names);
        this.trace = trace;
        this.maxInFlight = maxInFlight;
    }

    /**
     * Open loop: writes {@code [firstSeq, firstSeq + count)} at {@code rate} per second, the first
     * due at {@code startNanos} ({@link System#nanoTime()} scale). Returns when the last is sent.
     */
    void run(int firstSeq, int count, double rate, long startNanos) {
        double period = 1e9 / rate;
        for (int i = 0; i < count; i++) {
            int seq = firstSeq + i;
            long due = startNanos + Math.round(i * period);
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= maxInFlight) {
                skipped.incrementAndGet();
                continue;
            }
            trace.stamp(LatencyTrace.Stage.INTENDED, seq, due);
            send(seq, null);
        }
    }

    /**
     * Closed loop: from {@code startNanos} until {@code endNanos}, keeps {@code concurrency} writes
     * in flight, numbered from {@code firstSeq} (at most {@code maxCount}). Returns the number sent.
     */
    int runClosedLoop(int firstSeq, int maxCount, int concurrency, long startNanos, long endNanos) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        for (long wait; (wait = startNanos - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(wait);
        }
        int sent = 0;
        while (sent < maxCount) {
            permits.acquire();
            long now = System.nanoTime();
            if (now - endNanos >= 0) {
                break;
            }
            int seq = firstSeq + sent++;
            trace.stamp(LatencyTrace.Stage.INTENDED, seq, now);
            send(seq, permits);
        }
        return sent;
    }

    private void send(int seq, Semaphore permits) {
        String name = names.get(seq % names.size());
        RestRequest patch = RestRequest.of("PATCH", "/api/v1/namespaces/" + namespace + "/configmaps/" + name)
                .body(("{\"data\":{\"seq\":\"" + seq + "\"}}").getBytes(StandardCharsets.UTF_8), PatchType.MERGE.contentType())
                .describedAs("patch configmap " + namespace + "/" + name);
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        trace.stamp(LatencyTrace.Stage.SENT, seq);
        rest.exchange(patch).subscribe(
                response -> {
                    trace.stamp(LatencyTrace.Stage.RESPONDED, seq);
                    inFlight.decrementAndGet();
                    if (permits != null) {
                        permits.release();
                    }
                },
                error -> {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, error);
                    inFlight.decrementAndGet();
                    if (permits != null) {
                        permits.release();
                    }
                });
    }

    /** Waits until no write is in flight, up to {@code timeoutMillis}; returns whether none is. */
    boolean awaitResponses(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return inFlight.get() == 0;
    }

    /** The most writes in flight at once since the last call; resets the count. */
    int takePeakInFlight() {
        return peakInFlight.getAndSet(inFlight.get());
    }

    /** Writes that failed since the last call; resets the count. */
    int takeErrors() {
        return errors.getAndSet(0);
    }

    /** Writes skipped since the last call because {@code maxInFlight} were unanswered; resets the count. */
    int takeSkipped() {
        return skipped.getAndSet(0);
    }

    Throwable firstError() {
        return firstError.get();
    }
}
