package dev.kiln.api.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.events.JobEvent;
import dev.kiln.job.JobState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads job events from the job's history ({@code job_transition}), never from the outbox.
 *
 * <p>Why the history: the outbox deletes sent events after {@code kiln.outbox.retention}, while a follower may ask
 * for a job's events from the start at any time. Since V6 every transition keeps its event JSON, written in the same
 * transaction as the outbox row, so what is served is byte for byte what went to Kafka. Transitions older than V6
 * whose outbox row was already deleted have no stored event: theirs is rebuilt from the transition and the job in
 * the same shape, without the state-specific {@code details} (which only the outbox had) and with {@code occurredAt}
 * at PostgreSQL's precision (microseconds).
 */
@ApplicationScoped
class JobEventLog {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private static final String COLUMNS = "t.job_id, t.sequence, t.from_state, t.to_state, t.step, t.reason_code,"
            + " t.reason, t.event_id, t.occurred_at, t.event::text AS event, j.provider, j.labels::text AS labels";

    private final Pool pool;
    private final ObjectMapper json;

    JobEventLog(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The job's version and whether it has ended; null when there is no such job. */
    Uni<JobHead> head(String jobId) {
        return pool.preparedQuery("SELECT version, state FROM job WHERE id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new JobHead(
                            row.getLong("version"),
                            JobState.valueOf(row.getString("state")).isTerminal());
                });
    }

    /** At most {@code limit} events of one job after sequence {@code after}, in order. */
    Uni<List<StoredEvent>> after(String jobId, long after, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM job_transition t JOIN job j ON j.id = t.job_id"
                        + " WHERE t.job_id = $1 AND t.sequence > $2 ORDER BY t.sequence LIMIT $3")
                .execute(Tuple.of(jobId, after, limit))
                .map(this::events);
    }

    /**
     * In one query, the events of several jobs, each after its own sequence: at most {@code limit} in all, in
     * sequence order per job.
     */
    Uni<List<StoredEvent>> after(List<String> jobIds, List<Long> afters, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM unnest($1::text[], $2::bigint[]) AS w(job_id, after)"
                        + " JOIN job_transition t ON t.job_id = w.job_id AND t.sequence > w.after"
                        + " JOIN job j ON j.id = t.job_id ORDER BY t.job_id, t.sequence LIMIT $3")
                .execute(Tuple.of(jobIds.toArray(new String[0]), afters.toArray(new Long[0]), limit))
                .map(this::events);
    }

    private List<StoredEvent> events(RowSet<Row> rows) {
        List<StoredEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            JobState state = JobState.valueOf(row.getString("to_state"));
            String stored = row.getString("event");
            events.add(new StoredEvent(
                    row.getString("job_id"),
                    row.getLong("sequence"),
                    state.eventType(),
                    stored != null ? stored : rebuilt(row, state),
                    state.isTerminal()));
        }
        return events;
    }

    /** The event of a transition made before V6, in the shape of {@link JobEvent} (details were not kept). */
    private String rebuilt(Row row, JobState state) {
        String code = row.getString("reason_code");
        String from = row.getString("from_state");
        JobEvent event = new JobEvent(
                row.getUUID("event_id"),
                state.eventType(),
                row.getString("job_id"),
                row.getLong("sequence"),
                state.name(),
                from,
                row.getString("provider"),
                row.getString("step"),
                row.getOffsetDateTime("occurred_at").toInstant(),
                labels(row.getString("labels")),
                code == null ? null : new JobEvent.Reason(code, row.getString("reason")),
                null);
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize the rebuilt event " + event.eventId(), e);
        }
    }

    private Map<String, String> labels(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, LABELS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
