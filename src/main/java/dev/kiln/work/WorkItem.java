package dev.kiln.work;

import java.time.Instant;

/**
 * A work item as a claim returned it, with the job it belongs to (read in the same statement).
 *
 * @param lease this replica's lease on it
 * @param phase the phase it was claimed in
 * @param step the adapter's step name, null until dispatch names it
 * @param account the provider account, null until dispatch names it
 * @param tenant the job's {@code labels.tenant}, or null
 * @param providerTaskId the provider's task id once known
 * @param inputTaskId the task of the step before, that this step builds on
 * @param outputsJson the step's outputs once its task succeeded
 * @param progress the progress last announced
 * @param progressAt when it was announced
 * @param seenChangeAt when the provider last reported a change
 * @param dueAt when it was due
 * @param attempts create calls made for this step
 * @param polls status reads since the last change
 * @param lastError the last error
 * @param createdAt when the item was created
 * @param reportedTaskId a task id a provider's callback named for this job, or null
 * @param claimedAt when this replica's lease was taken (by the replica's clock)
 * @param job the job as it stood at the claim
 */
public record WorkItem(
        Lease lease,
        WorkPhase phase,
        String step,
        String account,
        String tenant,
        String providerTaskId,
        String inputTaskId,
        String outputsJson,
        Integer progress,
        Instant progressAt,
        Instant seenChangeAt,
        Instant dueAt,
        int attempts,
        int polls,
        String lastError,
        Instant createdAt,
        String reportedTaskId,
        Instant claimedAt,
        ClaimedJob job) {

    public String jobId() {
        return lease.jobId();
    }

    public int stepIndex() {
        return lease.stepIndex();
    }

    /**
     * The job row as the claim read it. The version is what a transition made under the lease compares against.
     *
     * @param state the job's state name
     * @param version its version
     * @param provider its provider
     * @param requestJson the request as accepted
     * @param deadline its deadline, or null
     * @param cancelRequestedAt when a cancel was asked for, or null
     * @param cancelReason the caller's reason for it, or null
     */
    public record ClaimedJob(
            String state,
            long version,
            String provider,
            String requestJson,
            Instant deadline,
            Instant cancelRequestedAt,
            String cancelReason) {}
}
