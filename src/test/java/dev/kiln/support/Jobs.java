package dev.kiln.support;

import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.NewJob;
import dev.kiln.job.Transition;

/** Creates and moves jobs straight through the ledger, as later pipeline stages will. */
public final class Jobs {

    private Jobs() {}

    public static Job accept(JobLedger ledger, String jobId) {
        NewJob job = new NewJob(
                jobId,
                JobState.ACCEPTED,
                "hitem3d",
                Requests.validInline(jobId, "hitem3d"),
                "fingerprint-" + jobId,
                "{\"suite\":\"ledger\"}",
                null,
                null,
                null);
        return OnVertx.await(() -> ledger.create(job));
    }

    public static Job move(JobLedger ledger, Job job, JobState to) {
        return OnVertx.await(() -> ledger.transition(job.id, job.version, Transition.to(to)));
    }
}
