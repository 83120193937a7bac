package dev.kiln.job;

import dev.kiln.work.WorkItems;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The one way a caller's cancel is applied, whether it came on the requests topic or over REST. A job that has not
 * reached a provider is canceled at once; one at a provider is marked, and its work items are nudged so that the
 * replica tracking it sees the mark within milliseconds and cancels the task there.
 *
 * <p>Two halves, because a nudge must not be seen before the mark is committed (a tracker woken early would read
 * the job unmarked and go back to sleep): {@link #decide} runs in the caller's transaction, {@link #afterCommit}
 * after it. {@link #cancel} does both for a caller without a transaction of its own.
 */
@ApplicationScoped
public class JobCancels {

    /** The outcome code of a job canceled by its caller. */
    public static final String CANCELED_BY_CALLER = "CANCELED_BY_CALLER";

    /** The reason recorded when the caller gave none. */
    public static final String DEFAULT_REASON = "Canceled by the caller";

    /** Writers racing the cancel (dispatch, tracking) move a job a few times at most; more means a fault. */
    private static final int MAX_RACES = 8;

    private static final Logger LOG = Logger.getLogger(JobCancels.class);

    private final JobLedger ledger;
    private final WorkItems workItems;

    public JobCancels(JobLedger ledger, WorkItems workItems) {
        this.ledger = ledger;
        this.workItems = workItems;
    }

    /** What a cancel did. */
    public sealed interface Outcome {

        /** No job has that id. */
        record UnknownJob(String jobId) implements Outcome {}

        /** The job had already ended; nothing changed. */
        record AlreadyEnded(Job job) implements Outcome {}

        /** The job had not reached a provider and is now {@code CANCELED}. */
        record Canceled(Job job) implements Outcome {}

        /**
         * The job is at a provider: the cancel is recorded (by this call, or by an earlier one whose reason is kept)
         * and the tracker will cancel the task there, then end the job.
         *
         * @param first whether this call recorded it
         */
        record Requested(Job job, boolean first) implements Outcome {}
    }

    /** Decides and applies a cancel in a transaction of its own, then nudges the tracker. */
    public Uni<Outcome> cancel(String jobId, String reason) {
        return Panache.withTransaction(() -> decide(jobId, reason)).call(this::afterCommit);
    }

    /**
     * Applies a cancel in the caller's transaction (there must be one). A job moved by another writer meanwhile is
     * read again and the cancel decided anew, so a race with dispatch or tracking is never an error.
     */
    public Uni<Outcome> decide(String jobId, String reason) {
        return attempt(jobId, reason == null ? DEFAULT_REASON : reason, 0);
    }

    /** After the transaction of {@link #decide} committed: wakes the tracker of a job at a provider. */
    public Uni<Void> afterCommit(Outcome outcome) {
        if (!(outcome instanceof Outcome.Requested requested)) {
            return Uni.createFrom().voidItem();
        }
        String jobId = requested.job().id;
        // Also on a repeated cancel: it mends a nudge lost to a crash right after the first one's commit.
        return workItems.nudge(jobId, null).replaceWithVoid().onFailure().recoverWithUni(failure -> {
            // The mark is committed; the tracker sees it at its next look even without the nudge.
            LOG.warnf("Cancel of job %s is recorded but its work could not be nudged: %s", jobId, failure);
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Outcome> attempt(String jobId, String reason, int races) {
        return current(jobId, races > 0)
                .<Outcome>chain(job -> {
                    if (job == null) {
                        return Uni.createFrom().item(new Outcome.UnknownJob(jobId));
                    }
                    if (job.state.isTerminal()) {
                        return Uni.createFrom().item(new Outcome.AlreadyEnded(job));
                    }
                    if (JobState.CANCELABLE_AT_ONCE.contains(job.state)) {
                        return ledger.transition(
                                        job.id,
                                        job.version,
                                        Transition.to(JobState.CANCELED, CANCELED_BY_CALLER, reason))
                                .map(Outcome.Canceled::new);
                    }
                    return ledger.markCancelRequested(job.id, reason)
                            .call(first -> Panache.getSession().chain(session -> session.refresh(job)))
                            .map(first -> new Outcome.Requested(job, first));
                })
                .onFailure(failure -> races < MAX_RACES
                        && failure instanceof TransitionRefusedException refused
                        && refused.reason() == TransitionRefusedException.Reason.STALE_VERSION)
                .recoverWithUni(() -> attempt(jobId, reason, races + 1));
    }

    /** The job as committed now: after a lost race the session's copy is stale, so it is read again. */
    private static Uni<Job> current(String jobId, boolean again) {
        return Panache.getSession().chain(session -> session.find(Job.class, jobId)
                .call(job -> again && job != null
                        ? session.refresh(job)
                        : Uni.createFrom().voidItem()));
    }
}
