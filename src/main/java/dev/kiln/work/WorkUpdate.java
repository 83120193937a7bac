package dev.kiln.work;

import java.time.Instant;
import java.util.function.Consumer;

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
        return with(d -> {
            d.step = step;
            d.account = account;
        });
    }

    public WorkUpdate task(String providerTaskId) {
        return with(d -> d.providerTaskId = providerTaskId);
    }

    public WorkUpdate outputs(String outputsJson) {
        return with(d -> d.outputsJson = outputsJson);
    }

    public WorkUpdate progress(int progress, Instant at) {
        return with(d -> {
            d.progress = progress;
            d.progressAt = at;
        });
    }

    public WorkUpdate changeSeen(Instant at) {
        return with(d -> {
            d.seenChangeAt = at;
            d.resetPolls = true;
        });
    }

    public WorkUpdate attempted() {
        return with(d -> d.attemptsAdded++);
    }

    public WorkUpdate polledOnce() {
        return with(d -> d.polled = true);
    }

    public WorkUpdate error(String lastError) {
        return with(d -> d.lastError = lastError);
    }

    public WorkUpdate holdingLease() {
        return with(d -> d.keepLease = true);
    }

    /** A copy with one change: the withers above each name only what they change. */
    private WorkUpdate with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    private static final class Draft {
        WorkPhase phase;
        Instant dueAt;
        String step;
        String account;
        String providerTaskId;
        String outputsJson;
        Integer progress;
        Instant progressAt;
        Instant seenChangeAt;
        int attemptsAdded;
        boolean resetPolls;
        boolean polled;
        String lastError;
        boolean keepLease;

        Draft(WorkUpdate from) {
            phase = from.phase;
            dueAt = from.dueAt;
            step = from.step;
            account = from.account;
            providerTaskId = from.providerTaskId;
            outputsJson = from.outputsJson;
            progress = from.progress;
            progressAt = from.progressAt;
            seenChangeAt = from.seenChangeAt;
            attemptsAdded = from.attemptsAdded;
            resetPolls = from.resetPolls;
            polled = from.polled;
            lastError = from.lastError;
            keepLease = from.keepLease;
        }

        WorkUpdate build() {
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
    }
}
