package dev.kiln.emulator.scenario;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A set of knobs that change how the emulator behaves: an immutable JSON object. Unknown knobs are kept,
 * so a provider API may read its own ({@link #string}, {@link #longValue}). Merging ({@link #with}) lets
 * a more specific scenario override single knobs of a broader one.
 *
 * <p>Knobs every API honours (through the core):
 *
 * <ul>
 *   <li>{@code latencyMillis}: wait before answering.
 *   <li>{@code fault}: {@link Fault} name ({@code http_error}, {@code hang}, {@code reset}, {@code trickle},
 *       {@code malformed_json}); {@code status} (for http_error, default 500); {@code retryAfterSeconds}
 *       (adds {@code Retry-After}); {@code trickleBytesPerSecond} (default 64).
 *   <li>{@code createdMillis}, {@code queueMillis}, {@code processingMillis}: task phase durations.
 *   <li>{@code failTask}: the vendor's failure code a task ends with (e.g. {@code "50010001"}), and
 *       {@code failMessage}.
 *   <li>{@code callbacks}: {@link CallbackMode} name; {@code callbackDelayMillis};
 *       {@code callbackRetryDelayMillis} (default 1000); {@code callbackRetries} (default: vendor's).
 *   <li>{@code sse}: {@link SseMode} name; {@code sseEventsBeforeFault}.
 *   <li>{@code truncateAtBytes}: downloads close the connection after this many bytes.
 *   <li>{@code urlTtlSeconds}: asset URLs expire after this long instead of the vendor's TTL.
 *   <li>{@code assetSizeBytes}: the size of generated model files.
 * </ul>
 */
public final class Scenario {
    /** No knobs set: normal behaviour. */
    public static final Scenario NONE = new Scenario(new JsonObject());

    /** Named presets accepted wherever a scenario is given by name (header or admin). */
    private static final Map<String, JsonObject> PRESETS = Map.of(
            "rate-limited",
                    new JsonObject()
                            .put("fault", "http_error")
                            .put("status", 429)
                            .put("retryAfterSeconds", 1),
            "server-error", new JsonObject().put("fault", "http_error").put("status", 500),
            "unavailable",
                    new JsonObject()
                            .put("fault", "http_error")
                            .put("status", 503)
                            .put("retryAfterSeconds", 1),
            "hang", new JsonObject().put("fault", "hang"),
            "reset", new JsonObject().put("fault", "reset"),
            "trickle", new JsonObject().put("fault", "trickle"),
            "malformed-json", new JsonObject().put("fault", "malformed_json"),
            "fast-tasks",
                    new JsonObject()
                            .put("createdMillis", 0)
                            .put("queueMillis", 20)
                            .put("processingMillis", 80));

    private final JsonObject knobs;

    private Scenario(JsonObject knobs) {
        this.knobs = knobs;
    }

    public static Scenario of(JsonObject knobs) {
        return knobs == null || knobs.isEmpty() ? NONE : new Scenario(knobs.copy());
    }

    /** Tasks that finish in about a tenth of a second. */
    public static Scenario fastTasks() {
        return preset("fast-tasks").orElseThrow();
    }

    /** A preset by name ({@code rate-limited}, {@code server-error}, {@code unavailable}, {@code hang}, ...). */
    public static Optional<Scenario> preset(String name) {
        JsonObject preset = PRESETS.get(name);
        return preset == null ? Optional.empty() : Optional.of(new Scenario(preset.copy()));
    }

    /** Parses an inline JSON object, or returns a preset for a bare name; empty for anything else. */
    public static Optional<Scenario> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (trimmed.startsWith("{")) {
            return Optional.of(of(new JsonObject(trimmed)));
        }
        return preset(trimmed);
    }

    /** This scenario with {@code override}'s knobs on top. */
    public Scenario with(Scenario override) {
        if (override == null || override.knobs.isEmpty()) {
            return this;
        }
        if (knobs.isEmpty()) {
            return override;
        }
        return new Scenario(knobs.copy().mergeIn(override.knobs));
    }

    /** This scenario with one knob set. */
    public Scenario with(String knob, Object value) {
        return new Scenario(knobs.copy().put(knob, value));
    }

    public JsonObject toJson() {
        return knobs.copy();
    }

    public boolean isEmpty() {
        return knobs.isEmpty();
    }

    public Optional<String> string(String knob) {
        Object value = knobs.getValue(knob);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    public OptionalLong longValue(String knob) {
        Object value = knobs.getValue(knob);
        if (value instanceof Number number) {
            return OptionalLong.of(number.longValue());
        }
        if (value instanceof String text && !text.isBlank()) {
            return OptionalLong.of(Long.parseLong(text.trim()));
        }
        return OptionalLong.empty();
    }

    public Optional<Duration> millis(String knob) {
        OptionalLong value = longValue(knob);
        return value.isPresent() ? Optional.of(Duration.ofMillis(value.getAsLong())) : Optional.empty();
    }

    public Optional<Duration> latency() {
        return millis("latencyMillis");
    }

    public Fault fault() {
        return Fault.parse(knobs.getString("fault"));
    }

    public int errorStatus() {
        return (int) longValue("status").orElse(500);
    }

    public OptionalLong retryAfterSeconds() {
        return longValue("retryAfterSeconds");
    }

    public long trickleBytesPerSecond() {
        return Math.max(1, longValue("trickleBytesPerSecond").orElse(64));
    }

    public Optional<Duration> createdTime() {
        return millis("createdMillis");
    }

    public Optional<Duration> queueTime() {
        return millis("queueMillis");
    }

    public Optional<Duration> processingTime() {
        return millis("processingMillis");
    }

    /** The failure code the task ends with, if the scenario makes it fail. */
    public Optional<String> taskFailure() {
        return string("failTask");
    }

    public Optional<String> taskFailureMessage() {
        return string("failMessage");
    }

    public CallbackMode callbacks() {
        return CallbackMode.parse(knobs.getString("callbacks"));
    }

    public Duration callbackDelay() {
        return millis("callbackDelayMillis").orElse(Duration.ofSeconds(2));
    }

    public Duration callbackRetryDelay() {
        return millis("callbackRetryDelayMillis").orElse(Duration.ofSeconds(1));
    }

    public OptionalInt callbackRetries() {
        OptionalLong value = longValue("callbackRetries");
        return value.isPresent() ? OptionalInt.of((int) value.getAsLong()) : OptionalInt.empty();
    }

    public SseMode sse() {
        return SseMode.parse(knobs.getString("sse"));
    }

    public int sseEventsBeforeFault() {
        return (int) longValue("sseEventsBeforeFault").orElse(1);
    }

    public OptionalLong truncateAtBytes() {
        return longValue("truncateAtBytes");
    }

    public Optional<Duration> urlTtl() {
        OptionalLong seconds = longValue("urlTtlSeconds");
        return seconds.isPresent() ? Optional.of(Duration.ofSeconds(seconds.getAsLong())) : Optional.empty();
    }

    public OptionalLong assetSizeBytes() {
        return longValue("assetSizeBytes");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Scenario scenario && scenario.knobs.equals(knobs);
    }

    @Override
    public int hashCode() {
        return knobs.hashCode();
    }

    @Override
    public String toString() {
        return knobs.encode();
    }
}
