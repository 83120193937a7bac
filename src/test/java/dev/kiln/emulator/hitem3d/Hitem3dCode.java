package dev.kiln.emulator.hitem3d;

import io.vertx.core.json.JsonObject;

/** Hitem3D's body codes and messages (seed 000 and 001; token code from the notes), and the body shape. */
public enum Hitem3dCode {
    SUCCESS(200, "success"),
    BALANCE_NOT_ENOUGH(30010000, "balance is not enough"),
    FILE_TOO_LARGE(10031001, "Upload file size exceeds limit"),
    FACE_NOT_VALID(10031002, "Face not valid"),
    RESOLUTION_NOT_VALID(10031003, "Resolution not valid"),
    FORMAT_NOT_SUPPORTED(10031004, "format not support"),
    IMAGE_TYPE_NOT_ALLOWED(10031005, "images only allow png jpeg jpg webp"),
    MODEL_NOT_ALLOWED(10031006, "model only allow hitem3dv1 hitem3dv1.5"),
    BOTH_IMAGES(10031007, "both images and multi images provided"),
    IMAGES_REQUIRED(10031008, "images or multi images required"),
    TOO_MANY_IMAGES(10031009, "multi images count exceeds limit"),
    EMPTY_FILE(10031010, "empty file not allowed"),
    MESH_URL_REQUIRED(10031011, "mesh url required when request type 2"),
    MESH_URL_NOT_HTTP(10031012, "mesh_url_must_start_with_http"),
    /**
     * Not in the vendor's table: a request_type other than 1, 2 or 3. The emulator answers in the
     * 1003100x family of invalid-input codes, which a client must not retry.
     */
    REQUEST_TYPE_NOT_VALID(10031000, "request_type only allow 1 2 3"),
    SYSTEM_ERROR(10000000, "system error"),
    GENERATE_FAILED(50010001, "generate failed"),
    /** Bad client credentials (token endpoint) or a bad or expired access token, answered with HTTP 200. */
    AUTH_FAILED(40010000, "accessToken is invalid or expired");

    private final int code;
    private final String message;

    Hitem3dCode(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** {@code {"code": N, "data": {}, "msg": "..."}}. */
    public JsonObject body() {
        return body(new JsonObject());
    }

    public JsonObject body(JsonObject data) {
        return body(code, message, data);
    }

    public static JsonObject body(int code, String message, JsonObject data) {
        return new JsonObject().put("code", code).put("data", data).put("msg", message);
    }
}
