package dev.kiln.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Ledgers;
import dev.kiln.job.Transition;
import dev.kiln.work.Lease;
import dev.kiln.work.WorkPhase;
import dev.kiln.work.WorkUpdate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The ways out of {@code SUBMIT_UNKNOWN}, each one fenced ledger transition (one event) made under the item's
 * lease: the task was found (track it), it was never created (submit again), or nobody can tell (fail, never
 * resubmit). The account slot the create call took is given back once the job no longer holds it for a task.
 */
@ApplicationScoped
class ReconcileMoves {

    /** The failure code of a job whose create call's outcome stayed unknown. */
    static final String SUBMIT_OUTCOME_UNKNOWN = "SUBMIT_OUTCOME_UNKNOWN";
    /** The cancel code, as intake uses it. */
    static final String CANCELED_BY_CALLER = "CANCELED_BY_CALLER";

    private static final Logger LOG = Logger.getLogger(ReconcileMoves.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobLedger ledger;
    private final AccountBudgets budgets;
    private final Clock clock;

    ReconcileMoves(JobLedger ledger, AccountBudgets budgets, Clock clock) {
        this.ledger = ledger;
        this.budgets = budgets;
        this.clock = clock;
    }

    /** Who resolved a job: recorded in the event's details. */
    enum By {
        LISTING,
        CALLBACK,
        OPERATOR;

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The task exists: the job is SUBMITTED and its item tracked, with the slot kept for the task. */
    Uni<Job> adopt(Lease lease, long version, String taskId, By by) {
        ObjectNode details =
                JSON.createObjectNode().put("providerTaskId", taskId).put("reconciledBy", by.word());
        Transition submitted = new Transition(
                JobState.SUBMITTED, null, null, "the provider task was found (" + by.word() + ")", details);
        return inLedger(() -> ledger.transitionUnderLease(
                lease,
                version,
                submitted,
                WorkUpdate.to(WorkPhase.TRACK, clock.instant()).task(taskId),
                null));
    }

    /** No task exists: back to QUEUED, submitted again as soon as a slot is free (its own is given back). */
    Uni<Job> requeue(Lease lease, long version, String step, String reason) {
        return inLedger(() -> ledger.transitionUnderLease(
                        lease,
                        version,
                        new Transition(JobState.QUEUED, null, null, reason, null),
                        WorkUpdate.to(WorkPhase.SUBMIT, clock.instant()),
                        null))
                .call(job -> release(job.id, step));
    }

    /** Nobody can tell: the job fails with {@link #SUBMIT_OUTCOME_UNKNOWN}; nothing is resubmitted. */
    Uni<Job> fail(Lease lease, long version, String step, String reason) {
        return end(lease, version, step, Transition.to(JobState.FAILED, SUBMIT_OUTCOME_UNKNOWN, reason));
    }

    /** The caller canceled the job while its create call's outcome was unknown. */
    Uni<Job> cancel(Lease lease, long version, String step, String reason) {
        return end(lease, version, step, Transition.to(JobState.CANCELED, CANCELED_BY_CALLER, reason));
    }

    /** Not resolvable yet: looked at again at {@code dueAt}, the create call's error kept for the final reason. */
    Uni<Void> later(Lease lease, Instant dueAt, String lastError) {
        return inLedger(() -> ledger.updateUnderLease(
                lease, WorkUpdate.dueAt(dueAt).polledOnce().error(lastError), null));
    }

    /** Ends the item with the job; hands the slot back. */
    Uni<Void> done(Lease lease, String lastError) {
        return inLedger(() -> ledger.updateUnderLease(
                lease, WorkUpdate.to(WorkPhase.DONE, clock.instant()).error(lastError), null));
    }

    private Uni<Job> end(Lease lease, long version, String step, Transition transition) {
        return inLedger(() -> ledger.transitionUnderLease(
                        lease, version, transition, WorkUpdate.to(WorkPhase.DONE, clock.instant()), null))
                .call(job -> release(job.id, step));
    }

    /**
     * Gives the slot back after the transition committed. Should that fail, the slot stays taken: a job sent back
     * to QUEUED takes the same slot again (taking a held slot is idempotent); an ended job's slot is logged.
     */
    private Uni<Void> release(String jobId, String step) {
        return budgets.release(jobId, step)
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .atMost(3)
                .onFailure()
                .recoverWithUni(failure -> {
                    LOG.warnf(
                            "The account slot of job %s step %s was not given back: %s",
                            jobId, step, failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private static <T> Uni<T> inLedger(java.util.function.Supplier<Uni<T>> work) {
        return Ledgers.onFreshContext(work);
    }
}
