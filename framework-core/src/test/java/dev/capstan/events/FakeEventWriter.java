package dev.capstan.events;

import dev.capstan.api.events.v1.Event;
import dev.capstan.api.events.v1.EventSeries;
import dev.capstan.api.meta.v1.Status;
import dev.capstan.client.rest.KubernetesApiException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory {@link EventWriter} that behaves like the API server for Events (a create of a
 * taken name is AlreadyExists, a patch of a missing Event is NotFound), can be told to fail the
 * next calls, and can hold calls until released.
 */
final class FakeEventWriter implements EventWriter {

    /** One call as the writer saw it. */
    record Call(String verb, String namespace, String name, Event event, EventSeries series) {}

    /** What the next call does instead of succeeding. */
    enum Failure { SERVER_ERROR, NO_RESPONSE, INVALID, LOST_RESPONSE }

    private final Map<String, Event> stored = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Queue<Failure> failures = new ArrayDeque<>();
    private Failure always;
    private CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch entered = new CountDownLatch(1);

    /** Makes the next calls fail, one failure per call. */
    synchronized void failNext(Failure... next) {
        failures.addAll(List.of(next));
    }

    /** Makes every call fail until set to null. */
    synchronized void failAlways(Failure failure) {
        always = failure;
    }

    /** Holds every call until {@link #release()}. */
    synchronized void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch current;
        synchronized (this) {
            current = gate;
        }
        current.countDown();
    }

    /** Waits until a call has entered the writer (and, when held, is stuck in it). */
    void awaitFirstCall() throws InterruptedException {
        if (!entered.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the recorder never called the writer");
        }
    }

    /** Removes a stored Event, as the server's event TTL would. */
    synchronized void expire(String namespace, String name) {
        stored.remove(namespace + "/" + name);
    }

    @Override
    public Event create(Event event) {
        String key = event.metadata().namespace() + "/" + event.metadata().name();
        enter(new Call("create", event.metadata().namespace(), event.metadata().name(), event, event.series()));
        synchronized (this) {
            Failure failure = nextFailure();
            if (failure != null && failure != Failure.LOST_RESPONSE) {
                throw exception(failure, "create");
            }
            if (stored.containsKey(key)) {
                throw new KubernetesApiException("create event " + key + ": HTTP 409 AlreadyExists", 409,
                        Status.builder().code(409).reason("AlreadyExists").build(), null);
            }
            stored.put(key, event);
            if (failure == Failure.LOST_RESPONSE) {
                throw exception(failure, "create");
            }
            return event;
        }
    }

    @Override
    public Event patchSeries(String namespace, String name, EventSeries series) {
        String key = namespace + "/" + name;
        enter(new Call("patch", namespace, name, null, series));
        synchronized (this) {
            Failure failure = nextFailure();
            if (failure != null) {
                throw exception(failure, "patch");
            }
            Event event = stored.get(key);
            if (event == null) {
                throw new KubernetesApiException("patch event " + key + ": HTTP 404 NotFound", 404, null, null);
            }
            Event patched = event.toBuilder().series(series).build();
            stored.put(key, patched);
            return patched;
        }
    }

    private void enter(Call call) {
        CountDownLatch current;
        synchronized (this) {
            calls.add(call);
            current = gate;
        }
        entered.countDown();
        try {
            current.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private Failure nextFailure() {
        Failure next = failures.poll();
        return next != null ? next : always;
    }

    private static RuntimeException exception(Failure failure, String verb) {
        switch (failure) {
            case SERVER_ERROR:
                return new KubernetesApiException(verb + " event: HTTP 503 Service Unavailable", 503, null, null);
            case INVALID:
                return new KubernetesApiException(verb + " event: HTTP 422 Invalid", 422, null, null);
            case NO_RESPONSE:
            case LOST_RESPONSE:
            default:
                return new KubernetesApiException(verb + " event: connection reset", 0, null, null);
        }
    }

    /** The Events the fake server holds, oldest first. */
    synchronized List<Event> events() {
        List<Event> events = new ArrayList<>(stored.values());
        events.sort(Comparator.comparing(e -> e.metadata().name()));
        return events;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized long calls(String verb) {
        return calls.stream().filter(c -> c.verb().equals(verb)).count();
    }
}
