package dev.kiln.work;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Claims, renews and hands back leases on work items, each in one statement. Times are the replica's clock (the
 * injected {@link Clock}), so tests can move them; replicas are expected to keep their clocks in sync (NTP).
 */
@ApplicationScoped
public class WorkItems {

    /** What every claim sets: the lease, a new fence, the claim time. */
    private static final String LEASE =
            "UPDATE work_item w SET lease_owner = $1, lease_expires_at = $2, fence = w.fence + 1, claimed_at = $3,"
                    + " updated_at = $3 FROM ";

    /** What every claim answers: the item with its job, read in the same statement. */
    private static final String CLAIMED =
            """
            , job j
             WHERE w.job_id = c.job_id AND w.step_index = c.step_index AND j.id = w.job_id
            RETURNING w.job_id, w.step_index, w.lease_owner, w.fence, w.phase, w.step, w.account, w.tenant,
                      w.provider_task_id, w.input_task_id, w.outputs::text AS outputs, w.progress, w.progress_at,
                      w.seen_change_at, w.due_at, w.attempts, w.polls, w.last_error, w.created_at, w.reported_task_id,
                      w.claimed_at, j.state, j.version, j.provider, j.request::text AS request, j.deadline,
                      j.cancel_requested_at, j.cancel_reason
            """;

    /**
     * One statement: lock the due, unleased (or lease-expired) items of a phase (of one account, when $6 names
     * one) that no other claim is taking (SKIP LOCKED), oldest due first, lease them to the caller and bump their
     * fence; return them with their job.
     */
    static final String CLAIM = LEASE
            + """
            (SELECT job_id, step_index FROM work_item
              WHERE phase = $4 AND due_at <= $3
                AND (lease_expires_at IS NULL OR lease_expires_at < $3)
                AND ($6::text IS NULL OR account = $6)
              ORDER BY due_at, created_at
              LIMIT $5
              FOR UPDATE SKIP LOCKED) c"""
            + CLAIMED;

    /**
     * As {@link #CLAIM}, but only items whose job must stop (a cancel asked for, its deadline passed), due or not:
     * found from the job side through V7's partial indexes, so a large backlog of waiting items is not read.
     */
    static final String CLAIM_STOPPING = LEASE
            + """
            (SELECT i.job_id, i.step_index FROM job s JOIN work_item i ON i.job_id = s.id
              WHERE (s.cancel_requested_at IS NOT NULL OR s.deadline < $3)
                AND s.state NOT IN ('COMPLETED', 'FAILED', 'CANCELED', 'REJECTED')
                AND i.phase = $4 AND (i.lease_expires_at IS NULL OR i.lease_expires_at < $3)
              LIMIT $5
              FOR UPDATE OF i SKIP LOCKED) c"""
            + CLAIMED;

    private final Pool pool;
    private final Clock clock;

    public WorkItems(Pool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** Claims up to {@code limit} due items of {@code phase} for {@code owner}, leased for {@code lease}. */
    public Uni<List<WorkItem>> claim(WorkPhase phase, String owner, int limit, Duration lease) {
        return claim(phase, null, owner, limit, lease);
    }

    /** As {@link #claim(WorkPhase, String, int, Duration)}, only items of {@code account} (any when null). */
    public Uni<List<WorkItem>> claim(WorkPhase phase, String account, String owner, int limit, Duration lease) {
        return claim(phase, account, false, owner, limit, lease);
    }

    /**
     * As {@link #claim(WorkPhase, String, int, Duration)}, only items whose job must stop: a cancel was asked
     * for or its deadline passed. Dispatch takes these whatever its budgets say.
     */
    public Uni<List<WorkItem>> claimStopping(WorkPhase phase, String owner, int limit, Duration lease) {
        return claim(phase, null, true, owner, limit, lease);
    }

    private Uni<List<WorkItem>> claim(
            WorkPhase phase, String account, boolean stopping, String owner, int limit, Duration lease) {
        Instant now = clock.instant();
        List<Object> arguments =
                new ArrayList<>(Arrays.asList(owner, at(now.plus(lease)), at(now), phase.column(), limit));
        if (!stopping) {
            arguments.add(account);
        }
        return pool.preparedQuery(stopping ? CLAIM_STOPPING : CLAIM)
                .execute(Tuple.from(arguments))
                .map(rows -> {
                    List<WorkItem> items = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        items.add(item(row));
                    }
                    return items;
                });
    }

