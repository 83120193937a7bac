package dev.kiln.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.dispatch.budget.BudgetSnapshot;
import dev.kiln.job.Job;
import dev.kiln.job.JobLedger;
import dev.kiln.job.JobState;
import dev.kiln.job.Transition;
import dev.kiln.job.intake.RejectionCodes;
import dev.kiln.provider.ErrorKind;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderError;
import dev.kiln.provider.StepRequest;
import dev.kiln.provider.SubmitOutcome;
import dev.kiln.provider.TaskHandle;
import dev.kiln.work.LeaseKeeper;
import dev.kiln.work.LeaseLostException;
import dev.kiln.work.PhaseHandler;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkItems;
import dev.kiln.work.WorkPhase;
import dev.kiln.work.WorkUpdate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends a step's create call under its account's budget. The order is what makes a crash safe: the slot is
 * taken, {@code SUBMITTING} (with the attempt) is committed, the call is made, and its {@link SubmitOutcome} is
 * committed — {@code SUBMITTED} with the task id, back to {@code QUEUED} for a retry (slot given back), or
 * {@code SUBMIT_UNKNOWN} for the reconciler (slot kept: a task may be running). A replica that finds a job
 * already {@code SUBMITTING} knows a call may have been made and never makes a second one.
 */
@ApplicationScoped
public class SubmitHandler implements PhaseHandler {

    private static final Logger LOG = Logger.getLogger(SubmitHandler.class);

