package dev.kiln.emulator.meshy.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * A request refused the way Meshy refuses it: an HTTP status and a body {@code {"message": ...}}. Thrown by
 * checks and turned into the response by the route.
 *
 * @param retryAfterSeconds sent as {@code Retry-After} when positive
 */
public final class MeshyError extends RuntimeException {

    /** The 429 {@code message} for too many requests per second. */
    public static final String RATE_LIMIT_EXCEEDED = "RateLimitExceeded";
    /** The 429 {@code message} when the account's task queue is full. */
    public static final String NO_MORE_CONCURRENT_TASKS = "NoMoreConcurrentTasks";

    private final int status;
    private final long retryAfterSeconds;

    public MeshyError(int status, String message) {
        this(status, message, 0);
    }

    public MeshyError(int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static MeshyError badRequest(String message) {
        return new MeshyError(400, message);
    }

    public static MeshyError notFound() {
        return new MeshyError(404, "Task not found");
    }

    public int status() {
        return status;
    }

    public void send(HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (retryAfterSeconds > 0) {
            response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("message", getMessage()).encode());
    }
}
