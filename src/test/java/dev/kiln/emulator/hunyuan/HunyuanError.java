package dev.kiln.emulator.hunyuan;

import io.vertx.core.json.JsonObject;

/** The aggregator's error codes for Hunyuan 3D Pro (seed 002), and its error body. */
enum HunyuanError {
    UPSTREAM_GENERATION(13001095, "upstream internal generation error"),
    RESULT_PARSING(13001096, "result parsing error"),
    UPSTREAM_HTTP(13001097, "upstream HTTP response error"),
    STATUS_QUERY(13001098, "task status query error"),
    UPSTREAM_CREATION(13001099, "upstream task creation error");

    private final int code;
    private final String message;

    HunyuanError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    String code() {
        return Integer.toString(code);
    }

    String message() {
        return message;
    }

    /** The task's {@code error} object for a failure code, with a generic message for unknown codes. */
    static JsonObject taskError(String code, String message) {
        for (HunyuanError error : values()) {
            if (error.code().equals(code)) {
                return new JsonObject().put("code", code).put("message", message == null ? error.message : message);
            }
        }
        return new JsonObject().put("code", code).put("message", message == null ? "generation failed" : message);
    }

    /** An HTTP error body: {@code {"error": {"code", "message", "type"}}}. */
    static JsonObject httpBody(String code, String message, String type) {
        return new JsonObject()
                .put(
                        "error",
                        new JsonObject()
                                .put("code", code)
                                .put("message", message)
                                .put("type", type));
    }
}
