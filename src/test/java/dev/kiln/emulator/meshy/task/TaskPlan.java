package dev.kiln.emulator.meshy.task;

/**
 * How the emulator will run a task: decided at creation from the account's timings and the active scenarios.
 *
 * @param queueMillis the least time the task stays PENDING, even with a free slot
 * @param runMillis how long IN_PROGRESS lasts until SUCCEEDED
 * @param failure when not null, the task ends FAILED with this error once its progress reaches {@code failAtProgress}
 * @param failAtProgress 0–99, the progress at which a planned failure happens
 * @param urlTtlMillis when positive, asset URLs expire this long after they are handed out (earlier than
 *     {@code expires_at}); 0 means they expire with the task's results
 */
public record TaskPlan(long queueMillis, long runMillis, TaskFailure failure, int failAtProgress, long urlTtlMillis) {

    public TaskPlan {
        if (runMillis <= 0) {
            throw new IllegalArgumentException("runMillis must be positive");
        }
        failAtProgress = Math.max(0, Math.min(99, failAtProgress));
    }

    /** When, after the start, the task ends (succeeds or fails). */
    long runLength() {
        return failure == null ? runMillis : runMillis * failAtProgress / 100;
    }
}
