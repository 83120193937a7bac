package dev.kiln.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.BadRequestException;

/**
 * The body of {@code POST /jobs/{jobId}/cancel}, optional.
 *
 * @param reason why, recorded in the job's history; at most {@value #MAX_REASON_LENGTH} characters
 */
public record CancelRequest(String reason) {

    public static final int MAX_REASON_LENGTH = 500;

    /**
     * The reason a body gives: null for no body (whatever its content type, so a bare POST works) or no reason;
     * a 400 for a body that is not such a JSON object or a reason that is too long.
     */
    static String reasonOf(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null
                || !node.isObject()
                || !(node.path("reason").isTextual()
                        || node.path("reason").isMissingNode()
                        || node.path("reason").isNull())) {
            throw new BadRequestException("The body must be a JSON object such as {\"reason\": \"…\"}, or nothing");
        }
        String reason = node.path("reason").isTextual() ? node.get("reason").asText() : null;
        if (reason != null && reason.codePointCount(0, reason.length()) > MAX_REASON_LENGTH) {
            throw new BadRequestException("reason must be at most " + MAX_REASON_LENGTH + " characters, not "
                    + reason.codePointCount(0, reason.length()));
        }
        return reason;
    }
}
