package dev.capstan.testing.invariant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WritersTest {

    /** An in-memory server whose every fifth write fails after it took effect (a reply lost on the wire). */
    private static final class Server implements Writers.Target<String> {
        final Map<String, String> objects = new ConcurrentHashMap<>();
        final Set<String> keysSeen = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger finds = new AtomicInteger();
        final AtomicInteger conflicts = new AtomicInteger();

        @Override
        public String create(String key, String value) {
            keysSeen.add(key);
            if (objects.putIfAbsent(key, value) != null) {
                conflicts.incrementAndGet();
                throw new IllegalStateException(key + " already exists");
            }
            return reply(key + "=" + value);
        }

        @Override
        public String update(String current, String value) {
            String key = current.substring(0, current.indexOf('='));
            if (objects.replace(key, value) == null) {
                conflicts.incrementAndGet();
                throw new IllegalStateException(key + " not found");
            }
            return reply(key + "=" + value);
        }

        @Override
        public void delete(String current) {
            String key = current.substring(0, current.indexOf('='));
            if (objects.remove(key) == null) {
                conflicts.incrementAndGet();
                throw new IllegalStateException(key + " not found");
            }
            reply(null);
        }

        @Override
        public Optional<String> find(String key) {
            finds.incrementAndGet();
            return Optional.ofNullable(objects.get(key)).map(v -> key + "=" + v);
        }

        private String reply(String object) {
            if (calls.incrementAndGet() % 5 == 0) {
                throw new IllegalStateException("connection reset after the write took effect");
            }
            return object;
        }
    }

    @Test
    void writersKeepTheirOwnKeysAndRecoverFromWritesThatFailedAfterTakingEffect() {
        Server server = new Server();
        try (Writers<String> writers = Writers.start("test", server, 2, 3, 7, 0)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> writers.writes() >= 60);
            assertThat(writers.failures()).isPositive();
            assertThat(server.finds).hasPositiveValue();
        }
        assertThat(server.keysSeen).isSubsetOf("w0-0", "w0-1", "w0-2", "w1-0", "w1-1", "w1-2");
        // A writer that lost track of a write whose reply was lost would next create an object that
        // exists or update/delete one that is gone; re-reading after each failure prevents that.
        assertThat(server.conflicts).hasValue(0);
        int callsAfterClose = server.calls.get();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> server.calls.get() == callsAfterClose);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> Writers.start("test", new Server(), 0, 3, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads > 0");
    }
}
