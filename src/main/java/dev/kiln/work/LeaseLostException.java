package dev.kiln.work;

/**
 * A write under a lease that was taken over by another replica (its fence is stale). The writer must stop: it
 * wrote nothing, and the item's new owner carries on.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(Lease lease) {
        super("The lease on job " + lease.jobId() + " step " + lease.stepIndex() + " was taken over (fence "
                + lease.fence() + " is stale)");
    }
}
