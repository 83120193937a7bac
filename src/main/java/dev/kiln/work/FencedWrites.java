package dev.kiln.work;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The writes to work items that belong in a ledger transaction: the fenced update a handler makes under its
 * lease (in the same transaction as the job's compare-and-set, so a replica whose lease was taken over writes
 * neither), and the insert of a new item.
 */
public final class FencedWrites {

    private static final String UPDATE =
            """
            UPDATE work_item SET
                   phase = COALESCE(CAST(:phase AS text), phase),
                   due_at = CASE WHEN nudged_at >= claimed_at THEN LEAST(COALESCE(CAST(:due AS timestamptz), due_at), :now)
                                 ELSE COALESCE(CAST(:due AS timestamptz), due_at) END,
                   step = COALESCE(CAST(:step AS text), step),
                   account = COALESCE(CAST(:account AS text), account),
                   provider_task_id = COALESCE(CAST(:task AS text), provider_task_id),
                   outputs = COALESCE(CAST(CAST(:outputs AS text) AS jsonb), outputs),
                   progress = COALESCE(CAST(:progress AS int), progress),
                   progress_at = COALESCE(CAST(:progressAt AS timestamptz), progress_at),
                   seen_change_at = COALESCE(CAST(:seen AS timestamptz), seen_change_at),
                   attempts = attempts + :attempts,
                   polls = CASE WHEN :resetPolls THEN 0 WHEN :polled THEN polls + 1 ELSE polls END,
                   last_error = CAST(:error AS text),
                   lease_owner = CASE WHEN :keep THEN lease_owner ELSE NULL END,
                   lease_expires_at = CASE WHEN :keep THEN lease_expires_at ELSE NULL END,
                   updated_at = :now
             WHERE job_id = :job AND step_index = :index AND fence = :fence
            """;

    private static final String INSERT =
            """
            INSERT INTO work_item (job_id, step_index, step, phase, account, tenant, input_task_id, due_at, created_at,
                                   updated_at)
            VALUES (:job, :index, CAST(:step AS text), :phase, CAST(:account AS text), CAST(:tenant AS text),
                    CAST(:input AS text), :due, :now, :now)
            ON CONFLICT (job_id, step_index) DO NOTHING
            """;

    private FencedWrites() {}

    /** Applies {@code update} if the item's fence is still the lease's; answers whether it was. */
    public static Uni<Boolean> update(Mutiny.Session session, Lease lease, WorkUpdate update, Instant now) {
        return session.createNativeQuery(UPDATE)
                .setParameter(
                        "phase", update.phase() == null ? null : update.phase().column())
                .setParameter("due", update.dueAt())
                .setParameter("step", update.step())
                .setParameter("account", update.account())
                .setParameter("task", update.providerTaskId())
                .setParameter("outputs", update.outputsJson())
                .setParameter("progress", update.progress())
                .setParameter("progressAt", update.progressAt())
                .setParameter("seen", update.seenChangeAt())
                .setParameter("attempts", update.attemptsAdded())
                .setParameter("resetPolls", update.resetPolls())
                .setParameter("polled", update.polled())
                .setParameter("error", update.lastError())
                .setParameter("keep", update.keepLease())
                .setParameter("now", now)
                .setParameter("job", lease.jobId())
                .setParameter("index", lease.stepIndex())
                .setParameter("fence", lease.fence())
                .executeUpdate()
                .map(updated -> updated == 1);
    }

    /** Adds a work item (a job's first step, or the next step of a multi-step job); a second insert does nothing. */
    public static Uni<Void> insert(Mutiny.Session session, NewWorkItem item, Instant now) {
        return session.createNativeQuery(INSERT)
                .setParameter("job", item.jobId())
                .setParameter("index", item.stepIndex())
                .setParameter("step", item.step())
                .setParameter("phase", item.phase().column())
                .setParameter("account", item.account())
                .setParameter("tenant", item.tenant())
                .setParameter("input", item.inputTaskId())
                .setParameter("due", item.dueAt())
                .setParameter("now", now)
                .executeUpdate()
                .replaceWithVoid();
    }
}
