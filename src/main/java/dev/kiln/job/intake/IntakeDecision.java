package dev.kiln.job.intake;

import dev.kiln.job.NewJob;

/** What intake does with one record of the requests topic. */
sealed interface IntakeDecision {

    /** Create the job (accepted or rejected) unless a job with that id exists already. */
    record Create(NewJob job) implements IntakeDecision {}

    /** Cancel the job, at once if it has not reached a provider. */
    record Cancel(String jobId, String reason) implements IntakeDecision {}

    /** The record cannot become or affect a job: it goes to the dead-letter topic with this reason. */
    record DeadLetter(String code, String message) implements IntakeDecision {}
}
