package dev.capstan.client.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;

/** The bridge between chunks arriving and a blocking reader: demand, ends, failures. */
class ChunkedBodyStreamTest {
    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final ChunkedBodyStream stream = new ChunkedBodyStream("list things");

    private void subscribe() {
        stream.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                requested.set(n == Long.MAX_VALUE || requested.get() + n < 0 ? Long.MAX_VALUE : requested.get() + n);
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void asksForABoundedNumberOfChunksAndOneMoreForEachConsumed() throws IOException {
        subscribe();
        assertThat(requested.get()).isEqualTo(ChunkedBodyStream.PREFETCH);
        stream.onNext(bytes("ab"));
        stream.onNext(bytes("cd"));
        assertThat(requested.get()).isEqualTo(ChunkedBodyStream.PREFETCH); // nothing read yet: no more demand
        assertThat(stream.read()).isEqualTo('a');
        assertThat(stream.read()).isEqualTo('b');
        assertThat(requested.get()).isEqualTo(ChunkedBodyStream.PREFETCH);
        assertThat(stream.read()).isEqualTo('c'); // the first chunk is done: one more asked for
        assertThat(requested.get()).isEqualTo(ChunkedBodyStream.PREFETCH + 1);
    }

    @Test
    void readsAcrossChunksAndEndsWithTheBody() throws IOException {
        subscribe();
        stream.onNext(bytes("hello, "));
        stream.onNext(new byte[0]);
        stream.onNext(bytes("world"));
        stream.onComplete();
        byte[] into = new byte[64];
        int n = stream.read(into, 0, into.length);
        assertThat(new String(into, 0, n, StandardCharsets.UTF_8)).isEqualTo("hello, world");
        assertThat(stream.read(into, 0, into.length)).isEqualTo(-1);
        assertThat(stream.read()).isEqualTo(-1);
        assertThat(stream.transportFailure()).isNull();
    }

    @Test
    void aFailureInTheMiddleReachesTheReaderAfterTheBytesBeforeIt() throws IOException {
        subscribe();
        stream.onNext(bytes("par"));
        stream.onError(new IOException("Connection reset by peer"));
        assertThat(stream.read()).isEqualTo('p');
        byte[] into = new byte[8];
        assertThat(stream.read(into, 0, 8)).isEqualTo(2);
        assertThatThrownBy(stream::read).isInstanceOf(IOException.class)
                .hasMessageContaining("list things: the response broke off")
                .hasMessageContaining("Connection reset by peer");
        assertThat(stream.transportFailure()).hasMessage("Connection reset by peer");
    }

    @Test
    void closingEarlyDrainsTheRestInsteadOfCancelling() {
        subscribe();
        stream.onNext(bytes("{}"));
        stream.close();
        assertThat(requested.get()).isEqualTo(Long.MAX_VALUE);
        assertThat(cancelled.get()).isFalse();
        stream.onNext(bytes("ignored"));
        assertThat(stream.finished().toFuture()).isNotDone();
        stream.onComplete();
        assertThat(stream.finished().toFuture()).isDone();
    }

    @Test
    void abortCancelsAndWakesABlockedReader() throws Exception {
        subscribe();
        Thread reader = new Thread(() -> {
            try {
                stream.read();
            } catch (IOException expected) {
                return;
            }
            throw new AssertionError("read returned without the abort's failure");
        });
        java.util.concurrent.atomic.AtomicReference<Throwable> uncaught = new java.util.concurrent.atomic.AtomicReference<>();
        reader.setUncaughtExceptionHandler((t, e) -> uncaught.set(e));
        reader.start();
        stream.abort();
        reader.join(10_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(uncaught.get()).isNull();
        assertThat(cancelled.get()).isTrue();
        assertThat(stream.transportFailure()).hasMessageContaining("list things: the response was abandoned");
    }
}
