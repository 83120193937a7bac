package dev.kiln.job;

/** A transition the ledger refused: not allowed by the state machine, or raced by another writer. */
public class TransitionRefusedException extends RuntimeException {

    /** Why the transition was refused. */
    public enum Reason {
        /** The state machine has no edge from the job's state to the requested one. */
        NOT_ALLOWED,
        /** The job moved on since the caller read it: its version is no longer the one expected. */
        STALE_VERSION,
        /** No job has that id. */
        UNKNOWN_JOB
    }

    private final Reason reason;
    private final String jobId;

    public TransitionRefusedException(Reason reason, String jobId, String message) {
        super(message);
        this.reason = reason;
        this.jobId = jobId;
    }

    public Reason reason() {
        return reason;
    }

    public String jobId() {
        return jobId;
    }
}
