package dev.capstan.client.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A response body as an {@link InputStream} that a decoder reads on its own thread while the
 * body is still arriving: the bridge between the event loop, which receives chunks, and a
 * blocking decoder.
 *
 * <p>Why: aggregating a large list before decoding it keeps the whole body twice (the received
 * buffers, then one contiguous copy) and leaves the transport's pooled allocator holding the
 * buffers it grew to (measured: 65 MB of allocator chunks kept after one 30,000-object list). Here
 * each chunk is copied off the pooled buffer as it arrives (the buffer goes straight back to the
 * pool), at most {@value #PREFETCH} chunks wait in between, and decoding overlaps the transfer.
 *
 * <p>Backpressure: the subscriber asks the body for {@value #PREFETCH} chunks and for one more each
 * time the reader finishes one, so a slow decoder slows the connection down instead of buffering.
 * When the reader is done ({@link #close}) the rest of the body is read and discarded, which lets
 * the connection be reused; {@link #abort} (a failed or cancelled exchange) cancels it instead.
 *
 * <p>A transport failure in the middle of the body reaches the reader as an {@link IOException}
 * and is kept in {@link #transportFailure()}, so the caller can tell a broken connection (to be
 * retried) from a body that does not decode (bad input).
 */
final class ChunkedBodyStream extends InputStream implements Subscriber<byte[]> {
    static final int PREFETCH = 64;
    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final Sinks.Empty<Void> finished = Sinks.empty();
    private final String description;
    private volatile Subscription subscription;
    private volatile Throwable transportFailure;
    private volatile boolean discarding;
    private byte[] current;
    private int position;
    private boolean ended;

    ChunkedBodyStream(String description) {
        this.description = description;
    }

    // ---- the event loop's side ---------------------------------------------------------------

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(PREFETCH);
    }

    @Override
    public void onNext(byte[] chunk) {
        if (!discarding && chunk.length > 0) {
            chunks.add(chunk);
        } else if (!discarding) {
            subscription.request(1); // an empty chunk: nothing for the reader, keep the demand
        }
    }

    @Override
    public void onError(Throwable failure) {
        transportFailure = failure;
        chunks.add(END);
        finished.tryEmitEmpty();
    }

    @Override
    public void onComplete() {
        chunks.add(END);
        finished.tryEmitEmpty();
    }

    /** Completes when the body has ended (completely received, failed or cancelled). */
    Mono<Void> finished() {
        return finished.asMono();
    }

    /** The failure that broke the body before its end, if any. */
    Throwable transportFailure() {
        return transportFailure;
    }

    /** Stops the transfer (the exchange failed or was cancelled); a blocked reader wakes and fails. */
    void abort() {
        discarding = true;
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        if (transportFailure == null) {
            transportFailure = new IOException(description + ": the response was abandoned before its end");
        }
        chunks.add(END);
        finished.tryEmitEmpty();
    }

    // ---- the reader's side -------------------------------------------------------------------

    /** The next chunk with bytes left, or false at the end of the body. */
    private boolean fill() throws IOException {
        while (current == null || position == current.length) {
            if (ended) {
                return atEnd();
            }
            if (current != null) {
                current = null;
                subscription.request(1);
            }
            byte[] next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(description + ": interrupted while reading the response");
            }
            if (next == END) {
                ended = true;
                return atEnd();
            }
            current = next;
            position = 0;
        }
        return true;
    }

    /** At the end of the chunks: false for a complete body; every read after a broken one fails. */
    private boolean atEnd() throws IOException {
        Throwable failure = transportFailure;
        if (failure != null) {
            throw new IOException(description + ": the response broke off: " + failure, failure);
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        int copied = 0;
        // Fill the caller's buffer from the chunks already here; wait only for the first byte, and
        // leave the end (or a failure) to the next call once some bytes were copied.
        while (copied < length && (copied == 0 || (current != null && position < current.length) || hasWaitingChunk())) {
            if (!fill()) {
                break;
            }
            int n = Math.min(length - copied, current.length - position);
            System.arraycopy(current, position, into, offset + copied, n);
            position += n;
            copied += n;
        }
        return copied == 0 ? -1 : copied;
    }

    private boolean hasWaitingChunk() {
        byte[] next = chunks.peek();
        return next != null && next != END;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length - position;
    }

    /** The reader is done: the rest of the body is received and dropped so the connection stays usable. */
    @Override
    public void close() {
        if (!discarding) {
            discarding = true;
            chunks.clear();
            Subscription s = subscription;
            if (s != null) {
                s.request(Long.MAX_VALUE);
            }
        }
    }
}
