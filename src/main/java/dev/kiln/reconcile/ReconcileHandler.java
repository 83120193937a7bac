package dev.kiln.reconcile;

import dev.kiln.job.JobState;
import dev.kiln.provider.ProviderAdapter;
import dev.kiln.provider.ProviderCapabilities;
import dev.kiln.provider.ProviderException;
import dev.kiln.provider.ProviderRegistry;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.config.ProvidersConfig;
import dev.kiln.reconcile.ListingMatch.Verdict;
import dev.kiln.work.PhaseHandler;
import dev.kiln.work.WorkItem;
import dev.kiln.work.WorkPhase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Resolves create calls whose outcome is unknown, without a second create: by the provider's listing (Meshy),
 * by the task a callback keyed to the job named (Hitem3D), confirmed by one status read; where the provider
 * offers neither (Hunyuan), only an operator can tell ({@link SubmissionResource}). Whatever is still unresolved
 * {@link ReconcileConfig#decideAfter()} after the call fails with {@code SUBMIT_OUTCOME_UNKNOWN}; it is never
 * resubmitted, so no task is paid for twice. Until then the item is looked at again with a doubling wait.
 */
@ApplicationScoped
public class ReconcileHandler implements PhaseHandler {

    private static final Logger LOG = Logger.getLogger(ReconcileHandler.class);

    private final ProviderRegistry providers;
    private final SubmitHistory history;
    private final ReconcileMoves moves;
    private final ReconcileConfig config;
    private final int listPageMax;
    private final Clock clock;

    ReconcileHandler(
            ProviderRegistry providers,
            SubmitHistory history,
            ReconcileMoves moves,
            ReconcileConfig config,
            ProvidersConfig providersConfig,
            Clock clock) {
        this.providers = providers;
        this.history = history;
        this.moves = moves;
        this.config = config;
        // Meshy is the only provider that lists; a listing shorter than asked for proves it is complete only
        // when no smaller page cap cut it.
        this.listPageMax = providersConfig.meshy().listPageSizeMax();
        this.clock = clock;
    }

    @Override
    public WorkPhase phase() {
        return WorkPhase.RECONCILE;
    }

    @Override
    public Uni<Void> handle(WorkItem item) {
        JobState state = JobState.valueOf(item.job().state());
        if (state != JobState.SUBMIT_UNKNOWN) {
            if (state.isTerminal()) {
                return moves.done(item.lease(), item.lastError());
            }
            LOG.warnf("Job %s is %s but has work to reconcile; looked at again later", item.jobId(), state);
            return moves.later(item.lease(), clock.instant().plus(config.retryMax()), item.lastError());
        }
        return history.ours(item.jobId()).chain(recorded -> {
            CreateWindow ours = recorded.orElseGet(() -> new CreateWindow(item.createdAt(), item.createdAt()));
            return look(item, ours).chain(verdict -> act(item, ours, verdict));
        });
    }

    /** Asks the provider what it can tell; a failed call is an unresolved look, never an error. */
    private Uni<Verdict> look(WorkItem item, CreateWindow ours) {
        Optional<ProviderAdapter> found = providers.adapter(item.job().provider());
        if (found.isEmpty()) {
            return unresolved("no adapter for provider " + item.job().provider() + " runs here");
        }
        ProviderAdapter adapter = found.get();
        ProviderCapabilities capabilities = adapter.capabilities();
        Uni<Verdict> verdict;
        if (item.reportedTaskId() != null) {
            verdict = confirm(adapter, item);
        } else if (capabilities.listing()) {
            verdict = byListing(adapter, item, ours);
        } else if (capabilities.callbacks()) {
            verdict = unresolved("no callback has named a task for this job yet");
        } else {
            verdict = unresolved(adapter.provider() + " offers neither a task listing nor callbacks");
        }
        return verdict.onFailure(ProviderException.class)
                .recoverWithItem(failure -> new Verdict.Unresolved(
                        "the provider could not be asked: " + Reasons.clip(failure.getMessage())));
    }

    /** A callback named a task for this job (its proof held): it is ours once one status read finds it. */
    private Uni<Verdict> confirm(ProviderAdapter adapter, WorkItem item) {
        TaskHandle task = new TaskHandle(adapter.provider(), item.step(), item.reportedTaskId());
        return adapter.status(task).map(snapshot -> new Verdict.Found(task.taskId()));
    }

    private Uni<Verdict> byListing(ProviderAdapter adapter, WorkItem item, CreateWindow ours) {
        int limit = Math.max(1, Math.min(config.listSize(), listPageMax));
        // Read before the listing: the settle check must not credit the listing with time it did not wait.
        Instant asked = clock.instant();
        // Listing first, ledger after: a Kiln task in the listing had its job's SUBMITTING committed before it
        // existed, so the reads below see that job either still in doubt or owning the task.
        return adapter.listRecentTasks(item.step(), limit).chain(listing -> history.others(
                        adapter.provider(), item.jobId(), item.step(), ours, config.clockTolerance(), config.settle())
                .chain(others -> history.owned(listing.stream()
                                .map(task -> task.snapshot().task().taskId())
                                .toList())
                        .map(owned -> ListingMatch.judge(
                                ours,
                                listing,
                                limit,
                                owned,
                                others,
                                asked,
                                config.clockTolerance(),
                                config.settle()))));
    }

    private Uni<Void> act(WorkItem item, CreateWindow ours, Verdict verdict) {
        long version = item.job().version();
        if (verdict instanceof Verdict.Found found) {
            ReconcileMoves.By by =
                    item.reportedTaskId() != null ? ReconcileMoves.By.CALLBACK : ReconcileMoves.By.LISTING;
            LOG.infof("Job %s: the unknown create call made task %s (%s)", item.jobId(), found.taskId(), by.word());
            return moves.adopt(item.lease(), version, found.taskId(), by).replaceWithVoid();
        }
        if (verdict instanceof Verdict.NeverCreated) {
            LOG.infof("Job %s: the provider's listing proves the create call made no task", item.jobId());
            return moves.requeue(item.lease(), version, item.step(), Reasons.neverCreated(item, ours))
                    .replaceWithVoid();
        }
        String why = ((Verdict.Unresolved) verdict).why();
        Instant now = clock.instant();
        if (item.job().cancelRequestedAt() != null) {
            return moves.cancel(item.lease(), version, item.step(), Reasons.canceled(item, ours))
                    .replaceWithVoid();
        }
        Instant decideAt = ours.to().plus(config.decideAfter(item.job().provider()));
        if (!now.isBefore(decideAt)) {
            LOG.infof(
                    "Job %s: the create call's outcome is still unknown (%s); failed, not resubmitted",
                    item.jobId(), why);
            return moves.fail(item.lease(), version, item.step(), Reasons.gaveUp(item, ours, why))
                    .replaceWithVoid();
        }
        Instant next = now.plus(backoff(item.polls()));
        return moves.later(item.lease(), next.isAfter(decideAt) ? decideAt : next, item.lastError());
    }

    /** {@code retry-min} doubled per look already made, at most {@code retry-max}. */
    Duration backoff(int looks) {
        Duration wait = config.retryMin().multipliedBy(1L << Math.min(Math.max(looks, 0), 20));
        return wait.compareTo(config.retryMax()) > 0 ? config.retryMax() : wait;
    }

    private static Uni<Verdict> unresolved(String why) {
        return Uni.createFrom().item(new Verdict.Unresolved(why));
    }
}
