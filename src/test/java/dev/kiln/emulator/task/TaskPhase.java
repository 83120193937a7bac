package dev.kiln.emulator.task;

/** Where an emulated task is. APIs map these onto their vendor's words. */
public enum TaskPhase {
    /** Accepted, not yet queued. */
    CREATED,
    /** Waiting for its queue time, or for a free slot under the account's concurrency limit. */
    QUEUED,
    /** Generating; {@link EmulatedTask#progress} grows from 0 to 1. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }
}
