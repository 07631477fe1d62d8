package dev.capstan.samples;

import dev.capstan.api.meta.v1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Status conditions the Kubernetes way ({@code metav1.Condition}: {@code type}, {@code status},
 * {@code reason}, {@code message}, {@code observedGeneration}, {@code lastTransitionTime}), as
 * {@code meta.SetStatusCondition} does it in Go.
 *
 * <pre>{@code
 * List<Condition> next = Conditions.set(current, Conditions.ready(false, "ErrResourceExists", message, generation), clock.instant());
 * if (!next.equals(current)) {
 *     client.resources(Foo.class).inNamespace(ns).updateStatus(foo.withConditions(next)); // write only on change
 * }
 * }</pre>
 *
 * <h2>Contract</h2> {@link #set} never modifies its input; it replaces the condition of the same
 * type (or appends it) and keeps that condition's {@code lastTransitionTime} while its
 * {@code status} does not change, so a reconcile that finds nothing new writes nothing. Times are
 * truncated to seconds, as the API server stores them.
 */
public final class Conditions {
    /** The condition type both samples report: whether everything the spec asks for is in place. */
    public static final String READY = "Ready";
    public static final String TRUE = "True";
    public static final String FALSE = "False";

    private Conditions() {}

    /** A {@value #READY} condition (its {@code lastTransitionTime} is filled in by {@link #set}). */
    public static Condition ready(boolean ready, String reason, String message, Long observedGeneration) {
        return Condition.builder().type(READY).status(ready ? TRUE : FALSE).reason(reason).message(message)
                .observedGeneration(observedGeneration).build();
    }

    /** The condition of that type, if any; {@code conditions} may be null. */
    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }

    /**
     * The conditions with {@code condition} set: replaced when one of its type exists (keeping
     * its {@code lastTransitionTime} if the status is the same), appended otherwise.
     *
     * @param conditions the current conditions; may be null
     * @param now the transition time when the status changes
     */
    public static List<Condition> set(List<Condition> conditions, Condition condition, Instant now) {
        Objects.requireNonNull(condition.type(), "condition.type");
        Objects.requireNonNull(condition.status(), "condition.status");
        Objects.requireNonNull(condition.reason(), "condition.reason");
        List<Condition> next = new ArrayList<>(conditions == null ? List.of() : conditions);
        Optional<Condition> previous = find(conditions, condition.type());
        Instant transition = previous.filter(p -> condition.status().equals(p.status())).map(Condition::lastTransitionTime)
                .orElse(now.truncatedTo(ChronoUnit.SECONDS));
        Condition updated = condition.toBuilder().message(condition.message() == null ? "" : condition.message())
                .lastTransitionTime(transition).build();
        if (previous.isPresent()) {
            next.set(next.indexOf(previous.get()), updated);
        } else {
            next.add(updated);
        }
        return List.copyOf(next);
    }

    /**
     * Whether the conditions already say exactly this (type, status, reason, message and
     * observedGeneration): then there is nothing to write, and nothing new to log or record.
     */
    public static boolean holds(List<Condition> conditions, Condition condition) {
        return find(conditions, condition.type())
                .filter(c -> Objects.equals(c.status(), condition.status()) && Objects.equals(c.reason(), condition.reason())
                        && Objects.equals(c.message(), condition.message() == null ? "" : condition.message())
                        && Objects.equals(c.observedGeneration(), condition.observedGeneration()))
                .isPresent();
    }
}
