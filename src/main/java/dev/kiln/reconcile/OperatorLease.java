package dev.kiln.reconcile;

import dev.kiln.work.Lease;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkItems;
import dev.kiln.work.WorkPhase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * An operator's decision takes the job's reconcile item over, whoever holds it: one statement leases it to the
 * operator and bumps its fence, so a reconciler still in the middle of a look writes nothing afterwards
 * ({@code LeaseLostException}). Only an item of a job still {@code SUBMIT_UNKNOWN} is taken.
 */
@ApplicationScoped
class OperatorLease {

    static final String OWNER = "operator";
    private static final Duration HOLD = Duration.ofSeconds(30);

    private static final String SEIZE =
            """
            UPDATE work_item w
               SET lease_owner = $2, lease_expires_at = $3, fence = w.fence + 1, claimed_at = $4, updated_at = $4
              FROM job j
             WHERE w.job_id = $1 AND w.phase = 'reconcile' AND j.id = w.job_id AND j.state = 'SUBMIT_UNKNOWN'
            RETURNING w.step_index, w.fence, w.step, w.account, w.tenant, w.attempts, w.polls, w.last_error,
                      w.created_at, w.due_at, w.reported_task_id, j.version, j.provider, j.state
            """;

    private final Pool pool;
    private final Clock clock;

    private final WorkItems items;

    OperatorLease(Pool pool, WorkItems items, Clock clock) {
        this.pool = pool;
        this.items = items;
        this.clock = clock;
    }

    /** The job's reconcile item, now leased to the operator; empty when the job is not SUBMIT_UNKNOWN. */
    Uni<Optional<WorkItem>> seize(String jobId) {
        Instant now = clock.instant();
        return pool.preparedQuery(SEIZE)
                .execute(Tuple.of(jobId, OWNER, at(now.plus(HOLD)), at(now)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    Lease lease = new Lease(jobId, row.getInteger("step_index"), OWNER, row.getLong("fence"));
                    WorkItem.ClaimedJob job = new WorkItem.ClaimedJob(
                            row.getString("state"),
                            row.getLong("version"),
                            row.getString("provider"),
                            null,
                            null,
                            null,
                            null);
                    return Optional.of(new WorkItem(
                            lease,
                            WorkPhase.RECONCILE,
                            row.getString("step"),
                            row.getString("account"),
                            row.getString("tenant"),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            instant(row, "due_at"),
                            row.getInteger("attempts"),
                            row.getInteger("polls"),
                            row.getString("last_error"),
                            instant(row, "created_at"),
                            row.getString("reported_task_id"),
                            now,
                            job));
                });
    }

    /** Hands the item back after a decision that wrote nothing, due now for the reconciler. */
    Uni<Void> handBack(Lease lease) {
        return items.handBack(lease, clock.instant()).replaceWithVoid();
    }

    /** Whether any job has this id. */
    Uni<Boolean> jobExists(String jobId) {
        return pool.preparedQuery("SELECT 1 FROM job WHERE id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.size() > 0);
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