    /**
     * Asks for a look at a job's unfinished items now (a callback arrived, a cancel was asked for), whoever holds
     * them: they become due at once, and a holder's write in flight keeps them due (see V5). A task id a
     * provider's callback named is kept for reconciliation. Answers how many items were nudged.
     */
    public Uni<Integer> nudge(String jobId, String reportedTaskId) {
        Instant now = clock.instant();
        return pool.preparedQuery("UPDATE work_item SET nudged_at = $2, due_at = LEAST(due_at, $2),"
                        + " reported_task_id = COALESCE($3, reported_task_id), updated_at = $2"
                        + " WHERE job_id = $1 AND phase <> 'done'")
                .execute(Tuple.of(jobId, at(now), reportedTaskId))
                .map(rows -> rows.rowCount());
    }

    /**
     * Gives one item back before its lease ends, due at {@code dueAt} (at once if it was nudged), if the lease is still the
     * caller's (a handler that failed, or whose transition was refused because the job moved meanwhile).
     */
    public Uni<Boolean> handBack(Lease lease, Instant dueAt) {
        return pool.preparedQuery("UPDATE work_item SET lease_owner = NULL, lease_expires_at = NULL,"
                        + " due_at = CASE WHEN nudged_at >= claimed_at THEN LEAST($4, $5) ELSE $4 END, updated_at = $5"
                        + " WHERE job_id = $1 AND step_index = $2 AND fence = $3")
                .execute(Tuple.of(lease.jobId(), lease.stepIndex(), lease.fence(), at(dueAt), at(clock.instant())))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Extends every live lease {@code owner} holds, in one statement; answers how many. */
    public Uni<Integer> renew(String owner, Duration lease) {
        Instant now = clock.instant();
        return pool.preparedQuery("UPDATE work_item SET lease_expires_at = $2"
                        + " WHERE lease_owner = $1 AND lease_expires_at >= $3")
                .execute(Tuple.of(owner, at(now.plus(lease)), at(now)))
                .map(rows -> rows.rowCount());
    }

    /**
     * Hands back every lease {@code owner} holds, in one statement (graceful shutdown): the items are due at once
     * for the other replicas. Their fences stay, so a write still in flight from this owner cannot clash with
     * one made after a new claim.
     */
    public Uni<Integer> releaseAll(String owner) {
        Instant now = clock.instant();
        return pool.preparedQuery("UPDATE work_item SET lease_owner = NULL, lease_expires_at = NULL,"
                        + " due_at = LEAST(due_at, $2) WHERE lease_owner = $1")
                .execute(Tuple.of(owner, at(now)))
                .map(rows -> rows.rowCount());
    }

    private static WorkItem item(Row row) {
        Lease lease = new Lease(
                row.getString("job_id"),
                row.getInteger("step_index"),
                row.getString("lease_owner"),
                row.getLong("fence"));
        WorkItem.ClaimedJob job = new WorkItem.ClaimedJob(
                row.getString("state"),
                row.getLong("version"),
                row.getString("provider"),
                row.getString("request"),
                instant(row, "deadline"),
                instant(row, "cancel_requested_at"),
                row.getString("cancel_reason"));
        return new WorkItem(
                lease,
                WorkPhase.of(row.getString("phase")),
                row.getString("step"),
                row.getString("account"),
                row.getString("tenant"),
                row.getString("provider_task_id"),
                row.getString("input_task_id"),
                row.getString("outputs"),
                row.getInteger("progress"),
                instant(row, "progress_at"),
                instant(row, "seen_change_at"),
                instant(row, "due_at"),
                row.getInteger("attempts"),
                row.getInteger("polls"),
                row.getString("last_error"),
                instant(row, "created_at"),
                row.getString("reported_task_id"),
                instant(row, "claimed_at"),
                job);
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
