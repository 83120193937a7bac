package dev.kiln.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.dispatch.ClaimedRequests;
import dev.kiln.dispatch.FailureCodes;
import dev.kiln.dispatch.StepEnds;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Transition;
import dev.kiln.provider.OutputFile;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.work.NewWorkItem;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkPhase;
import dev.kiln.work.WorkUpdate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Applies what a provider said about a task (a poll answer or an SSE message; a callback only makes the task due
 * for a poll) to its job, through the lease holder's fenced compare-and-set. However often a state is reported,
 * it is announced once: a report that changes nothing writes only the next due time.
 */
@ApplicationScoped
public class TaskReports {

    private final JobLedger ledger;
    private final StepEnds ends;
    private final ClaimedRequests requests;
    private final TrackConfig config;
    private final PollSchedule schedule;
    private final ObjectMapper json;
    private final Clock clock;

    public TaskReports(
            JobLedger ledger,
            StepEnds ends,
            ClaimedRequests requests,
            TrackConfig config,
            ObjectMapper json,
            Clock clock) {
        this.ledger = ledger;
        this.ends = ends;
        this.requests = requests;
        this.config = config;
        this.schedule = new PollSchedule(config);
        this.json = json;
        this.clock = clock;
    }

    public PollSchedule schedule() {
        return schedule;
    }

    /**
     * Applies one report.
     *
     * @param holdLease keep the lease afterwards (a stream goes on); the step's end always hands it on
     */
    public Uni<Cursor> apply(Cursor cursor, TaskSnapshot report, ProviderAdapter adapter, boolean holdLease) {
        return switch (report.state()) {
            case QUEUED -> unchanged(cursor, report, holdLease);
            case RUNNING -> running(cursor, report, holdLease);
            case SUCCEEDED -> succeeded(cursor, report, adapter);
            case FAILED -> ended(cursor, report, JobState.FAILED, FailureCodes.PROVIDER_TASK_FAILED);
            case CANCELED -> ended(cursor, report, JobState.CANCELED, FailureCodes.PROVIDER_CANCELED);
        };
    }

    private Uni<Cursor> running(Cursor cursor, TaskSnapshot report, boolean holdLease) {
        Instant now = clock.instant();
        Integer progress = report.progress();
        if (cursor.state() == JobState.SUBMITTED) {
            return move(cursor, JobState.RUNNING, progressDetails(report), holdLease, progress, now);
        }
        if (progress != null && worthAnnouncing(cursor, progress, now)) {
            return move(cursor, JobState.RUNNING, progressDetails(report), holdLease, progress, now);
        }
        return unchanged(cursor, report, holdLease);
    }

    private boolean worthAnnouncing(Cursor cursor, int progress, Instant now) {
        boolean moved = cursor.announced() == null || progress - cursor.announced() >= config.progressStep();
        boolean quiet = cursor.announcedAt() == null
                || !Duration.between(cursor.announcedAt(), now)
                        .minus(config.progressEvery())
                        .isNegative();
        return moved && quiet;
    }

    private Uni<Cursor> move(
            Cursor cursor, JobState to, ObjectNode details, boolean holdLease, Integer progress, Instant now) {
        WorkUpdate update = WorkUpdate.dueAt(now.plus(schedule.next(TaskState.RUNNING, 0, null)))
                .changeSeen(now);
        if (progress != null) {
            update = update.progress(progress, now);
        }
        WorkUpdate write = holdLease ? update.holdingLease() : update;
        return ledger.transitionUnderLease(
                        cursor.item().lease(),
                        cursor.version(),
                        new Transition(to, null, null, null, details),
                        write,
                        null)
                .map(job -> {
                    Cursor moved = cursor.moved(job.version, to);
                    return progress == null ? moved : moved.announcing(progress, now);
                });
    }

    private Uni<Cursor> unchanged(Cursor cursor, TaskSnapshot report, boolean holdLease) {
        Cursor next = cursor.unchanged();
        Instant due = clock.instant().plus(schedule.next(report.state(), next.unchangedPolls(), null));
        WorkUpdate update = WorkUpdate.dueAt(due).polledOnce();
        return ledger.updateUnderLease(cursor.item().lease(), holdLease ? update.holdingLease() : update, null)
                .replaceWith(next);
    }

