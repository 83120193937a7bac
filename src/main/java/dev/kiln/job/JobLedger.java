package dev.kiln.job;

import dev.kiln.work.FencedWrites;
import dev.kiln.work.Lease;
import dev.kiln.work.LeaseLostException;
import dev.kiln.work.NewWorkItem;
import dev.kiln.work.WorkPhase;
import dev.kiln.work.WorkUpdate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The only writer of job state. Every change is a compare-and-set on the job's version that, in the same
 * transaction, records the transition in the job's history and writes the outgoing event to the outbox.
 * Methods join the caller's transaction when there is one.
 */
@ApplicationScoped
public class JobLedger {

    private final OutboxWriter outbox;
    private final Clock clock;

    public JobLedger(OutboxWriter outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Creates a job in its initial state (version 1) with its first history entry and event. */
    @WithTransaction
    public Uni<Job> create(NewJob newJob) {
        Instant now = clock.instant();
        Job job = new Job();
        job.id = newJob.id();
        job.provider = newJob.provider();
        job.state = newJob.state();
        job.version = 1;
        job.request = newJob.requestJson();
        job.requestFingerprint = newJob.fingerprint();
        job.labels = newJob.labelsJson();
        job.deadline = newJob.deadline();
        job.outcomeCode = newJob.rejectionCode();
        job.outcomeMessage = newJob.rejectionMessage();
        job.createdAt = now;
        job.updatedAt = now;
        Transition transition =
                new Transition(newJob.state(), null, newJob.rejectionCode(), newJob.rejectionMessage(), null);
        return Panache.getSession()
                .chain(session -> session.persist(job)
                        .chain(session::flush)
                        .chain(() -> job.state == JobState.ACCEPTED
                                ? FencedWrites.insert(session, firstStep(job, newJob, now), now)
                                : Uni.createFrom().voidItem()))
                .chain(() -> record(job, null, transition, now))
                .replaceWith(job);
    }

    /** An accepted job's first work item: dispatch takes it from here. */
    private static NewWorkItem firstStep(Job job, NewJob newJob, Instant now) {
        return new NewWorkItem(job.id, 0, null, WorkPhase.QUEUE, null, newJob.tenant(), now, null);
    }

    /**
     * Moves a job to {@code transition.to()} if it is still at {@code expectedVersion} and the state machine
     * allows it; fails with {@link TransitionRefusedException} otherwise. Of several writers racing from the
     * same version, exactly one wins and only the winner emits an event.
     *
     * @return the job in its new state and version
     */
    @WithTransaction
    public Uni<Job> transition(String jobId, long expectedVersion, Transition transition) {
        return apply(jobId, expectedVersion, transition, clock.instant());
    }

    /**
     * A transition made by the holder of a work item's lease: in one transaction, the work item is updated if its
     * fence is still the lease's, the job moves as {@link #transition} does, and {@code next} (if any) is added.
     * A lease taken over by another replica fails with {@link LeaseLostException} and writes
     * nothing.
     */
    @WithTransaction
    public Uni<Job> transitionUnderLease(
            Lease lease, long expectedVersion, Transition transition, WorkUpdate work, NewWorkItem next) {
        Instant now = clock.instant();
        return fenced(lease, work, now)
                .chain(() -> apply(lease.jobId(), expectedVersion, transition, now))
                .call(job -> next == null
                        ? Uni.createFrom().voidItem()
                        : Panache.getSession().chain(session -> FencedWrites.insert(session, next, now)));
    }

    /**
     * Updates a work item under its lease without moving the job (a poll that saw no change, a progress
     * announcement recorded, a retry scheduled). Fails with {@link LeaseLostException} if the lease was taken over.
     */
    @WithTransaction
    public Uni<Void> updateUnderLease(Lease lease, WorkUpdate work, NewWorkItem next) {
        Instant now = clock.instant();
        return fenced(lease, work, now)
                .call(() -> next == null
                        ? Uni.createFrom().voidItem()
                        : Panache.getSession().chain(session -> FencedWrites.insert(session, next, now)));
    }

    private Uni<Void> fenced(Lease lease, WorkUpdate work, Instant now) {
        return Panache.getSession()
                .chain(session -> FencedWrites.update(session, lease, work, now))
                .chain(held ->
                        held ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new LeaseLostException(lease)));
    }

