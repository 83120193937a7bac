package dev.kiln.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.util.Locale;

/**
 * An RFC 9457 problem document: what went wrong with a request, for a person and for a program. The
 * {@code type} names the kind of problem (one per HTTP status here), {@code detail} says what was wrong with
 * this request.
 */
public record Problem(int status, String title, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem of an HTTP status, with the reason phrase as title. */
    public static Problem of(int status, String detail) {
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return new Problem(status, title, detail == null || detail.isBlank() ? title : detail);
    }

    /** A stable identifier of the problem's kind, e.g. {@code urn:kiln:problem:bad-request}. */
    public String type() {
        return "urn:kiln:problem:" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The document as JSON text. */
    public String toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type());
        node.put("title", title);
        node.put("status", status);
        node.put("detail", detail);
        return node.toString();
    }

    /** A response carrying this problem. */
    public Response toResponse(ObjectMapper json) {
        return Response.status(status).type(MEDIA_TYPE).entity(toJson(json)).build();
    }
}
