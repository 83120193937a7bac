package dev.kiln.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.contract.JobRequest;
import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.NewJob;
import dev.kiln.job.Transition;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.support.OnVertx;
import dev.kiln.support.Requests;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkItems;
import dev.kiln.work.WorkPhase;
import dev.kiln.work.WorkUpdate;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Puts jobs where a dispatcher leaves one whose create call got no verdict: through the ledger, ACCEPTED → QUEUED
 * (step and account named, slot taken) → SUBMITTING → (the create call, if any) → SUBMIT_UNKNOWN with a RECONCILE
 * item. The background workers are off in tests, so every item is claimed here by hand.
 */
public final class UnknownSubmissions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final JobLedger ledger;
    private final WorkItems items;
    private final AccountBudgets budgets;
    private final Pool pool;
    private final Clock clock;

    public UnknownSubmissions(JobLedger ledger, WorkItems items, AccountBudgets budgets, Pool pool, Clock clock) {
        this.ledger = ledger;
        this.items = items;
        this.budgets = budgets;
        this.pool = pool;
        this.clock = clock;
    }

    /**
     * Closes every open item, so that claims see only the test's own, and frees the provider accounts' slots
     * earlier tests' jobs left held (Hunyuan's budget is three).
     */
    public void closeOtherItems() {
        OnVertx.await(() -> pool.query("UPDATE work_item SET phase = 'done', lease_owner = NULL,"
                        + " lease_expires_at = NULL WHERE phase <> 'done' OR lease_owner IS NOT NULL")
                .execute());
        OnVertx.await(
                () -> pool.query("DELETE FROM account_slot WHERE account IN ('hitem3d', 'hunyuan3d-pro', 'meshy')")
                        .execute());
    }

    /**
     * A job of {@code provider} in SUBMIT_UNKNOWN; {@code create} is called between SUBMITTING and SUBMIT_UNKNOWN
     * (null: no create call at all, as when the request never reached the provider but the outcome is unknown).
     */
    public Job unknown(
            String jobId, String provider, String step, String account, Function<StepRequest, TaskHandle> create) {
        String request = Requests.validInline(jobId, provider);
        Job job = OnVertx.await(() -> ledger.create(
                new NewJob(jobId, JobState.ACCEPTED, provider, request, "f-" + jobId, "{}", null, null, null)));
        WorkItem queued = claim(WorkPhase.QUEUE, jobId);
        Job atQueued = OnVertx.await(() -> ledger.transitionUnderLease(
                queued.lease(),
                job.version,
                Transition.to(JobState.QUEUED),
                WorkUpdate.to(WorkPhase.SUBMIT, clock.instant()).step(step, account),
                null));
        if (!OnVertx.await(() -> budgets.tryTake(account, jobId, step))) {
            throw new AssertionError("no slot of " + account + " for " + jobId);
        }
        WorkItem submit = claim(WorkPhase.SUBMIT, jobId);
        Job submitting = OnVertx.await(() -> ledger.transitionUnderLease(
                submit.lease(),
                atQueued.version,
                new Transition(JobState.SUBMITTING, step, null, null, null),
                WorkUpdate.dueAt(null).attempted().holdingLease(),
                null));
        if (create != null) {
            create.apply(new StepRequest(parse(request), step, null));
        }
        return OnVertx.await(() -> ledger.transitionUnderLease(
                submit.lease(),
                submitting.version,
                Transition.to(JobState.SUBMIT_UNKNOWN),
                WorkUpdate.to(WorkPhase.RECONCILE, clock.instant()).error("create timed out after 5 s"),
                null));
    }

    /** The create call through the application's adapter; it must create the task. */
    public static Function<StepRequest, TaskHandle> createdBy(ProviderAdapter adapter) {
        return step -> {
            SubmitOutcome outcome = adapter.submit(step).await().atMost(Duration.ofSeconds(30));
            if (outcome instanceof SubmitOutcome.Created created) {
                return created.task();
            }
            throw new AssertionError("the emulator did not create the task: " + outcome);
        };
    }

    /** Claims the job's due item of {@code phase} (others' items are closed). */
    public WorkItem claim(WorkPhase phase, String jobId) {
        List<WorkItem> claimed = OnVertx.await(() -> items.claim(phase, "test-" + phase.column(), 100, LEASE));
        return claimed.stream()
                .filter(item -> item.jobId().equals(jobId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no due " + phase + " item of " + jobId));
    }

    public Row item(String jobId) {
        return OnVertx.await(() -> pool.preparedQuery("SELECT phase, provider_task_id, reported_task_id, due_at,"
                                + " updated_at, lease_owner, last_error, polls FROM work_item WHERE job_id = $1")
                        .execute(Tuple.of(jobId)))
                .iterator()
                .next();
    }

    public long slotsHeld(String jobId) {
        return OnVertx.await(() -> pool.preparedQuery("SELECT count(*) AS held FROM account_slot WHERE job_id = $1")
                        .execute(Tuple.of(jobId)))
                .iterator()
                .next()
                .getLong("held");
    }

    public long events(String jobId) {
        return OnVertx.await(() -> pool.preparedQuery("SELECT count(*) AS events FROM job_transition WHERE job_id = $1")
                        .execute(Tuple.of(jobId)))
                .iterator()
                .next()
                .getLong("events");
    }

    /** One field of the details of the job's last event, as the outbox holds it. */
    public String lastEventDetail(String jobId, String field) {
        return OnVertx.await(() -> pool.preparedQuery("SELECT payload->'details'->>$2 AS detail FROM outbox"
                                + " WHERE job_id = $1 ORDER BY sequence DESC LIMIT 1")
                        .execute(Tuple.of(jobId, field)))
                .iterator()
                .next()
                .getString("detail");
    }

    private static JobRequest parse(String request) {
        try {
            return JSON.readValue(request, JobRequest.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