    private Uni<Job> apply(String jobId, long expectedVersion, Transition transition, Instant now) {
        return Job.<Job>findById(jobId).chain(job -> {
            if (job == null) {
                return refuse(TransitionRefusedException.Reason.UNKNOWN_JOB, jobId, "No job " + jobId);
            }
            if (job.version != expectedVersion) {
                return refuse(
                        TransitionRefusedException.Reason.STALE_VERSION,
                        jobId,
                        "Job " + jobId + " is at version " + job.version + ", not " + expectedVersion);
            }
            JobState from = job.state;
            if (!from.canMoveTo(transition.to())) {
                return refuse(
                        TransitionRefusedException.Reason.NOT_ALLOWED,
                        jobId,
                        "Job " + jobId + " cannot move from " + from + " to " + transition.to() + "; allowed: "
                                + from.next());
            }
            String step = transition.step() != null ? transition.step() : job.step;
            boolean outcome = transition.to().isTerminal() && transition.reasonCode() != null;
            // The compare-and-set itself: the version check in SQL decides between concurrent writers. Values
            // read above are still current whenever the update matches.
            return Panache.getSession()
                    .chain(session -> session.createMutationQuery("update Job set state = :to, version = version + 1,"
                                    + " step = :step, updatedAt = :now,"
                                    + " outcomeCode = :code, outcomeMessage = :message"
                                    + " where id = :id and version = :expected")
                            .setParameter("to", transition.to())
                            .setParameter("step", step)
                            .setParameter("now", now)
                            .setParameter("code", outcome ? transition.reasonCode() : job.outcomeCode)
                            .setParameter("message", outcome ? transition.reason() : job.outcomeMessage)
                            .setParameter("id", jobId)
                            .setParameter("expected", expectedVersion)
                            .executeUpdate())
                    .chain(updated -> {
                        if (updated != 1) {
                            return refuse(
                                    TransitionRefusedException.Reason.STALE_VERSION,
                                    jobId,
                                    "Job " + jobId + " moved past version " + expectedVersion + " concurrently");
                        }
                        // The row now holds exactly what the update set: mirror it on the entity, detached so that
                        // no second update is flushed (a refresh would read it back, with a warning per call).
                        return Panache.getSession().map(session -> {
                            session.detach(job);
                            job.state = transition.to();
                            job.version = expectedVersion + 1;
                            job.step = step;
                            job.updatedAt = now;
                            if (outcome) {
                                job.outcomeCode = transition.reasonCode();
                                job.outcomeMessage = transition.reason();
                            }
                            return job;
                        });
                    })
                    .chain(updatedJob ->
                            record(updatedJob, from, transition, now).replaceWith(updatedJob));
        });
    }

    /** Marks that the caller asked for a cancel the job could not take at once (it is at a provider). */
    @WithTransaction
    public Uni<Boolean> markCancelRequested(String jobId, String reason) {
        return Panache.getSession()
                .chain(session -> session.createMutationQuery("update Job set cancelRequestedAt = :now, cancelReason ="
                                + " :reason where id = :id and cancelRequestedAt is null")
                        .setParameter("now", clock.instant())
                        .setParameter("reason", reason)
                        .setParameter("id", jobId)
                        .executeUpdate())
                .map(updated -> updated == 1);
    }

    private Uni<Void> record(Job job, JobState from, Transition transition, Instant now) {
        UUID eventId = UUID.randomUUID();
        JobTransition history = new JobTransition();
        history.key = new JobTransition.Key(job.id, job.version);
        history.fromState = from;
        history.toState = job.state;
        history.step = job.step;
        history.reasonCode = transition.reasonCode();
        history.reason = transition.reason();
        history.eventId = eventId;
        history.occurredAt = now;
        // The history keeps the event too: the outbox row is deleted after its retention.
        return outbox.append(job, from, transition, eventId, now)
                .invoke(row -> history.event = row.payload)
                .chain(row -> Panache.getSession().chain(session -> session.persist(history)))
                .replaceWithVoid();
    }

    private static <T> Uni<T> refuse(TransitionRefusedException.Reason reason, String jobId, String message) {
        return Uni.createFrom().failure(new TransitionRefusedException(reason, jobId, message));
    }
}
