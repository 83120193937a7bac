package dev.kiln.job.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads the CloudEvents 1.0 envelope of a requests-topic record, in either Kafka mode: binary (attributes in
 * {@code ce_*} headers, the value is the data) or structured ({@code content-type:
 * application/cloudevents+json}, the value is the whole event). A record with neither is read as bare data of a
 * {@code job.requested}, so simple producers work too.
 */
final class CloudEventReader {

    /** The envelope's type and data, or why there is none. */
    record Envelope(String type, JsonNode data, String problemCode, String problem) {

        static Envelope of(String type, JsonNode data) {
            return new Envelope(type, data, null, null);
        }

        static Envelope unusable(String code, String problem) {
            return new Envelope(null, null, code, problem);
        }

        boolean usable() {
            return problemCode == null;
        }
    }

    /** Reads decimals exactly, so that equal numbers in a redelivered request compare equal. */
    private final ObjectReader reader;

    CloudEventReader(ObjectMapper json) {
        ObjectMapper limited = json.copy();
        limited.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build());
        this.reader = limited.reader()
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Nesting depth a record may have. A request is a few levels deep; a bound well below Jackson's 1000 keeps
     * every recursive step after parsing (schema validation, canonical form) far from the thread's stack limit.
     */
    static final int MAX_NESTING = 64;

    /** Characters one number literal may have (Jackson's default is 1000). */
    static final int MAX_NUMBER_LENGTH = 1000;

    Envelope read(Headers headers, byte[] value) {
        if (value == null || value.length == 0) {
            return Envelope.unusable(RejectionCodes.EMPTY_RECORD, "The record has no value");
        }
        String contentType = header(headers, "content-type");
        if (contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/cloudevents")) {
            return structured(value);
        }
        if (header(headers, "ce_specversion") != null) {
            return binary(headers, value);
        }
        Parsed parsed = parse(value);
        if (parsed.node() == null) {
            return parsed.unusable("The record value");
        }
        JsonNode node = parsed.node();
        // A structured event sent without its content-type header is still recognisable by its attributes.
        if (node.has("specversion") && node.has("type")) {
            return structuredNode(node);
        }
        return Envelope.of(dev.kiln.events.EventTopics.JOB_REQUESTED, node);
    }

    private Envelope binary(Headers headers, byte[] value) {
        String specVersion = header(headers, "ce_specversion");
        if (!"1.0".equals(specVersion)) {
            return Envelope.unusable(
                    RejectionCodes.INVALID_ENVELOPE,
                    "ce_specversion is '" + RequestClassifier.clip(specVersion) + "'; Kiln reads CloudEvents 1.0");
        }
        String type = header(headers, "ce_type");
        if (type == null || type.isBlank()) {
            return Envelope.unusable(RejectionCodes.INVALID_ENVELOPE, "The ce_type header is missing");
        }
        Parsed data = parse(value);
        if (data.node() == null) {
            return data.unusable("The record value (the event's data)");
        }
        return Envelope.of(type, data.node());
    }

    private Envelope structured(byte[] value) {
        Parsed parsed = parse(value);
        if (parsed.node() == null) {
            return parsed.unusable("The structured CloudEvent");
        }
        return structuredNode(parsed.node());
    }

    private Envelope structuredNode(JsonNode node) {
        if (!node.isObject()) {
            return Envelope.unusable(RejectionCodes.INVALID_ENVELOPE, "A structured CloudEvent must be a JSON object");
        }
        if (!"1.0".equals(node.path("specversion").asText(null))) {
            return Envelope.unusable(
                    RejectionCodes.INVALID_ENVELOPE,
                    "specversion is '"
                            + RequestClassifier.clip(node.path("specversion").asText(""))
                            + "'; Kiln reads CloudEvents 1.0");
        }
        String type = node.path("type").asText("");
        if (type.isBlank()) {
            return Envelope.unusable(RejectionCodes.INVALID_ENVELOPE, "The CloudEvent has no type");
        }
        JsonNode data = node.get("data");
        if (data == null && node.hasNonNull("data_base64")) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(node.get("data_base64").asText());
            } catch (IllegalArgumentException e) {
                return Envelope.unusable(RejectionCodes.INVALID_ENVELOPE, "data_base64 is not valid base64");
            }
            Parsed parsed = parse(decoded);
            if (parsed.node() == null) {
                return parsed.unusable("The decoded data_base64");
            }
            data = parsed.node();
        }
        if (data == null || data.isNull()) {
            return Envelope.unusable(RejectionCodes.INVALID_ENVELOPE, "The CloudEvent has no data");
        }
        return Envelope.of(type, data);
    }

    /** A parsed value, or why it could not be parsed. */
    private record Parsed(JsonNode node, String problemCode, String problem) {

        Envelope unusable(String what) {
            return Envelope.unusable(problemCode, what + " " + problem);
        }
    }

    private Parsed parse(byte[] bytes) {
        try {
            JsonNode node = reader.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                return new Parsed(null, RejectionCodes.MALFORMED_JSON, "is not JSON: it holds no value");
            }
            return new Parsed(node, null, null);
        } catch (StreamConstraintsException e) {
            return new Parsed(
                    null,
                    RejectionCodes.JSON_LIMIT_EXCEEDED,
                    "exceeds a limit Kiln sets on JSON: " + RequestClassifier.clip(e.getOriginalMessage(), 300));
        } catch (IOException | RuntimeException e) {
            if (numberUnreadable(e)) {
                return new Parsed(
                        null,
                        RejectionCodes.NUMBER_OUT_OF_RANGE,
                        "holds a number too large to read (an exponent beyond the range of a 32-bit integer)");
            }
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.toString();
            return new Parsed(
                    null, RejectionCodes.MALFORMED_JSON, "is not JSON: " + RequestClassifier.clip(detail, 300));
        }
    }

    private static boolean numberUnreadable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NumberFormatException || t instanceof ArithmeticException) {
                return true;
            }
        }
        return false;
    }

    static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
