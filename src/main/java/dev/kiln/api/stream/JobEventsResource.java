package dev.kiln.api.stream;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** A job's events as Server-Sent Events, for services that cannot read Kafka. */
@Path("/jobs/{jobId}/events")
public class JobEventsResource {

    private final JobEventLog log;
    private final JobEventFeeds feeds;

    JobEventsResource(JobEventLog log, JobEventFeeds feeds) {
        this.log = log;
        this.feeds = feeds;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // The data is the stored event JSON itself: written as is, not serialized again.
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    @Operation(
            summary = "Follow a job's events live (text/event-stream)",
            description = "First the job's past events, then each new one as it is committed, until the event of a"
                    + " terminal state, after which the stream ends. Each message has id = the event's sequence (the"
                    + " job's version), event = its CloudEvent type (e.g. job.queued) and data = the same JSON its"
                    + " CloudEvent carries on the events topic. A reconnecting client sends Last-Event-ID and gets"
                    + " only the events after it. Comment lines (':') open the stream and keep an idle one alive.")
    @APIResponse(
            responseCode = "200",
            description = "The stream of events",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(
            responseCode = "204",
            description = "The job has ended and the client has every event up to its last (do not reconnect)")
    @APIResponse(
            responseCode = "400",
            description = "A bad job id, or a Last-Event-ID that is not a sequence (application/problem+json)")
    @APIResponse(responseCode = "404", description = "No job has that id (application/problem+json)")
    public Multi<OutboundSseEvent> events(
            @PathParam("jobId") String jobId,
            @Parameter(description = "The id of the last event the client has; only later ones are sent")
                    @HeaderParam(EventStreamChecks.LAST_EVENT_ID)
                    String lastEventId,
            @Context Sse sse) {
        // EventStreamChecks has answered a bad id or Last-Event-ID, an unknown job and an ended one already.
        long after = EventStreamChecks.lastEventId(lastEventId);
        return log.head(jobId).onItem().transformToMulti(head -> {
            // A first comment sends the headers at once, even when no event is due yet.
            OutboundSseEvent opening =
                    sse.newEventBuilder().comment("events of job " + jobId).build();
            return Multi.createBy()
                    .concatenating()
                    .streams(
                            Multi.createFrom().item(opening),
                            feeds.follow(jobId, after, head)
                                    .onItem()
                                    .transformToIterable(batch -> messages(batch, sse)));
        });
    }

    private static List<OutboundSseEvent> messages(EventBatch batch, Sse sse) {
        if (batch.events().isEmpty()) {
            return List.of(sse.newEventBuilder().comment("idle").build());
        }
        List<OutboundSseEvent> messages = new ArrayList<>(batch.events().size());
        for (StoredEvent event : batch.events()) {
            messages.add(sse.newEventBuilder()
                    .id(Long.toString(event.sequence()))
                    .name(event.type())
                    .data(event.json())
                    .build());
        }
        return messages;
    }
}
