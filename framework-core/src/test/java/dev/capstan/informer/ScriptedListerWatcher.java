package dev.capstan.informer;

import dev.capstan.api.core.v1.ConfigMap;
import dev.capstan.api.meta.v1.ListMeta;
import dev.capstan.api.meta.v1.ObjectMeta;
import dev.capstan.client.ListOptions;
import dev.capstan.client.ObjectList;
import dev.capstan.client.WatchEvent;
import dev.capstan.client.WatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A lister-watcher whose answers the test scripts: lists answer from a queue of functions, each
 * watch is a sink the test takes with {@link #nextWatch()} and drives by hand. Every call's
 * options are recorded.
 */
final class ScriptedListerWatcher implements ListerWatcher<ConfigMap> {
    final List<ListOptions> lists = new CopyOnWriteArrayList<>();
    final List<WatchOptions> watches = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Function<ListOptions, ObjectList<ConfigMap>>> listAnswers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Watch> openWatches = new LinkedBlockingQueue<>();

    /** One open watch: its options and the sink that feeds it. */
    record Watch(WatchOptions options, Sinks.Many<WatchEvent<ConfigMap>> sink) {
        void added(ConfigMap object) {
            emit(new WatchEvent.Added<>(object));
        }

        void modified(ConfigMap object) {
            emit(new WatchEvent.Modified<>(object));
        }

        void deleted(ConfigMap object) {
            emit(new WatchEvent.Deleted<>(object));
        }

        void bookmark(String resourceVersion, boolean initialEventsEnd) {
            emit(new WatchEvent.Bookmark<>(resourceVersion, initialEventsEnd));
        }

        void emit(WatchEvent<ConfigMap> event) {
            sink.emitNext(event, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        }

        void end() {
            sink.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        }

        void fail(Throwable error) {
            sink.emitError(error, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        }
    }

    void answerList(String resourceVersion, ConfigMap... items) {
        listAnswers.add(options -> list(resourceVersion, null, items));
    }

    void answerList(Function<ListOptions, ObjectList<ConfigMap>> answer) {
        listAnswers.add(answer);
    }

    static ObjectList<ConfigMap> list(String resourceVersion, String continueToken, ConfigMap... items) {
        return new ObjectList<>("v1", "ConfigMapList",
                ListMeta.builder().resourceVersion(resourceVersion).continueToken(continueToken).build(), List.of(items), null);
    }

    /** The next watch the reflector opens; fails the test if none opens within 10 s. */
    Watch nextWatch() throws InterruptedException {
        Watch watch = openWatches.poll(10, TimeUnit.SECONDS);
        if (watch == null) {
            throw new AssertionError("no watch was opened within 10 s; watches so far: " + watches + ", lists: " + lists);
        }
        return watch;
    }

    @Override
    public ObjectList<ConfigMap> list(ListOptions options) {
        lists.add(options);
        Function<ListOptions, ObjectList<ConfigMap>> answer;
        try {
            answer = listAnswers.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (answer == null) {
            throw new AssertionError("unscripted list " + options);
        }
        return answer.apply(options);
    }

    @Override
    public Flux<WatchEvent<ConfigMap>> watch(WatchOptions options) {
        watches.add(options);
        Sinks.Many<WatchEvent<ConfigMap>> sink = Sinks.many().unicast().onBackpressureBuffer();
        openWatches.add(new Watch(options, sink));
        return sink.asFlux();
    }

    @Override
    public String description() {
        return "configmaps (scripted)";
    }

    /** The kind the reflector's type guard expects; a test may change it to provoke a mismatch. */
    volatile String expectedKind = "ConfigMap";

    @Override
    public String expectedKind() {
        return expectedKind;
    }

    static ConfigMap configMap(String name, String resourceVersion) {
        return configMap(name, resourceVersion, Map.of());
    }

    static ConfigMap configMap(String name, String resourceVersion, Map<String, String> data) {
        return ConfigMap.builder()
                .metadata(ObjectMeta.builder().namespace("ns").name(name).resourceVersion(resourceVersion).build())
                .data(data)
                .build();
    }

    static List<String> names(List<ConfigMap> objects) {
        List<String> names = new ArrayList<>();
        objects.forEach(o -> names.add(o.metadata().name()));
        names.sort(null);
        return names;
    }
}
