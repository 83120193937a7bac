package dev.kiln.job.intake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * JSON with object keys sorted at every depth, so that the same request has the same text (and fingerprint)
 * however its producer ordered the fields.
 */
final class CanonicalJson {

    private CanonicalJson() {}

    static String write(ObjectMapper json, JsonNode node) {
        try {
            return json.writer()
                    .with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .writeValueAsString(sorted(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A parsed JSON tree cannot be written back", e);
        }
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                fields.put(name, sorted(node.get(name)));
            }
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        if (node.isNumber()) {
            // 1, 1.0 and 1e0 are one number: the same request whatever its producer's serializer.
            return DecimalNode.valueOf(new BigDecimal(node.asText()).stripTrailingZeros());
        }
        return node;
    }

    /** Whether any key or string value holds U+0000, which PostgreSQL can store in neither TEXT nor JSONB. */
    static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().indexOf('\u0000') >= 0;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (names.next().indexOf('\u0000') >= 0) {
                return true;
            }
        }
        for (JsonNode child : node) {
            if (containsNul(child)) {
                return true;
            }
        }
        return false;
    }
}
