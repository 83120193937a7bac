package dev.kiln.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads a job's work items for its view: one query, steps in order. */
@ApplicationScoped
class JobSteps {

    private static final String DONE = "done";

    private final Pool pool;

    JobSteps(Pool pool) {
        this.pool = pool;
    }

    Uni<List<JobView.StepView>> of(String jobId) {
        return pool.preparedQuery("SELECT step_index, step, phase, provider_task_id, attempts, lease_owner,"
                        + " lease_expires_at, due_at, progress, last_error FROM work_item WHERE job_id = $1"
                        + " ORDER BY step_index")
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    List<JobView.StepView> steps = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        String phase = row.getString("phase");
                        steps.add(new JobView.StepView(
                                row.getInteger("step_index"),
                                row.getString("step"),
                                phase,
                                row.getString("provider_task_id"),
                                row.getInteger("attempts"),
                                row.getString("lease_owner"),
                                instant(row, "lease_expires_at"),
                                // A done step keeps a due time nothing acts on.
                                DONE.equals(phase) ? null : instant(row, "due_at"),
                                row.getInteger("progress"),
                                row.getString("last_error")));
                    }
                    return steps;
                });
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
