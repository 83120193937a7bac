package dev.kiln.emulator.meshy.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A create request's JSON body with typed reads that answer 400 for a value of the wrong type or range. */
public final class JsonBody {

    private final JsonObject json;

    private JsonBody(JsonObject json) {
        this.json = json;
    }

    public static JsonBody parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw MeshyError.badRequest("Request body must be a JSON object");
        }
        try {
            return new JsonBody(new JsonObject(body));
        } catch (DecodeException | ClassCastException notAnObject) {
            throw MeshyError.badRequest("Request body must be a JSON object");
        }
    }

    /** A string field, or null when absent. */
    public String string(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw MeshyError.badRequest(field + " must be a string");
        }
        return text;
    }

    public String string(String field, String defaultValue, Set<String> allowed) {
        String value = string(field);
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            throw MeshyError.badRequest(field + " must be one of " + quoted(allowed));
        }
        return value;
    }

    public boolean bool(String field, boolean defaultValue) {
        Object value = json.getValue(field);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Boolean flag)) {
            throw MeshyError.badRequest(field + " must be a boolean");
        }
        return flag;
    }

    /** An integer field in [min, max], or null when absent. */
    public Integer integer(String field, int min, int max) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw MeshyError.badRequest(field + " must be an integer");
        }
        double v = number.doubleValue();
        if (v < min || v > max) {
            throw MeshyError.badRequest(field + " must be between " + min + " and " + max);
        }
        return (int) v;
    }

    /** An array of strings, or null when absent. */
    public List<String> strings(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw MeshyError.badRequest(field + " must be an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String text)) {
                throw MeshyError.badRequest(field + " must be an array of strings");
            }
            items.add(text);
        }
        return items;
    }

    private static String quoted(Set<String> allowed) {
        return String.join(
                ", ", allowed.stream().sorted().map(v -> "\"" + v + "\"").toList());
    }
}
