package dev.kiln.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the API answers carries a problem document. A client's mistake (4xx) says what was wrong and is
 * logged at DEBUG only: it is not Kiln's fault. A server fault (5xx) is logged with its stack trace and answers
 * without internals.
 */
@Singleton
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ObjectMapper json;

    public ProblemMappers(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper
    public Response clientOrServerError(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return Problem.of(status, "Kiln could not answer this request; it is logged")
                    .toResponse(json);
        }
        LOG.debugf("Client error %d: %s", status, e.getMessage());
        return Problem.of(status, detail(e, status, request.path())).toResponse(json);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("Request failed", e);
        return Problem.of(500, "Kiln could not answer this request; it is logged")
                .toResponse(json);
    }

    /** The exception's own message when it has one; RESTEasy's defaults ("HTTP 404 Not Found") say less. */
    private static String detail(WebApplicationException e, int status, String path) {
        String message = e.getMessage();
        if (message == null || message.startsWith("HTTP " + status)) {
            return switch (status) {
                case 404 -> "Nothing is found at " + clipped(path);
                case 405 -> clipped(path) + " does not answer that method";
                case 406 -> "This path answers application/json only";
                case 415 -> "This path does not take that content type";
                default -> null;
            };
        }
        return message;
    }

    private static String clipped(String path) {
        if (path == null) {
            return "this path";
        }
        return path.length() <= 200 ? path : path.substring(0, 200) + "…";
    }
}
