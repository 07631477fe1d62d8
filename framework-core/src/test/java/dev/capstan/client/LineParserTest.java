package dev.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** One parser across lines: values one line at a time, truncation and trailing data caught, recovery after errors. */
class LineParserTest {
    private final LineParser lines = new LineParser();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the line's object and returns its "name" field. */
    private String name(String line) {
        JsonParser parser = lines.start(bytes(line));
        assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
        String name = null;
        for (String field; (field = parser.nextName()) != null; ) {
            parser.nextToken();
            if (field.equals("name")) {
                name = parser.getString();
            } else {
                parser.skipChildren();
            }
        }
        return name;
    }

    @Test
    void readsOneValuePerLineWithTheSameParser() {
        JsonParser first = lines.start(bytes("{}"));
        first.nextToken();
        first.nextToken();
        assertThat(lines.finish()).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(name("{\"name\":\"item-" + i + "\",\"data\":{\"k:{\\\"ip\\\":\\\"10.0.0." + i + "\\\"}\":{}}}")).isEqualTo("item-" + i);
            assertThat(lines.finish()).isTrue();
        }
        assertThat(lines.start(bytes("{}"))).isSameAs(first);
    }

    @Test
    void aLineLongerThanTheParsersBufferIsReadWhole() {
        String big = "x".repeat(50_000);
        assertThat(name("{\"data\":\"" + big + "\",\"name\":\"after\"}")).isEqualTo("after");
        assertThat(lines.finish()).isTrue();
        assertThat(name("{\"name\":\"next\"}")).isEqualTo("next");
    }

    @Test
    void aTruncatedLineFailsAndIsNotJoinedWithTheNext() {
        assertThatThrownBy(() -> name("{\"name\":\"cut\",\"data\":{\"a\":"))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("truncated");
        lines.fail();
        assertThat(name("{\"name\":\"whole\"}")).isEqualTo("whole");
        assertThat(lines.finish()).isTrue();
    }

    @Test
    void somethingAfterTheValueIsReportedAndTheNextLineStillReads() {
        assertThat(name("{\"name\":\"a\"} {\"name\":\"b\"}")).isEqualTo("a");
        assertThat(lines.finish()).isFalse();
        assertThat(name("{\"name\":\"c\"}  \r")).isEqualTo("c");
        assertThat(lines.finish()).isTrue();
    }

    @Test
    void theParserIsReplacedAfterItsQuotaOfLines() {
        JsonParser first = lines.start(bytes("{\"name\":\"0\"}"));
        first.nextToken();
        first.skipChildren();
        lines.finish();
        for (int i = 1; i < LineParser.LINES_PER_PARSER; i++) {
            assertThat(name("{\"name\":\"" + i + "\"}")).isEqualTo(Integer.toString(i));
            lines.finish();
        }
        JsonParser next = lines.start(bytes("{\"name\":\"last\"}"));
        assertThat(next).isNotSameAs(first);
        assertThat(next.nextToken()).isEqualTo(JsonToken.START_OBJECT);
    }
}