    private final JobLedger ledger;
    private final AccountBudgets budgets;
    private final ClaimedRequests requests;
    private final StepEnds ends;
    private final LeaseKeeper leases;
    private final DispatchConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public SubmitHandler(
            JobLedger ledger,
            AccountBudgets budgets,
            ClaimedRequests requests,
            StepEnds ends,
            LeaseKeeper leases,
            DispatchConfig config,
            ObjectMapper json,
            Clock clock) {
        this.ledger = ledger;
        this.budgets = budgets;
        this.requests = requests;
        this.ends = ends;
        this.leases = leases;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public WorkPhase phase() {
        return WorkPhase.SUBMIT;
    }

    /** A freed slot wakes every replica's dispatcher at once. */
    @Override
    public List<String> wakeChannels() {
        return List.of(AccountBudgets.RELEASED_CHANNEL);
    }

    /**
     * Takes first the jobs that must stop (canceled, past their deadline) whatever the budgets say, then, per
     * account with free slots and no pause, no more of its waiting jobs than it has free slots, oldest first.
     */
    @Override
    public Uni<List<WorkItem>> claim(WorkItems items, String owner, int room, Duration lease) {
        return items.claimStopping(phase(), owner, room, lease).chain(stopping -> {
            int left = room - stopping.size();
            if (left <= 0) {
                return Uni.createFrom().item(stopping);
            }
            return budgets.snapshot().chain(accounts -> {
                Instant now = clock.instant();
                List<BudgetSnapshot> open = accounts.stream()
                        .filter(account -> account.maxInFlight() > account.inFlight())
                        .filter(account ->
                                !account.pausedUntil().map(now::isBefore).orElse(false))
                        .toList();
                return claimInTurn(items, owner, lease, open, 0, new ArrayList<>(stopping), left);
            });
        });
    }

    /**
     * Claims the accounts one after the other, each up to its free slots and the room still left after what the
     * ones before it actually got: an account with free slots but nobody waiting must not use up the room of the
     * accounts after it (with free slots above the claim batch, it used to take all of it, every time).
     */
    private Uni<List<WorkItem>> claimInTurn(
            WorkItems items,
            String owner,
            Duration lease,
            List<BudgetSnapshot> accounts,
            int next,
            List<WorkItem> claimed,
            int room) {
        if (next == accounts.size() || room <= 0) {
            return Uni.createFrom().item(claimed);
        }
        BudgetSnapshot account = accounts.get(next);
        int take = Math.min(account.maxInFlight() - account.inFlight(), room);
        return items.claim(phase(), account.account(), owner, take, lease).chain(got -> {
            claimed.addAll(got);
            return claimInTurn(items, owner, lease, accounts, next + 1, claimed, room - got.size());
        });
    }

    @Override
    public Uni<Void> handle(WorkItem item) {
        JobState state = StepEnds.stateOf(item);
        long version = item.job().version();
        Instant now = clock.instant();
        if (state.isTerminal()) {
            return ends.retire(item);
        }
        if (state == JobState.SUBMITTING) {
            // A replica committed SUBMITTING and stopped before recording what its call did: a task may exist.
            return unknown(
                    item,
                    version,
                    new ProviderError(
                            ErrorKind.TIMED_OUT,
                            true,
                            null,
                            null,
                            "The replica making attempt " + item.attempts()
                                    + " of the create call stopped before recording its outcome"));
        }
        if (state == JobState.SUBMIT_UNKNOWN) {
            return ledger.updateUnderLease(item.lease(), WorkUpdate.to(WorkPhase.RECONCILE, now), null);
        }
        if (item.job().cancelRequestedAt() != null) {
            String reason = item.job().cancelReason() == null
                    ? "Canceled by the caller"
                    : item.job().cancelReason();
            return ends.end(item, version, JobState.CANCELED, RejectionCodes.CANCELED_BY_CALLER, reason, null)
                    .replaceWithVoid();
        }
        if (StepEnds.pastDeadline(item, now)) {
            return ends.deadlinePassed(item, "while it waited for " + item.account() + " capacity");
        }
        Optional<ProviderAdapter> adapter = requests.adapter(item);
        if (adapter.isEmpty()) {
            return ends.providerMissing(item);
        }
        return budgets.reserveRequest(item.account()).chain(wait -> {
            if (!wait.isZero()) {
                // The account's shared request rate is spent: come back when a token is due.
                return ledger.updateUnderLease(
                        item.lease(), WorkUpdate.dueAt(clock.instant().plus(wait)), null);
            }
            return budgets.tryTake(item.account(), item.jobId(), item.step())
                    .chain(taken -> taken
                            ? submit(item, version, adapter.get())
                            // Another replica took the last slot first: wait for the next release, in order.
                            : ledger.updateUnderLease(item.lease(), WorkUpdate.dueAt(item.dueAt()), null));
        });
    }

    private Uni<Void> submit(WorkItem item, long version, ProviderAdapter adapter) {
        int attempt = item.attempts() + 1;
        ObjectNode details = json.createObjectNode().put("attempt", attempt).put("account", item.account());
        StepRequest request = stepRequest(item, adapter);
        return ledger.transitionUnderLease(
                        item.lease(),
                        version,
                        new Transition(JobState.SUBMITTING, item.step(), null, null, details),
                        WorkUpdate.dueAt(clock.instant()).attempted().holdingLease(),
                        null)
                .chain(job -> {
                    if (!leases.stillHeld(item.claimedAt())) {
                        // Paused past the lease (or nearly): another replica may own the job now. Make no call.
                        return backOut(item, job);
                    }
                    return adapter.submit(request).chain(outcome -> settle(item, job.version, outcome, attempt));
                });
    }

    private StepRequest stepRequest(WorkItem item, ProviderAdapter adapter) {
        TaskHandle previous = null;
        if (item.inputTaskId() != null) {
            List<String> steps = requests.steps(item, adapter);
            String previousStep = steps.get(Math.max(0, item.stepIndex() - 1));
            previous = new TaskHandle(adapter.provider(), previousStep, item.inputTaskId());
        }
        return new StepRequest(requests.request(item), item.step(), previous);
    }

    private Uni<Void> settle(WorkItem item, long version, SubmitOutcome outcome, int attempt) {
        if (outcome instanceof SubmitOutcome.Created created) {
            return created(item, version, created.task(), attempt);
        }
        if (outcome instanceof SubmitOutcome.NotCreated refused) {
            return notCreated(item, version, refused, attempt);
        }
        return unknown(item, version, ((SubmitOutcome.Unknown) outcome).error());
    }

    private Uni<Void> created(WorkItem item, long version, TaskHandle task, int attempt) {
        ObjectNode details =
                json.createObjectNode().put("providerTaskId", task.taskId()).put("attempt", attempt);
        Instant now = clock.instant();
        // The task exists and is paid for: its id must be recorded, so a database hiccup is retried here rather
        // than leaving the job SUBMITTING (which would send it to reconciliation).
        return Uni.createFrom()
                .deferred(() -> ledger.transitionUnderLease(
                        item.lease(),
                        version,
                        new Transition(JobState.SUBMITTED, null, null, null, details),
                        WorkUpdate.to(WorkPhase.TRACK, now).task(task.taskId()).changeSeen(now),
                        null))
                .onFailure(failure -> !(failure instanceof LeaseLostException)
                        && !(failure instanceof dev.kiln.job.TransitionRefusedException))
                .retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .atMost(5)
                .replaceWithVoid();
    }

    private Uni<Void> notCreated(WorkItem item, long version, SubmitOutcome.NotCreated refused, int attempt) {
        ProviderError error = refused.error();
        Instant now = clock.instant();
        boolean capacity = error.kind() == ErrorKind.RATE_LIMITED || error.kind() == ErrorKind.CONCURRENCY_LIMITED;
        boolean accountTrouble = error.kind() == ErrorKind.OUT_OF_CREDITS || error.kind() == ErrorKind.AUTHENTICATION;
        Duration pause = refused.retryAfter() != null
                ? refused.retryAfter()
                : capacity ? config.capacityPause() : accountTrouble ? config.accountTroublePause() : null;
        Uni<Void> paused = pause == null
                ? Uni.createFrom().voidItem()
                : budgets.pause(item.account(), now.plus(pause), error.kind() + ": " + error.message());
        boolean retry = capacity || (error.retryable() && attempt < config.maxAttempts());
        Uni<?> written;
        if (retry) {
            Duration backoff = Backoff.of(attempt, config.retryBase(), config.retryMax());
            Instant retryAt = now.plus(pause != null && pause.compareTo(backoff) > 0 ? pause : backoff);
            ObjectNode details = json.createObjectNode().put("attempt", attempt).put("retryAt", retryAt.toString());
            written = ledger.transitionUnderLease(
                    item.lease(),
                    version,
                    new Transition(JobState.QUEUED, null, error.kind().name(), error.message(), details),
                    WorkUpdate.to(WorkPhase.SUBMIT, retryAt).error(error.kind() + ": " + error.message()),
                    null);
        } else {
            ObjectNode details = json.createObjectNode().put("attempt", attempt);
            written = ends.end(
                    item, version, JobState.FAILED, FailureCodes.ofRefusal(error.kind()), error.message(), details);
        }
        LOG.debugf(
                "job %s: %s refused the create call (%s); %s",
                item.jobId(), item.account(), error.kind(), retry ? "retrying" : "failing");
        return paused.chain(() -> written).chain(() -> ends.releaseSlot(item));
    }

    private Uni<Void> unknown(WorkItem item, long version, ProviderError error) {
        ObjectNode details = json.createObjectNode().put("attempt", item.attempts());
        return ledger.transitionUnderLease(
                        item.lease(),
                        version,
                        new Transition(
                                JobState.SUBMIT_UNKNOWN, null, error.kind().name(), error.message(), details),
                        WorkUpdate.to(WorkPhase.RECONCILE, clock.instant().plus(config.reconcileAfter()))
                                .error(error.kind() + ": " + error.message()),
                        null)
                .replaceWithVoid();
    }

    /** Undoes SUBMITTING when this replica may no longer act; its fence decides whether that is still its call. */
    private Uni<Void> backOut(WorkItem item, Job job) {
        return ledger.transitionUnderLease(
                        item.lease(),
                        job.version,
                        new Transition(
                                JobState.QUEUED,
                                null,
                                "LEASE_EXPIRING",
                                "This replica's lease ran short before the create call; no call was made",
                                null),
                        WorkUpdate.dueAt(clock.instant()),
                        null)
                .chain(() -> ends.releaseSlot(item));
    }
}
