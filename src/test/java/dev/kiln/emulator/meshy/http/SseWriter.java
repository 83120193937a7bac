package dev.kiln.emulator.meshy.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * Writes Server-Sent Events the way Meshy's stream endpoints do: {@code event: message} or {@code event: error},
 * then the JSON on {@code data:} lines, then a blank line.
 */
public final class SseWriter {

    private final HttpServerResponse response;
    private final boolean multiLineData;

    /**
     * @param multiLineData when true, the JSON is pretty-printed over several {@code data:} lines (valid SSE that
     *     a client must join with newlines), as in the vendor's own examples
     */
    public SseWriter(HttpServerResponse response, boolean multiLineData) {
        this.response = response;
        this.multiLineData = multiLineData;
    }

    /** Sends the status line and headers; call once before the first event. */
    public void open() {
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Connection", "keep-alive");
    }

    public void message(JsonObject data) {
        event("message", data);
    }

    /** An {@code event: error} with {@code {"status_code": .., "message": ..}}. */
    public void error(int statusCode, String message) {
        event("error", new JsonObject().put("status_code", statusCode).put("message", message));
    }

    public boolean closed() {
        return response.closed() || response.ended();
    }

    public void end() {
        if (!closed()) {
            response.end();
        }
    }

    private void event(String name, JsonObject data) {
        if (closed()) {
            return;
        }
        StringBuilder frame = new StringBuilder("event: ").append(name).append('\n');
        String json = multiLineData ? data.encodePrettily() : data.encode();
        for (String line : json.split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        response.write(frame.append('\n').toString());
    }
}
