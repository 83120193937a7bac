package dev.kiln.api.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.api.problem.Problem;
import dev.kiln.job.JobIds;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Answers what a request for a job's event stream gets instead of one — 400, 404, 204 — before the stream starts.
 * Why here: the SSE handler writes the 200 and its headers as soon as the resource method returns its stream, so
 * a failure of the stream itself can no longer become a problem document.
 */
@Singleton
class EventStreamChecks {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final JobEventLog log;
    private final ObjectMapper json;

    EventStreamChecks(JobEventLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    @ServerRequestFilter
    Uni<Response> beforeStream(ContainerRequestContext request, UriInfo uri, SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() != JobEventsResource.class) {
            return Uni.createFrom().nullItem();
        }
        String jobId = uri.getPathParameters().getFirst("jobId");
        if (!JobIds.valid(jobId)) {
            return answer(Problem.of(400, "Not a job id: " + JobIds.RULE).toResponse(json));
        }
        Long after = lastEventId(request.getHeaderString(LAST_EVENT_ID));
        if (after == null) {
            return answer(Problem.of(400, "Last-Event-ID must be the id of an event of this stream, a whole number")
                    .toResponse(json));
        }
        return log.head(jobId).map(head -> {
            if (head == null) {
                return Problem.of(404, "No job " + jobId).toResponse(json);
            }
            if (head.terminal() && after >= head.version()) {
                // The client has every event of an ended job: 204 tells an EventSource not to reconnect.
                return Response.noContent().build();
            }
            return null;
        });
    }

    /** The sequence a Last-Event-ID names, 0 when there is none, null when it is not one. */
    static Long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0L;
        }
        try {
            long after = Long.parseLong(header.strip());
            return after >= 0 ? after : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Uni<Response> answer(Response response) {
        return Uni.createFrom().item(response);
    }
}
