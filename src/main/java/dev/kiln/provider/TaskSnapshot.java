package dev.kiln.provider;

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
 */
public record TaskSnapshot(
        TaskHandle task,
        TaskState state,
        String providerStatus,
        Integer progress,
        Integer queuePosition,
        List<OutputFile> outputs,
        ProviderError failure) {

    public TaskSnapshot {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
