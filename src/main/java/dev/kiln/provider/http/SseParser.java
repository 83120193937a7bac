package dev.kiln.provider.http;

import java.util.List;

/**
 * Turns {@code text/event-stream} lines into events (one parser per connection). Handles CRLF line ends,
 * multi-line {@code data:}, comment lines (heartbeats) and fields without a space after the colon.
 */
public final class SseParser {
    private String event;
    private StringBuilder data;
    private String id;
    private String lastEventId;

    /** Feeds one line (without its LF); returns the event the line completes, if any. */
    public List<SseEvent> accept(String rawLine) {
        String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return List.of();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "id" -> id = value;
            default -> {
                // "retry" and unknown fields: nothing to do for a client that reconnects on its own terms
            }
        }
        return List.of();
    }

    /** The id of the last dispatched event, for {@code Last-Event-ID} on reconnect. */
    public String lastEventId() {
        return lastEventId;
    }

    private List<SseEvent> dispatch() {
        if (data == null) {
            event = null;
            return List.of();
        }
        SseEvent dispatched = new SseEvent(event == null ? "message" : event, data.toString(), id);
        if (id != null) {
            lastEventId = id;
        }
        event = null;
        data = null;
        id = null;
        return List.of(dispatched);
    }
}
