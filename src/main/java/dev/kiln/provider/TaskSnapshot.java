package dev.kiln.provider;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * What the provider said about a task at one moment (poll answer, SSE message or callback).
 *
 * @param task the task
 * @param state its state in Kiln's words
 * @param providerStatus the provider's own status word, for events and debugging
 * @param progress 0–100 when the provider reports progress, else null
 * @param queuePosition tasks ahead of this one while queued, when the provider says, else null
 * @param outputs the files on offer; empty until {@link TaskState#SUCCEEDED}
 * @param failure why the task failed; non-null only for {@link TaskState#FAILED}
 * @param cost what the provider says the task cost, when it says (usually once the task has ended), else null
 */
public record TaskSnapshot(
        TaskHandle task,
        TaskState state,
        String providerStatus,
        Integer progress,
        Integer queuePosition,
        List<OutputFile> outputs,
        ProviderError failure,
        ProviderCost cost) {

    public TaskSnapshot {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** The same snapshot with {@code progress} instead. */
    public TaskSnapshot withProgress(Integer progress) {
        return new TaskSnapshot(task, state, providerStatus, progress, queuePosition, outputs, failure, cost);
    }

    /** The same snapshot with {@code cost} instead. */
    public TaskSnapshot withCost(ProviderCost cost) {
        return new TaskSnapshot(task, state, providerStatus, progress, queuePosition, outputs, failure, cost);
    }

    /**
     * Recovers a poll that failed because the task itself failed (the provider answers an error rather than a
     * failed task object) into the {@link TaskState#FAILED} snapshot it stands for; other failures pass on.
     */
    public static Uni<TaskSnapshot> taskFailureAsSnapshot(Uni<TaskSnapshot> poll, TaskHandle task) {
        return poll.onFailure(failure ->
                        failure instanceof ProviderException provider && provider.kind() == ErrorKind.TASK_FAILED)
                .recoverWithItem(failure -> new TaskSnapshot(
                        task,
                        TaskState.FAILED,
                        "failed",
                        null,
                        null,
                        List.of(),
                        ((ProviderException) failure).error(),
                        null));
    }
}
