package dev.capstan.samples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.capstan.api.events.v1.Event;
import dev.capstan.api.meta.v1.Condition;
import dev.capstan.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** What the sample integration tests share: events of an object, its Ready condition, captured log lines. */
public final class SampleClusters {
    private SampleClusters() {}

    /** Reasons of the Events about the object {@code kind/name} in {@code namespace} (cluster-scoped objects: "default"). */
    public static List<String> eventReasons(KubernetesClient client, String namespace, String kind, String name) {
        return events(client, namespace, kind, name).stream().map(Event::reason).toList();
    }

    public static List<Event> events(KubernetesClient client, String namespace, String kind, String name) {
        return client.resources(Event.class).inNamespace(namespace).list().items().stream()
                .filter(e -> e.regarding() != null && name.equals(e.regarding().name()) && kind.equals(e.regarding().kind()))
                .toList();
    }

    public static Optional<Condition> ready(List<Condition> conditions) {
        return Conditions.find(conditions, Conditions.READY);
    }

    /**
     * Captures the log lines of one logger (at debug and above) until closed; create it after the
     * application started (Spring Boot resets Logback at startup). The sample
     * applications log through SLF4J to Logback, Spring Boot's default.
     */
    public static final class CapturedLog implements AutoCloseable {
        private final Logger logger;
        private final Level previousLevel;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        public CapturedLog(Class<?> loggerOf) {
            logger = (Logger) LoggerFactory.getLogger(loggerOf);
            previousLevel = logger.getLevel();
            appender.start();
            logger.addAppender(appender);
            logger.setLevel(Level.DEBUG);
        }

        /** Formatted messages at exactly this level containing {@code text}. */
        public List<String> lines(Level level, String text) {
            synchronized (appender) { // AppenderBase.doAppend appends under this lock
                return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                        .filter(m -> m.contains(text)).toList();
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(previousLevel);
            appender.stop();
        }
    }
}
