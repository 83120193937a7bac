package dev.kiln.emulator.meshy.task;

/** Meshy's task states, as the API spells them. */
public enum TaskStatus {
    PENDING,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    CANCELED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }
}
