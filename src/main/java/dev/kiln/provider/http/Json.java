package dev.kiln.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Lenient reading of provider JSON: numbers may come as strings and the other way round. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** Parses a body; empty when it is not JSON. */
    public static Optional<JsonNode> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(MAPPER.readTree(body));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    /** A text field (numbers as their text); null when absent, null or empty. */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    /** A number field given as a number or as numeric text; null otherwise. */
    public static Double number(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException notNumber) {
            return null;
        }
    }

    /** A whole-number field given as a number or as text; null otherwise. */
    public static Long integer(JsonNode node, String field) {
        Double value = number(node, field);
        return value == null ? null : (long) value.doubleValue();
    }
}
