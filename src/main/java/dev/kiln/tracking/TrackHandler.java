package dev.kiln.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.dispatch.ClaimedRequests;
import dev.kiln.dispatch.FailureCodes;
import dev.kiln.dispatch.StepEnds;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Transition;
import dev.kiln.job.intake.RejectionCodes;
import dev.kiln.provider.CancelResult;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.work.PhaseHandler;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkPhase;
import dev.kiln.work.WorkUpdate;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows a provider task until it ends: over SSE where the provider offers it (held only by the lease owner, for
 * one {@link TrackConfig#streamSession()} at a time, falling back to a poll when a stream fails), else by polls
 * on the {@link PollSchedule}. It also stops tasks: a job with a cancel asked for, or past its deadline, is
 * canceled at the provider where the provider allows it. A task that could not be stopped goes on holding its
 * account's slot, so the item keeps watching it (the job already ended) until the provider says it has ended.
 */
@ApplicationScoped
public class TrackHandler implements PhaseHandler {

    private static final String STREAM_FAILED = "stream: ";

    private final JobLedger ledger;
    private final StepEnds ends;
    private final ClaimedRequests requests;
    private final TaskReports reports;
    private final TrackConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public TrackHandler(
            JobLedger ledger,
            StepEnds ends,
            ClaimedRequests requests,
            TaskReports reports,
            TrackConfig config,
            ObjectMapper json,
            Clock clock) {
        this.ledger = ledger;
        this.ends = ends;
        this.requests = requests;
        this.reports = reports;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public WorkPhase phase() {
        return WorkPhase.TRACK;
    }

    @Override
    public Uni<Void> handle(WorkItem item) {
        JobState state = StepEnds.stateOf(item);
        Optional<ProviderAdapter> found = requests.adapter(item);
        if (found.isEmpty() || item.providerTaskId() == null) {
            return state.isTerminal() ? ends.retire(item) : ends.providerMissing(item);
        }
        ProviderAdapter adapter = found.get();
        TaskHandle task = new TaskHandle(adapter.provider(), item.step(), item.providerTaskId());
        Instant now = clock.instant();
        if (state.isTerminal()) {
            return watchUntilEnded(item, adapter, task);
        }
        if (item.job().cancelRequestedAt() != null) {
            String reason = item.job().cancelReason() == null
                    ? "Canceled by the caller"
                    : item.job().cancelReason();
            return stop(item, adapter, task, JobState.CANCELED, RejectionCodes.CANCELED_BY_CALLER, reason);
        }
        if (StepEnds.pastDeadline(item, now)) {
            return stop(
                    item,
                    adapter,
                    task,
                    JobState.FAILED,
                    FailureCodes.DEADLINE_EXCEEDED,
                    "The job's deadline " + item.job().deadline() + " passed while the provider was generating it");
        }
        Instant lastChange = item.seenChangeAt() != null ? item.seenChangeAt() : item.createdAt();
        if (Duration.between(lastChange, now).compareTo(config.silenceTimeout()) > 0) {
            return stop(
                    item,
                    adapter,
                    task,
                    JobState.FAILED,
                    FailureCodes.TRACKING_TIMEOUT,
                    "The provider reported no change of task " + task.taskId() + " for longer than "
                            + config.silenceTimeout());
        }
        boolean streamFailedLastTime =
                item.lastError() != null && item.lastError().startsWith(STREAM_FAILED);
        if (config.stream() && adapter.capabilities().streaming() && !streamFailedLastTime) {
            return follow(item, adapter, task);
        }
        return poll(item, adapter, task);
    }

    private Uni<Void> poll(WorkItem item, ProviderAdapter adapter, TaskHandle task) {
        Cursor cursor = Cursor.at(item);
        return TaskSnapshot.taskFailureAsSnapshot(adapter.status(task), task)
                .onItem()
                .transformToUni(
                        report -> reports.apply(cursor, report, adapter, false).replaceWithVoid())
                .onFailure(ProviderException.class)
                .recoverWithUni(failure -> pollFailed(cursor, (ProviderException) failure));
    }

    private Uni<Void> pollFailed(Cursor cursor, ProviderException failure) {
        WorkItem item = cursor.item();
        if (failure.kind() == ErrorKind.NOT_FOUND) {
            return ends.end(
                            item,
                            cursor.version(),
                            JobState.FAILED,
                            FailureCodes.PROVIDER_TASK_LOST,
                            "The provider no longer knows task " + item.providerTaskId() + ": "
                                    + failure.error().message(),
                            null)
                    .replaceWithVoid();
        }
        Duration wait = reports.schedule()
                .next(TaskState.RUNNING, item.polls() + 1, failure.error().retryAfter());
        return ledger.updateUnderLease(
                item.lease(),
                WorkUpdate.dueAt(clock.instant().plus(wait))
                        .polledOnce()
                        .error(failure.kind() + ": " + failure.error().message()),
                null);
    }

    /**
     * Follows the task's stream for one session, applying each message in order from the cursor the one before
     * left, on this item's own Vert.x context (the ledger's reactive session lives there).
     */
    private Uni<Void> follow(WorkItem item, ProviderAdapter adapter, TaskHandle task) {
        Context context = Vertx.currentContext();
        Executor onContext = command -> context.runOnContext(ignored -> command.run());
        AtomicReference<Cursor> cursor = new AtomicReference<>(Cursor.at(item));
        return adapter.follow(task)
                .select()
                .first(config.streamSession())
                .emitOn(onContext)
                .onItem()
                .transformToUniAndConcatenate(report ->
                        reports.apply(cursor.get(), report, adapter, true).invoke(cursor::set))
                .collect()
                .last()
                .emitOn(onContext)
                .chain(last -> cursor.get().finished()
                        ? Uni.createFrom().voidItem()
                        // The session is over: let go, due now, so whoever claims next (maybe this replica) sees
                        // a cancel or deadline first and then follows again.
                        : ledger.updateUnderLease(item.lease(), WorkUpdate.dueAt(clock.instant()), null))
                .onFailure(failure -> !(failure instanceof dev.kiln.work.LeaseLostException)
                        && !(failure instanceof dev.kiln.job.TransitionRefusedException))
                .recoverWithUni(failure -> cursor.get().finished()
                        ? Uni.createFrom().voidItem()
                        // Read the task by a poll next, then try the stream again.
                        : ledger.updateUnderLease(
                                        item.lease(),
                                        WorkUpdate.dueAt(clock.instant().plus(config.pollMin()))
                                                .error(STREAM_FAILED + failure.getMessage()),
                                        null)
                                .emitOn(onContext));
    }

    /** Cancels the task at the provider where it can be, and ends the job as {@code to}. */
    private Uni<Void> stop(
            WorkItem item, ProviderAdapter adapter, TaskHandle task, JobState to, String code, String reason) {
        return adapter.cancel(task)
                .onFailure()
                .recoverWithItem(failure -> CancelResult.notStoppable("The cancel call to the provider failed ("
                        + (failure instanceof ProviderException p
                                ? p.error().message()
                                : failure.getClass().getSimpleName())
                        + "); the provider task may run to its end"))
                .chain(result -> {
                    ObjectNode cancel = json.createObjectNode()
                            .put("providerTaskId", task.taskId())
                            .put("stopped", result.stopped());
                    if (result.note() != null) {
                        cancel.put("note", result.note());
                    }
                    if (result.ended() != null) {
                        cancel.put("endedAs", result.ended().state().name());
                    }
                    ObjectNode details = json.createObjectNode();
                    details.set("providerTask", cancel);
                    String said = result.stopped()
                            ? reason + "; the provider task was stopped"
                            : reason + "; " + result.note();
                    if (result.stopped() || result.ended() != null) {
                        return ends.end(item, item.job().version(), to, code, said, details)
                                .replaceWithVoid();
                    }
                    // Not stopped: the job ends now, the item keeps watching the task to give its slot back.
                    return ledger.transitionUnderLease(
                                    item.lease(),
                                    item.job().version(),
                                    new Transition(to, null, code, said, details),
                                    WorkUpdate.dueAt(clock.instant().plus(config.pollMax()))
                                            .error("watching a task that could not be stopped"),
                                    null)
                            .replaceWithVoid();
                });
    }

    /** The job ended but its task could not be stopped: read it now and then until it ends, then free the slot. */
    private Uni<Void> watchUntilEnded(WorkItem item, ProviderAdapter adapter, TaskHandle task) {
        Instant since = item.seenChangeAt() != null ? item.seenChangeAt() : item.createdAt();
        if (Duration.between(since, clock.instant()).compareTo(config.silenceTimeout()) > 0) {
            return ends.retire(item);
        }
        return TaskSnapshot.taskFailureAsSnapshot(adapter.status(task), task)
                .chain(report -> report.state().isTerminal()
                        ? ends.retire(item)
                        : ledger.updateUnderLease(
                                item.lease(),
                                WorkUpdate.dueAt(clock.instant().plus(config.pollMax()))
                                        .polledOnce(),
                                null))
                .onFailure(ProviderException.class)
                .recoverWithUni(failure -> ((ProviderException) failure).kind() == ErrorKind.NOT_FOUND
                        ? ends.retire(item)
                        : ledger.updateUnderLease(
                                item.lease(), WorkUpdate.dueAt(clock.instant().plus(config.pollMax())), null));
    }
}
