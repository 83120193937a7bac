package dev.kiln.work;

import java.time.Instant;

/**
 * A work item to add.
 *
 * @param jobId the job
 * @param stepIndex the step (0 for the first)
 * @param step the adapter's step name, or null when not known yet
 * @param phase its first phase
 * @param account the provider account, or null when not known yet
 * @param tenant the job's {@code labels.tenant}, or null
 * @param dueAt when it is first due
 * @param inputTaskId the task of the step before, that this step builds on; null for a first step
 */
public record NewWorkItem(
        String jobId,
        int stepIndex,
        String step,
        WorkPhase phase,
        String account,
        String tenant,
        Instant dueAt,
        String inputTaskId) {}
