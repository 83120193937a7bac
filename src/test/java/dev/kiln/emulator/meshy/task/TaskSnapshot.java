package dev.kiln.emulator.meshy.task;

/**
 * A task as it stands at one instant, safe to render outside the engine's lock.
 *
 * @param expiresAt when the results stop being served (epoch ms; 0 until the task ends)
 * @param precedingTasks how many of the account's PENDING tasks are ahead of this one (0 unless PENDING)
 * @param consumedCredits what the task cost; 0 when refunded
 * @param failure the error of a FAILED task, else null
 * @param now the instant of the snapshot (epoch ms), for signing URLs
 */
public record TaskSnapshot(
        MeshyTask task,
        TaskStatus status,
        int progress,
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

    public TaskSpec spec() {
        return task.spec();
    }

    /** Until when the asset URLs handed out in this snapshot stay valid (epoch ms). */
    public long urlsExpireAt() {
        long ttl = task.plan().urlTtlMillis();
        return ttl > 0 ? Math.min(expiresAt, now + ttl) : expiresAt;
    }
}
