package dev.kiln.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Every state a job can be in, and — in {@link #ALLOWED} — every transition between them. This is the one
 * place the state machine is defined; the ledger refuses anything else.
 *
 * <pre>
 * ACCEPTED → QUEUED → SUBMITTING → SUBMITTED → RUNNING → GENERATED → STORING → COMPLETED
 *                         ↘ SUBMIT_UNKNOWN (a create call's outcome is unknown; reconciled, never resubmitted blindly)
 * terminal: COMPLETED, FAILED, CANCELED, REJECTED
 * </pre>
 */
public enum JobState {
    ACCEPTED,
    QUEUED,
    SUBMITTING,
    SUBMIT_UNKNOWN,
    SUBMITTED,
    RUNNING,
    GENERATED,
    STORING,
    COMPLETED,
    FAILED,
    CANCELED,
    REJECTED;

    /** States a job may be created in: a valid request is accepted, an invalid one rejected. */
    public static final Set<JobState> INITIAL = EnumSet.of(ACCEPTED, REJECTED);

    /** States from which a cancel takes effect at once: the job has not reached a provider. */
    public static final Set<JobState> CANCELABLE_AT_ONCE = EnumSet.of(ACCEPTED, QUEUED);

    private static final Map<JobState, Set<JobState>> ALLOWED = Map.ofEntries(
            Map.entry(ACCEPTED, EnumSet.of(QUEUED, CANCELED, FAILED)),
            Map.entry(QUEUED, EnumSet.of(SUBMITTING, CANCELED, FAILED)),
            // Back to QUEUED when the provider refused for capacity before creating anything.
            Map.entry(SUBMITTING, EnumSet.of(SUBMITTED, SUBMIT_UNKNOWN, QUEUED, FAILED, CANCELED)),
            // Reconciliation finds the task (SUBMITTED), proves it was never created (QUEUED), or gives up.
            Map.entry(SUBMIT_UNKNOWN, EnumSet.of(SUBMITTED, QUEUED, FAILED, CANCELED)),
            Map.entry(SUBMITTED, EnumSet.of(RUNNING, GENERATED, FAILED, CANCELED)),
            // SUBMITTING again: the next step of a multi-step job (figure build, Hitem3D texture). RUNNING again: a
            // progress announcement (event type job.progress), sequenced like every other event.
            Map.entry(RUNNING, EnumSet.of(RUNNING, GENERATED, SUBMITTING, FAILED, CANCELED)),
            Map.entry(GENERATED, EnumSet.of(STORING, SUBMITTING, FAILED, CANCELED)),
            Map.entry(STORING, EnumSet.of(COMPLETED, FAILED, CANCELED)),
            Map.entry(COMPLETED, EnumSet.noneOf(JobState.class)),
            Map.entry(FAILED, EnumSet.noneOf(JobState.class)),
            Map.entry(CANCELED, EnumSet.noneOf(JobState.class)),
            Map.entry(REJECTED, EnumSet.noneOf(JobState.class)));

    public boolean canMoveTo(JobState next) {
        return ALLOWED.get(this).contains(next);
    }

    public Set<JobState> next() {
        return ALLOWED.get(this);
    }

    /** The CloudEvents {@code type} of a move from {@code previous} to this state: a stay is a progress report. */
    public String eventTypeFrom(JobState previous) {
        return previous == this ? "job.progress" : eventType();
    }

    public boolean isTerminal() {
        return ALLOWED.get(this).isEmpty();
    }

    /** The CloudEvents {@code type} announcing that a job entered this state, e.g. {@code job.submit-unknown}. */
    public String eventType() {
        return "job." + name().toLowerCase().replace('_', '-');
    }
}
