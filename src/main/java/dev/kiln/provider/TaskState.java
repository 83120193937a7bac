package dev.kiln.provider;

/**
 * A provider task's state in Kiln's words. The tracker maps it onto the job: {@link #QUEUED} keeps the job
 * {@code SUBMITTED}, {@link #RUNNING} makes it {@code RUNNING}, {@link #SUCCEEDED} makes the step (and, on
 * the last step, the job) {@code GENERATED}, {@link #FAILED} and {@link #CANCELED} end it.
 */
public enum TaskState {
    /** Accepted by the provider, waiting in its queue. */
    QUEUED,
    /** Being generated. */
    RUNNING,
    /** Finished; its output files can be fetched. */
    SUCCEEDED,
    /** Ended without a result; the snapshot's failure says why and whether a new task could help. */
    FAILED,
    /** Canceled (by us or at the provider). */
    CANCELED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }
}
