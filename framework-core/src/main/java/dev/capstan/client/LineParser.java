package dev.capstan.client;

import dev.capstan.api.KubernetesJson;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JsonParser;

/**
 * One JSON parser for a stream of lines, each holding one value (a watch's events): the parser
 * lives across lines instead of being created for each.
 *
 * <p>Why: a parser starts from a child of the mapper's shared symbol table of property names,
 * and the first name it adds makes it copy that table whole (Jackson's copy-on-write). Watch
 * events carry names that differ from object to object (in managedFields, {@code k:{"ip":"10.0.0.7"}}
 * for each Pod IP), so a parser per event copied the table, up to thousands of entries, for every
 * event: 336 KB allocated per Pod on a streaming list of 2,000 Pods, and most of its CPU. One
 * parser per stream copies it once; it is replaced every {@value #LINES_PER_PARSER} lines so that
 * the names it collected are handed back (and its table is bounded).
 *
 * <p>The parser reads from an input that holds only the current line and fails, instead of
 * waiting, when the parser asks for more: a line that ends in the middle of a value is reported
 * as truncated, never joined with the next. After a failure the parser is discarded, its state
 * being unknown. Not thread-safe beyond what a Reactive Streams subscriber guarantees (lines one
 * at a time); {@link #close} may come from another thread.
 */
final class LineParser implements AutoCloseable {
    static final int LINES_PER_PARSER = 4096;

    private final LineInput input = new LineInput();
    /** Receives what the parser read past the value (reused: one check per event). */
    private final WhitespaceCheck rest = new WhitespaceCheck();
    private JsonParser parser;
    private int lines;

    /** The parser, about to read {@code line}'s value (its first {@code nextToken()} reads the line). */
    synchronized JsonParser start(byte[] line) {
        if (parser != null && lines >= LINES_PER_PARSER) {
            discard();
        }
        input.set(line);
        if (parser == null) {
            // Creating the parser reads the line's first bytes (encoding detection), which may be
            // all of a very short line: only then is running out of line not an error.
            input.bootstrapping = true;
            try {
                parser = KubernetesJson.mapper().createParser(input);
            } finally {
                input.bootstrapping = false;
            }
            lines = 0;
        }
        lines++;
        return parser;
    }

    /**
     * The value was read: what is left of the line must be whitespace.
     *
     * @return false when something else follows the value on the line
     */
    synchronized boolean finish() {
        boolean clean = true;
        if (parser != null) {
            try {
                rest.clean = true;
                parser.releaseBuffered(rest);
                clean = rest.clean;
            } catch (tools.jackson.core.JacksonException e) {
                clean = false;
            }
        }
        clean &= input.restIsWhitespace();
        if (!clean) {
            discard();
        }
        return clean;
    }

    /** Reading the line failed: the parser's state is unknown, the next line gets a fresh one. */
    synchronized void fail() {
        discard();
    }

    @Override
    public synchronized void close() {
        discard();
    }

    private void discard() {
        JsonParser p = parser;
        parser = null;
        if (p != null) {
            try {
                p.close();
            } catch (RuntimeException ignored) {
                // closing a parser in an unknown state: nothing to recover
            }
        }
    }

    /** The current line; reading past its end is an error, not a wait. */
    private static final class LineInput extends InputStream {
        private byte[] line = new byte[0];
        private int position;
        boolean bootstrapping;

        void set(byte[] next) {
            line = next;
            position = 0;
        }

        boolean restIsWhitespace() {
            for (int i = position; i < line.length; i++) {
                if (!isWhitespace(line[i])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (position >= line.length) {
                if (bootstrapping) {
                    return -1;
                }
                throw truncated();
            }
            return line[position++] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position >= line.length) {
                if (bootstrapping) {
                    return -1;
                }
                throw truncated();
            }
            int n = Math.min(length, line.length - position);
            System.arraycopy(line, position, into, offset, n);
            position += n;
            return n;
        }

        private static IOException truncated() {
            return new IOException("the line ends before its JSON value does (truncated)");
        }
    }

    private static boolean isWhitespace(int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** Receives the parser's unread bytes and checks they are whitespace. */
    private static final class WhitespaceCheck extends java.io.OutputStream {
        boolean clean = true;

        @Override
        public void write(int b) {
            clean &= isWhitespace(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length && clean; i++) {
                clean = isWhitespace(bytes[i]);
            }
        }
    }
}
