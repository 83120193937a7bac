package dev.kiln.job.intake;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
            BigDecimal number = node.decimalValue().stripTrailingZeros();
            // A number PostgreSQL's JSONB cannot hold (nor Jackson write plainly) is kept as its exact text, so
            // the request can still be stored; intake rejects such a request (see outOfRange).
            return storable(number) ? DecimalNode.valueOf(number) : TextNode.valueOf(number.toString());
        }
        return node;
    }

    /**
     * The JSON path of the first number in {@code node} too large or too precise to canonicalize and store
     * (more than {@value #MAX_DIGITS} digits before or after the decimal point), or null.
     */
    static String outOfRange(JsonNode node, String path) {
        if (node.isNumber()) {
            return storable(node.decimalValue().stripTrailingZeros()) ? null : path;
        }
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String found = outOfRange(node.get(name), path + "." + name);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = outOfRange(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Digits a canonical number may have on either side of the decimal point. PostgreSQL's numeric holds
     * 131072 before and 16383 after; Jackson's plain writer refuses a scale beyond 9999. No request field needs
     * more than a handful, so the limit is set far below both.
     */
    static final int MAX_DIGITS = 1000;

    private static boolean storable(BigDecimal number) {
        // In long: for 1E+2147483647 the scale is -2147483647 and the int difference would wrap to negative.
        long before = (long) number.precision() - number.scale();
        return number.scale() <= MAX_DIGITS && before <= MAX_DIGITS;
    }

    /**
     * What in {@code node} PostgreSQL cannot store, or null: U+0000 (neither TEXT nor JSONB holds it) or an
     * unpaired UTF-16 surrogate (no Unicode character, so no UTF-8 spelling), in any key or string value.
     */
    static String unstorableCharacter(JsonNode node) {
        if (node.isTextual()) {
            return unstorableCharacter(node.asText());
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String found = unstorableCharacter(names.next());
            if (found != null) {
                return found;
            }
        }
        for (JsonNode child : node) {
            String found = unstorableCharacter(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static String unstorableCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "the NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format("an unpaired UTF-16 surrogate (\\u%04x), which is no Unicode character", (int) c);
            }
        }
        return null;
    }
}
