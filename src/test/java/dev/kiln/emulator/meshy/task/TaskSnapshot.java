package dev.kiln.emulator.meshy.task;

import dev.kiln.emulator.task.EmulatedTask;

/**
 * A Meshy task as it stands at one instant, in the vendor's terms; all times are epoch milliseconds, 0 when not
 * reached yet.
 *
 * @param apiKey the key that created the task (figure builds and lists are per key)
 * @param expiresAt when the results stop being served (0 until the task ends)
 * @param precedingTasks how many of the account's PENDING tasks are ahead of this one (0 unless PENDING)
 * @param consumedCredits what the task cost; 0 when refunded
 * @param failure the error of a FAILED task, else null
 * @param now the instant of the snapshot
 */
public record TaskSnapshot(
        EmulatedTask task,
        TaskSpec spec,
        String apiKey,
        TaskStatus status,
        int progress,
        long createdAt,
        long startedAt,
        long finishedAt,
        long expiresAt,
        int precedingTasks,
        int consumedCredits,
        TaskFailure failure,
        long now) {

    public String id() {
        return task.id();
    }

    public String accountId() {
        return task.account();
    }

    public TaskKind kind() {
        return spec.kind();
    }
}
