package dev.kiln.emulator.meshy.task;

import dev.kiln.emulator.meshy.account.MeshyAccount;

/**
 * One emulated task. Its mutable state changes only inside {@link TaskEngine}, under the engine's lock; everyone
 * else reads a {@link TaskSnapshot}.
 */
public final class MeshyTask {

    private final String id;
    private final long sequence;
    private final MeshyAccount account;
    private final String apiKey;
    private final TaskSpec spec;
    private final TaskPlan plan;
    private final long createdAt;

    TaskStatus status = TaskStatus.PENDING;
    long startedAt;
    long finishedAt;
    /** The progress when the task stopped moving (terminal states). */
    int finalProgress;
    /** Whether the credits were given back (failed, or canceled while PENDING). */
    boolean refunded;

    MeshyTask(
            String id,
            long sequence,
            MeshyAccount account,
            String apiKey,
            TaskSpec spec,
            TaskPlan plan,
            long createdAt) {
        this.id = id;
        this.sequence = sequence;
        this.account = account;
        this.apiKey = apiKey;
        this.spec = spec;
        this.plan = plan;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    /** Creation order; breaks ties between tasks created in the same millisecond. */
    public long sequence() {
        return sequence;
    }

    public MeshyAccount account() {
        return account;
    }

    public String apiKey() {
        return apiKey;
    }

    public TaskSpec spec() {
        return spec;
    }

    public TaskKind kind() {
        return spec.kind();
    }

    public TaskPlan plan() {
        return plan;
    }

    public long createdAt() {
        return createdAt;
    }

    long readyAt() {
        return createdAt + plan.queueMillis();
    }

    long endsAt() {
        return startedAt + plan.runLength();
    }

    int progressAt(long now) {
        return switch (status) {
            case PENDING -> 0;
            case IN_PROGRESS -> (int) Math.max(0, Math.min(99, (now - startedAt) * 100 / plan.runMillis()));
            default -> finalProgress;
        };
    }
}
