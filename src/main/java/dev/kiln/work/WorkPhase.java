package dev.kiln.work;

/** Which worker handles a work item next. Stored as the lower-case name. */
public enum WorkPhase {
    /** A new job to move from ACCEPTED to QUEUED, naming its first step and account. */
    QUEUE,
    /** Waiting for a slot of its account's budget, then the create call. */
    SUBMIT,
    /** A provider task to follow until it ends. */
    TRACK,
    /** A create call whose outcome is unknown, to resolve without a second create. */
    RECONCILE,
    /** A finished job's outputs, waiting for the storage stage. */
    STORE,
    /** Nothing more to do for this step. */
    DONE;

    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The NOTIFY channel on which an item of this phase that became due and unleased wakes its workers (V5). */
    public String channel() {
        return "kiln_work_" + column();
    }

    public static WorkPhase of(String column) {
        return valueOf(column.toUpperCase(java.util.Locale.ROOT));
    }
}
