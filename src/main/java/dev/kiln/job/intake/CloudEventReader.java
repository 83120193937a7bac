package dev.kiln.job.intake;

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
        this.reader = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    Envelope read(Headers headers, byte[] value) {
        if (value == null || value.length == 0) {
            return Envelope.unusable(RejectionCodes.EMPTY_RECORD, "The record has no value");
        }
        String contentType = header(headers, "content-type");
        if (contentType != null && contentType.toLowerCase().startsWith("application/cloudevents")) {
            return structured(value);
        }
        if (header(headers, "ce_specversion") != null) {
            return binary(headers, value);
        }
        JsonNode node = parse(value);
        if (node == null) {
            return Envelope.unusable(RejectionCodes.MALFORMED_JSON, "The record value is not JSON");
        }
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
        JsonNode data = parse(value);
        if (data == null) {
            return Envelope.unusable(RejectionCodes.MALFORMED_JSON, "The record value (the event's data) is not JSON");
        }
        return Envelope.of(type, data);
    }

    private Envelope structured(byte[] value) {
        JsonNode node = parse(value);
        if (node == null) {
            return Envelope.unusable(RejectionCodes.MALFORMED_JSON, "The structured CloudEvent is not JSON");
        }
        return structuredNode(node);
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
            try {
                data = parse(Base64.getDecoder().decode(node.get("data_base64").asText()));
            } catch (IllegalArgumentException e) {
                return Envelope.unusable(RejectionCodes.INVALID_ENVELOPE, "data_base64 is not valid base64");
            }
            if (data == null) {
                return Envelope.unusable(RejectionCodes.MALFORMED_JSON, "data_base64 does not decode to JSON");
            }
        }
        if (data == null || data.isNull()) {
            return Envelope.unusable(RejectionCodes.INVALID_ENVELOPE, "The CloudEvent has no data");
        }
        return Envelope.of(type, data);
    }

    private JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = reader.readTree(bytes);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
