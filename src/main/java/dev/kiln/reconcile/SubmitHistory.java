package dev.kiln.reconcile;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the ledger says about create calls: when ours was in flight (its transitions), which other calls of the
 * same provider and step may have made a task no job owns, and which task ids jobs already own. Read-only.
 */
@ApplicationScoped
class SubmitHistory {

    /** The job's last create call: its last SUBMITTING and the SUBMIT_UNKNOWN after it. */
    private static final String OUR_WINDOW =
            """
            SELECT max(occurred_at) FILTER (WHERE to_state = 'SUBMITTING') AS submitting_at,
                   max(occurred_at) FILTER (WHERE to_state = 'SUBMIT_UNKNOWN') AS unknown_at
              FROM job_transition WHERE job_id = $1
            """;

    /**
     * Other jobs of the provider whose create call of this step (a null step: dispatch did not name it) was in
     * the time range and whose task no job owns: still in flight, unknown, or failed as unknown (its task may
     * exist at the provider).
     */
    private static final String OTHER_WINDOWS =
            """
            SELECT t.job_id,
                   max(t.occurred_at) FILTER (WHERE t.to_state = 'SUBMITTING') AS submitting_at,
                   max(t.occurred_at) FILTER (WHERE t.to_state = 'SUBMIT_UNKNOWN') AS unknown_at
              FROM job j JOIN job_transition t ON t.job_id = j.id
             WHERE j.provider = $1 AND j.id <> $2
               AND (j.state IN ('SUBMITTING', 'SUBMIT_UNKNOWN')
                    OR (j.state = 'FAILED' AND j.outcome_code = $6))
               AND t.to_state IN ('SUBMITTING', 'SUBMIT_UNKNOWN')
               AND (t.step = $3 OR t.step IS NULL)
               AND t.occurred_at BETWEEN $4 AND $5
             GROUP BY t.job_id
            """;

    private final Pool pool;

    SubmitHistory(Pool pool) {
        this.pool = pool;
    }

    /** Our create call's window, if the job's history records its unknown outcome. */
    Uni<Optional<CreateWindow>> ours(String jobId) {
        return pool.preparedQuery(OUR_WINDOW).execute(Tuple.of(jobId)).map(rows -> {
            Row row = rows.iterator().next();
            Instant submitting = instant(row, "submitting_at");
            Instant unknown = instant(row, "unknown_at");
            if (unknown == null) {
                return Optional.empty();
            }
            return Optional.of(new CreateWindow(
                    submitting == null || submitting.isAfter(unknown) ? unknown : submitting, unknown));
        });
    }

    /** The other create calls that could have made a task created within {@code ours} (see {@link CreateWindow}). */
    Uni<List<CreateWindow>> others(
            String provider, String jobId, String step, CreateWindow ours, Duration tolerance, Duration settle) {
        Duration margin = settle.plus(tolerance.multipliedBy(3));
        Tuple args = Tuple.of(
                        provider,
                        jobId,
                        step,
                        at(ours.from().minus(margin)),
                        at(ours.to().plus(margin)))
                .addString(ReconcileMoves.SUBMIT_OUTCOME_UNKNOWN);
        return pool.preparedQuery(OTHER_WINDOWS).execute(args).map(rows -> {
            List<CreateWindow> windows = new ArrayList<>();
            for (Row row : rows) {
                Instant submitting = instant(row, "submitting_at");
                Instant unknown = instant(row, "unknown_at");
                if (submitting == null) {
                    // Its call started before the range; only its end is known to fall inside it.
                    windows.add(new CreateWindow(unknown.minus(settle), unknown));
                } else {
                    windows.add(new CreateWindow(
                            submitting, unknown != null && !unknown.isBefore(submitting) ? unknown : null));
                }
            }
            return windows;
        });
    }

    /** Which of these task ids a job's work item already holds. */
    Uni<Set<String>> owned(List<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("SELECT provider_task_id FROM work_item WHERE provider_task_id = ANY($1)")
                .execute(Tuple.of(taskIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> owned = new HashSet<>();
                    rows.forEach(row -> owned.add(row.getString("provider_task_id")));
                    return owned;
                });
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
