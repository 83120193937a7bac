package dev.kiln.emulator.callback;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One attempt to deliver a callback: the status the receiver answered (0 if it could not be reached), or
 * the error. {@code suppressed} marks a callback the scenario said never to send.
 */
public record CallbackAttempt(
        Instant at,
        String provider,
        String taskId,
        String url,
        int attempt,
        int status,
        String error,
        boolean suppressed,
        JsonObject body) {

    public boolean delivered() {
        return status >= 200 && status < 300;
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("at", at.toString())
                .put("provider", provider)
                .put("taskId", taskId)
                .put("url", url)
                .put("attempt", attempt)
                .put("status", status)
                .put("error", error)
                .put("suppressed", suppressed)
                .put("delivered", delivered())
                .put("body", body);
    }
}
