package dev.capstan.events;

import dev.capstan.api.KubernetesObject;
import dev.capstan.client.KubernetesClient;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Records Kubernetes Events ({@code events.k8s.io/v1}) about objects, the way {@code kubectl
 * describe} and {@code kubectl events} show them. Events are best-effort: the recorder folds
 * repeats into one Event, drops what an object produces beyond its budget, and gives up on a
 * write after a bounded number of tries, rather than ever slowing down a reconcile.
 *
 * <pre>{@code
 * EventRecorder recorder = EventRecorder.create(client, EventRecorderOptions.forController("capstan.dev/sample-controller"));
 * recorder.event(configMap, EventType.NORMAL, "Synced", "Reconcile", "synced %d keys", keys.size());
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Never blocks, never throws because of the API.</b> {@link #event} checks its
 *       arguments and hands the occurrence over; one background thread per recorder does every
 *       write. Failures are logged and counted, never reported to the caller.</li>
 *   <li><b>Series.</b> An occurrence identical to one seen less than
 *       {@link EventRecorderOptions.Correlation#seriesWindow() seriesWindow} (6 min) ago — same
 *       regarding object (apiVersion, kind, namespace, name, uid; not its resourceVersion), same
 *       related object, type, reason, action and note — creates no Event: it joins the first one's
 *       {@code series} ({@code count}, {@code lastObservedTime}). The first repeat is written at
 *       once (so the series shows up with count 2); later ones at most every
 *       {@link EventRecorderOptions.Correlation#seriesRefresh() seriesRefresh} (30 min), when the
 *       series ends (quiet for the window), and on {@link #close}.</li>
 *   <li><b>Spam filter.</b> Each regarding object has a token bucket per recorder: 25 Events at
 *       once, then one more per 5 min. An occurrence that would create an Event without a token is
 *       dropped; repeats folded into a series cost nothing.</li>
 *   <li><b>Bounded.</b> At most {@link EventRecorderOptions#queueCapacity()} (1000) writes wait;
 *       beyond that, new Events are dropped with a rate-limited WARNING log.</li>
 *   <li><b>Retries.</b> Transient failures are tried up to 12 times, about 10 s apart; then the
 *       write is dropped with a WARNING. Any other refusal (400, 403, 422, …) drops it at once. A
 *       series whose Event disappeared (404, 409 on the patch) starts a new Event.</li>
 * </ul>
 * Drops are counted in {@code capstan.events.dropped} when a meter registry is configured.
 *
 * <p>✅ Put what varies in the note, as format arguments; keep {@code reason} (UpperCamelCase,
 * machine-readable) and {@code action} fixed per kind of occurrence:
 * <pre>{@code
 * recorder.event(app, EventType.WARNING, "ReconcileFailed", "Reconcile", "deployment %s: %s", name, e.getMessage());
 * }</pre>
 * ❌ {@code "Scaled to " + replicas} as the reason, or a timestamp in the note: every occurrence
 * is then a new Event, nothing aggregates, and the object's spam budget is gone after 25.
 * <br>❌ {@code event(app, WARNING, "Failed", "Reconcile", "failed: " + e.getMessage(), attempt)}:
 * with arguments the note is a {@link String#format} pattern, and a {@code %} in the message
 * breaks it. Without arguments the note is taken literally.
 *
 * <h2>Thread safety</h2> All methods are safe for concurrent use. {@link #event} returns after
 * brief bookkeeping under a lock the writer thread never holds during I/O.
 */
public interface EventRecorder extends AutoCloseable {

    /** How long {@link #close()} waits for the writer to flush. */
    Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Records an occurrence about {@code regarding}. Returns at once; the write happens later on the
     * recorder's thread, or not at all (folded into a series, spam-filtered, queue full, failed).
     * After {@link #close} occurrences are dropped.
     *
     * @param regarding the object the event is about: needs {@code kind}, {@code apiVersion} and
     *     {@code metadata.name}; its namespace is the Event's ({@code default} if it is
     *     cluster-scoped)
     * @param reason why, machine-readable, at most 128 bytes (for example {@code ScalingReplicaSet})
     * @param action what was done or failed, machine-readable, at most 128 bytes (for example
     *     {@code Scale})
     * @param note human-readable; a {@link String#format} pattern when {@code args} are given, else
     *     taken literally; cut to 1024 bytes (ending in {@code ...})
     * @throws IllegalArgumentException if an argument is missing or too long, or the pattern does
     *     not match the arguments; the message names the problem
     */
    void event(KubernetesObject regarding, EventType type, String reason, String action, String note, Object... args);

    /**
     * Like {@link #event(KubernetesObject, EventType, String, String, String, Object...)}, with a
     * secondary object (for example the Pod a ReplicaSet created), written as the Event's
     * {@code related}. Occurrences with different related objects are different events.
     */
    void event(KubernetesObject regarding, @Nullable KubernetesObject related, EventType type, String reason, String action,
            String note, Object... args);

    /**
     * Stops accepting occurrences, writes the counts of open series, and waits up to
     * {@code timeout} for the writer thread to finish what is queued. What is still unwritten then
     * is dropped (and counted). Idempotent; later calls return whether the first one drained.
     *
     * @return whether everything queued was written (or given up on) within the timeout
     */
    boolean close(Duration timeout);

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    default void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    /** A recorder writing through {@code client}, with its own writer thread (started here). */
    static EventRecorder create(KubernetesClient client, EventRecorderOptions options) {
        return new DefaultEventRecorder(new ClientEventWriter(client), options);
    }

    /** A recorder that checks its arguments and records nothing: for tests and for running without events. */
    static EventRecorder noop() {
        return NoopEventRecorder.INSTANCE;
    }
}
