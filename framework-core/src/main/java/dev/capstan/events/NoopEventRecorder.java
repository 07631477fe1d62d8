package dev.capstan.events;

import dev.capstan.api.KubernetesObject;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** {@link EventRecorder#noop()}: validates like the real recorder, then forgets. */
final class NoopEventRecorder implements EventRecorder {
    static final NoopEventRecorder INSTANCE = new NoopEventRecorder();

    private NoopEventRecorder() {}

    @Override
    public void event(KubernetesObject regarding, EventType type, String reason, String action, String note, Object... args) {
        event(regarding, null, type, reason, action, note, args);
    }

    @Override
    public void event(KubernetesObject regarding, @Nullable KubernetesObject related, EventType type, String reason,
            String action, String note, Object... args) {
        Occurrence.check(regarding, related, type, reason, action, note, args);
    }

    @Override
    public boolean close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return true;
    }
}
