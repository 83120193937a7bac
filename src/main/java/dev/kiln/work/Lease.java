package dev.kiln.work;

/**
 * A replica's hold on one work item: who holds it, and the fencing token its claim got. A write made under the
 * lease succeeds only while the item's fence is still this one; the next claim (after the lease expired) bumps
 * it, so a paused or partitioned owner can no longer write anything.
 *
 * @param jobId the job
 * @param stepIndex the step (0 for the first)
 * @param owner the replica's owner id
 * @param fence the fencing token of the claim
 */
public record Lease(String jobId, int stepIndex, String owner, long fence) {}
