package dev.capstan.events;

/**
 * The type of an event: the two values the {@code events.k8s.io/v1} API accepts.
 *
 * <p>Use {@link #WARNING} for something an operator may need to act on (a failed reconcile, an
 * invalid spec) and {@link #NORMAL} for progress (created, scaled, ready).
 */
public enum EventType {
    /** Progress: nothing is wrong. Written as {@code Normal}. */
    NORMAL("Normal"),
    /** Something may need attention. Written as {@code Warning}. */
    WARNING("Warning");

    private final String value;

    EventType(String value) {
        this.value = value;
    }

    /** The value written to the Event's {@code type} field: {@code Normal} or {@code Warning}. */
    public String value() {
        return value;
    }
}
