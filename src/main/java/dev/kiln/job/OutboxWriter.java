package dev.kiln.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.events.JobEvent;
import dev.kiln.events.OutboxEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Writes the event of a transition to the outbox, in the caller's transaction. */
@ApplicationScoped
public class OutboxWriter {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final ObjectMapper json;

    public OutboxWriter(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Appends the event announcing that {@code job} (already in its new state and version) left
     * {@code previous}.
     */
    public Uni<OutboxEvent> append(Job job, JobState previous, Transition transition, UUID eventId, Instant at) {
        JobEvent.Reason reason = transition.reasonCode() == null
                ? null
                : new JobEvent.Reason(transition.reasonCode(), transition.reason());
        JobEvent event = new JobEvent(
                eventId,
                job.state.eventTypeFrom(previous),
                job.id,
                job.version,
                job.state.name(),
                previous == null ? null : previous.name(),
                job.provider,
                job.step,
                at,
                labels(job.labels),
                reason,
                transition.details());
        OutboxEvent row = new OutboxEvent();
        row.eventId = eventId;
        row.jobId = job.id;
        row.sequence = job.version;
        row.eventType = event.type();
        row.terminal = job.state.isTerminal();
        row.payload = write(event);
        row.createdAt = at;
        return Panache.getSession().chain(session -> session.persist(row)).replaceWith(row);
    }

    private Map<String, String> labels(String labelsJson) {
        try {
            return labelsJson == null ? Map.of() : json.readValue(labelsJson, LABELS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored labels are not a JSON object of strings", e);
        }
    }

    private String write(JobEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize event " + event.eventId(), e);
        }
    }
}
