package dev.kiln.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Transition;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkPhase;
import dev.kiln.work.WorkUpdate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * How a job's work ends, written once for dispatch, tracking and reconciliation: the job's last transition and
 * the item's retirement in one fenced transaction, then the step's budget slot given back (which wakes the
 * dispatchers of every replica).
 */
@ApplicationScoped
public class StepEnds {

    private final JobLedger ledger;
    private final AccountBudgets budgets;
    private final Clock clock;

    public StepEnds(JobLedger ledger, AccountBudgets budgets, Clock clock) {
        this.ledger = ledger;
        this.budgets = budgets;
        this.clock = clock;
    }

    /** Ends the job ({@code FAILED} or {@code CANCELED}) from {@code version}, retires the item, frees its slot. */
    public Uni<Job> end(WorkItem item, long version, JobState to, String code, String reason, ObjectNode details) {
        return ledger.transitionUnderLease(
                        item.lease(),
                        version,
                        new Transition(to, null, code, reason, details),
                        WorkUpdate.to(WorkPhase.DONE, clock.instant()).error(code + ": " + reason),
                        null)
                .call(() -> releaseSlot(item));
    }

    /** Retires an item whose job has already ended (it moved while the item waited), freeing its slot. */
    public Uni<Void> retire(WorkItem item) {
        return ledger.updateUnderLease(item.lease(), WorkUpdate.to(WorkPhase.DONE, clock.instant()), null)
                .call(() -> releaseSlot(item));
    }

    /** Gives back the slot the item's step holds, if any. */
    public Uni<Void> releaseSlot(WorkItem item) {
        return item.step() == null ? Uni.createFrom().voidItem() : budgets.release(item.jobId(), item.step());
    }

    /** Whether the job's deadline has passed at {@code now}. */
    public static boolean pastDeadline(WorkItem item, Instant now) {
        return item.job().deadline() != null && !now.isBefore(item.job().deadline());
    }

    /** Fails the job whose deadline passed {@code while} (e.g. "while it waited for hitem3d capacity"). */
    public Uni<Void> deadlinePassed(WorkItem item, String during) {
        return end(
                        item,
                        item.job().version(),
                        JobState.FAILED,
                        FailureCodes.DEADLINE_EXCEEDED,
                        "The job's deadline " + item.job().deadline() + " passed " + during,
                        null)
                .replaceWithVoid();
    }

    /** Fails the job whose provider this deployment no longer configures. */
    public Uni<Void> providerMissing(WorkItem item) {
        return end(
                        item,
                        item.job().version(),
                        JobState.FAILED,
                        FailureCodes.PROVIDER_NOT_CONFIGURED,
                        "Provider " + item.job().provider() + " is not configured in this deployment",
                        null)
                .replaceWithVoid();
    }

    /** The job's state as the claim read it. */
    public static JobState stateOf(WorkItem item) {
        return JobState.valueOf(item.job().state());
    }
}
