package dev.kiln.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<SseEvent> feed(String... lines) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(parser.accept(line));
        }
        return events;
    }

    @Test
    void anEventEndsAtABlankLineAndDefaultsToMessage() {
        assertThat(feed("data: {\"a\":1}", "")).containsExactly(new SseEvent("message", "{\"a\":1}", null));
    }

    @Test
    void crlfLineEndsMultiLineDataAndCommentsAreHandled() {
        List<SseEvent> events =
                feed(": heartbeat\r", "event: error\r", "id: 7\r", "data: {\r", "data:  \"x\": 2\r", "data: }\r", "\r");

        assertThat(events).containsExactly(new SseEvent("error", "{\n \"x\": 2\n}", "7"));
    }

    @Test
    void linesWithoutDataDispatchNothing() {
        assertThat(feed("event: message", "", ": only a comment", "")).isEmpty();
    }

    @Test
    void theLastEventIdIsRemembered() {
        SseParser parser = new SseParser();
        parser.accept("id: 41");
        parser.accept("data:x");
        parser.accept("");

        assertThat(parser.lastEventId()).isEqualTo("41");
    }
}
