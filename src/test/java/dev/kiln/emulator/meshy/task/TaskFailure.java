package dev.kiln.emulator.meshy.task;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * Why a task ended FAILED: Meshy's {@code task_error} ({@code type}, optional {@code code}, {@code message}).
 *
 * @param code null when the failure has no code
 */
public record TaskFailure(String type, String code, String message) {

    public static final String INVALID_INPUT = "invalid_input";
    public static final String TIMEOUT = "timeout";
    public static final String SERVICE_UNAVAILABLE = "service_unavailable";
    public static final String SERVER_ERROR = "server_error";

    /** The documented failures by a short name, for the scenario knob {@code failTask}. */
    public static final Map<String, TaskFailure> CATALOGUE = Map.of(
            "invalid_input",
            new TaskFailure(INVALID_INPUT, null, "The input image could not be processed."),
            "image_too_complex",
            new TaskFailure(INVALID_INPUT, "image_too_complex", "The input image is too complex to generate a model."),
            "moderation_blocked",
            new TaskFailure(INVALID_INPUT, "moderation_blocked", "The input was blocked by content moderation."),
            "timeout",
            new TaskFailure(TIMEOUT, null, "The task timed out."),
            "service_unavailable",
            new TaskFailure(SERVICE_UNAVAILABLE, null, "The service is temporarily unavailable."),
            "server_error",
            new TaskFailure(SERVER_ERROR, null, "An internal server error occurred."),
            "format_conversion_failed",
            new TaskFailure(
                    SERVER_ERROR, "format_conversion_failed", "Converting the model to a requested format failed."));

    /**
     * The failure named {@code name} in {@link #CATALOGUE}; an unknown name becomes a {@code server_error} with that
     * name as its code.
     */
    public static TaskFailure named(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        TaskFailure failure = CATALOGUE.get(key);
        return failure != null ? failure : new TaskFailure(SERVER_ERROR, key, "An internal server error occurred.");
    }

    /** This failure with another message (a scenario's {@code failMessage}); null or blank keeps this one. */
    public TaskFailure withMessage(String newMessage) {
        return newMessage == null || newMessage.isBlank() ? this : new TaskFailure(type, code, newMessage);
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("type", type);
        if (code != null) {
            json.put("code", code);
        }
        return json.put("message", message);
    }
}
