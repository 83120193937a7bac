package dev.kiln.emulator.meshy.http;

import dev.kiln.emulator.http.Exchange;
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

    /** Answers the exchange with this error (through the scenario's body faults, like any answer). */
    public void send(Exchange exchange) {
        HttpServerResponse response = exchange.routingContext().response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        if (retryAfterSeconds > 0) {
            response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        exchange.json(status, body(getMessage()));
    }

    /** The vendor's error body. */
    public static JsonObject body(String message) {
        return new JsonObject().put("message", message);
    }

    /** The body of an error a scenario injects, worded as Meshy words that status. */
    public static JsonObject injectedBody(int status) {
        return body(
                switch (status) {
                    case 400 -> "Bad request";
                    case 401 -> "Invalid API key";
                    case 402 -> "Insufficient credits to perform this task";
                    case 404 -> "Task not found";
                    case 429 -> RATE_LIMIT_EXCEEDED;
                    case 502, 503, 504 -> "Service temporarily unavailable";
                    default -> "Internal server error";
                });
    }
}
