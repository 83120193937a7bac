package dev.kiln.reconcile;

/**
 * An operator's decision on a job whose create call's outcome is unknown ({@code POST /jobs/{id}/submission}).
 *
 * @param decision {@code adopt} (the task exists: track it), {@code resubmit} (the operator vouches no task
 *     exists: submit again) or {@code fail}
 * @param providerTaskId the provider's task id, for {@code adopt} only
 */
public record SubmissionDecision(String decision, String providerTaskId) {}
