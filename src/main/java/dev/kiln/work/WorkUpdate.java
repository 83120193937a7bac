package dev.kiln.work;

import java.time.Instant;

/**
 * What a handler writes to its work item under its lease. Null fields keep the stored value; the lease is handed
 * back unless {@link #keepLease} (a stream held open by this replica).
 *
 * @param phase the next phase, or null to keep it
 * @param dueAt when the item is next due, or null to keep it
 * @param step the adapter's step name, or null
 * @param account the provider account, or null
 * @param providerTaskId the provider's task id, or null
 * @param outputsJson the step's outputs as JSON, or null
 * @param progress the progress last announced, or null
 * @param progressAt when it was announced, or null
 * @param seenChangeAt when the provider last reported a change, or null
 * @param attemptsAdded create calls made (added to the count)
 * @param resetPolls whether the status-read count starts again (a change was seen); else it grows by one
 *     when {@code polled}
 * @param polled whether a status read was made
 * @param lastError the last error, or null to clear it
 * @param keepLease whether this replica keeps its lease
 */
public record WorkUpdate(
        WorkPhase phase,
        Instant dueAt,
        String step,
        String account,
        String providerTaskId,
        String outputsJson,
        Integer progress,
        Instant progressAt,
        Instant seenChangeAt,
        int attemptsAdded,
        boolean resetPolls,
        boolean polled,
        String lastError,
        boolean keepLease) {

    /** Moves the item to {@code phase}, due at {@code dueAt}, and hands the lease back. */
    public static WorkUpdate to(WorkPhase phase, Instant dueAt) {
        return new WorkUpdate(phase, dueAt, null, null, null, null, null, null, null, 0, false, false, null, false);
    }

    /** Keeps the phase; due again at {@code dueAt}. */
    public static WorkUpdate dueAt(Instant dueAt) {
        return to(null, dueAt);
    }

    public WorkUpdate step(String step, String account) {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                progressAt,
                seenChangeAt,
                attemptsAdded,
                resetPolls,
                polled,
                lastError,
                keepLease);
    }

    public WorkUpdate task(String providerTaskId) {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                progressAt,
                seenChangeAt,
                attemptsAdded,
                resetPolls,
                polled,
                lastError,
                keepLease);
    }

    public WorkUpdate outputs(String outputsJson) {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                progressAt,
                seenChangeAt,
                attemptsAdded,
                resetPolls,
                polled,
                lastError,
                keepLease);
    }

    public WorkUpdate progress(int progress, Instant at) {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                at,
                seenChangeAt,
                attemptsAdded,
                resetPolls,
                polled,
                lastError,
                keepLease);
    }

    public WorkUpdate changeSeen(Instant at) {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                progressAt,
                at,
                attemptsAdded,
                true,
                polled,
                lastError,
                keepLease);
    }

    public WorkUpdate attempted() {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                progressAt,
                seenChangeAt,
                attemptsAdded + 1,
                resetPolls,
                polled,
                lastError,
                keepLease);
    }

    public WorkUpdate polledOnce() {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                progressAt,
                seenChangeAt,
                attemptsAdded,
                resetPolls,
                true,
                lastError,
                keepLease);
    }

    public WorkUpdate error(String lastError) {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                progressAt,
                seenChangeAt,
                attemptsAdded,
                resetPolls,
                polled,
                lastError,
                keepLease);
    }

    public WorkUpdate holdingLease() {
        return new WorkUpdate(
                phase,
                dueAt,
                step,
                account,
                providerTaskId,
                outputsJson,
                progress,
                progressAt,
                seenChangeAt,
                attemptsAdded,
                resetPolls,
                polled,
                lastError,
                true);
    }
}