    private Uni<Cursor> succeeded(Cursor cursor, TaskSnapshot report, ProviderAdapter adapter) {
        WorkItem item = cursor.item();
        Instant now = clock.instant();
        List<String> steps = requests.steps(item, adapter);
        boolean last = item.stepIndex() >= steps.size() - 1;
        ObjectNode details = progressDetails(report);
        details.set("outputs", outputsForEvent(report.outputs()));
        if (report.cost() != null) {
            details.set("cost", json.valueToTree(report.cost()));
        }
        String outputs = outputsJson(report.outputs());
        if (last) {
            // The hand-over to storage: the outputs are recorded on the item, the job is GENERATED.
            return ledger.transitionUnderLease(
                            item.lease(),
                            cursor.version(),
                            new Transition(JobState.GENERATED, null, null, null, details),
                            WorkUpdate.to(WorkPhase.STORE, now).outputs(outputs).changeSeen(now),
                            null)
                    .call(() -> ends.releaseSlot(item))
                    .map(job -> cursor.moved(job.version, JobState.GENERATED).over());
        }
        String nextStep = steps.get(item.stepIndex() + 1);
        details.put("stepFinished", item.step()).put("nextStep", nextStep);
        NewWorkItem next = new NewWorkItem(
                item.jobId(),
                item.stepIndex() + 1,
                nextStep,
                WorkPhase.SUBMIT,
                item.account(),
                item.tenant(),
                now,
                report.task().taskId());
        // SUBMITTED → RUNNING, or a progress event on a job already RUNNING: either way one event says the step ended.
        return ledger.transitionUnderLease(
                        item.lease(),
                        cursor.version(),
                        new Transition(JobState.RUNNING, null, null, null, details),
                        WorkUpdate.to(WorkPhase.DONE, now).outputs(outputs).changeSeen(now),
                        next)
                .call(() -> ends.releaseSlot(item))
                .map(job -> cursor.moved(job.version, JobState.RUNNING).over());
    }

    private Uni<Cursor> ended(Cursor cursor, TaskSnapshot report, JobState to, String code) {
        ProviderError failure = report.failure();
        String reason = failure != null && failure.message() != null
                ? failure.message()
                : "The provider reported the task " + report.providerStatus();
        ObjectNode details = progressDetails(report);
        if (failure != null) {
            details.put("errorKind", failure.kind().name()).put("retryable", failure.retryable());
            if (failure.providerCode() != null) {
                details.put("providerCode", failure.providerCode());
            }
        }
        return ends.end(cursor.item(), cursor.version(), to, code, reason, details)
                .map(job -> cursor.moved(job.version, to).over());
    }

    private ObjectNode progressDetails(TaskSnapshot report) {
        ObjectNode details = json.createObjectNode()
                .put("providerTaskId", report.task().taskId())
                .put("providerStatus", report.providerStatus());
        if (report.progress() != null) {
            details.put("progress", report.progress());
        }
        if (report.queuePosition() != null) {
            details.put("queuePosition", report.queuePosition());
        }
        return details;
    }

    /** The files on offer, for events: never their URLs, which may carry signatures. */
    private ArrayNode outputsForEvent(List<OutputFile> outputs) {
        ArrayNode list = json.createArrayNode();
        for (OutputFile file : outputs) {
            ObjectNode entry = list.addObject()
                    .put("role", file.role().name().toLowerCase(java.util.Locale.ROOT))
                    .put("format", file.format())
                    .put("name", file.name())
                    .put("zipped", file.zipped());
            if (file.expiresAt() != null) {
                entry.put("expiresAt", file.expiresAt().toString());
            }
        }
        return list;
    }

    private String outputsJson(List<OutputFile> outputs) {
        try {
            return json.writeValueAsString(outputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot record outputs", e);
        }
    }
}
