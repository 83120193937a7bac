package dev.kiln.work;

import dev.kiln.job.TransitionRefusedException;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Claims due items of one phase and hands each to its handler, with at most {@link WorkConfig#concurrency()} in
 * hand at once. Each item runs on a new duplicated Vert.x context, so its ledger transactions get a reactive
 * session of their own (a session shared by concurrent operations corrupts them). A finished item frees its
 * place and wakes the loop at once.
 */
public final class WorkWorker {

    private static final Logger LOG = Logger.getLogger(WorkWorker.class);

    private final WorkPhase phase;
    private final WorkItems items;
    private final Replica replica;
    private final WorkConfig config;
    private final Vertx vertx;
    private final PhaseHandler handler;
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final java.time.Clock clock;
    private final AtomicInteger inHand = new AtomicInteger();
    private final WakeLoop loop;

    public WorkWorker(
            WorkItems items,
            Replica replica,
            WorkConfig config,
            Vertx vertx,
            WakeLoops loops,
            PhaseHandler handler,
            java.time.Clock clock) {
        this.clock = clock;
        this.phase = handler.phase();
        this.items = items;
        this.replica = replica;
        this.config = config;
        this.vertx = vertx;
        this.handler = handler;
        List<String> channels = new java.util.ArrayList<>(handler.wakeChannels());
        channels.add(0, phase.channel());
        this.loop = loops.loop(phase.column() + " worker", channels, config.sweepEvery(), this::drain);
    }

    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
    }

    public void wake() {
        loop.wake();
    }

    public WorkPhase phase() {
        return phase;
    }

    /** Items in hand right now. */
    public int inHand() {
        return inHand.get();
    }

    private Uni<Boolean> drain() {
        int room = Math.min(config.claimBatch(), config.concurrency() - inHand.get());
        if (room <= 0) {
            return Uni.createFrom().item(false);
        }
        return handler.claim(items, replica.owner(), room, config.lease()).map(claimed -> {
            for (WorkItem item : claimed) {
                inHand.incrementAndGet();
                runOnOwnContext(item);
            }
            return claimed.size() == room;
        });
    }

    private void runOnOwnContext(WorkItem item) {
        Context context =
                VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        // Panache opens the item's reactive sessions in this context's local data (see Ledgers).
        io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> {
            Uni<Void> run;
            try {
                run = handler.handle(item);
            } catch (RuntimeException e) {
                run = Uni.createFrom().failure(e);
            }
            run.subscribe().with(done -> finished(), failure -> {
                if (failure instanceof LeaseLostException lost) {
                    LOG.infof("%s: %s", phase.column(), lost.getMessage());
                    finished();
                } else if (failure instanceof TransitionRefusedException refused) {
                    // The job moved meanwhile (a cancel, another report): look again at once, with the job as it is.
                    LOG.debugf("%s of job %s: %s; looking again", phase.column(), item.jobId(), refused.getMessage());
                    handBack(item, Duration.ZERO);
                } else {
                    // The handler is written to be repeated: it is tried again after a pause.
                    LOG.warnf(
                            failure,
                            "%s of job %s step %d failed; it is tried again in %s",
                            phase.column(),
                            item.jobId(),
                            item.stepIndex(),
                            RETRY_AFTER_FAILURE);
                    handBack(item, RETRY_AFTER_FAILURE);
                }
            });
        });
    }

    private void handBack(WorkItem item, Duration after) {
        items.handBack(item.lease(), clock.instant().plus(after)).subscribe().with(back -> finished(), failure -> {
            LOG.debugf(
                    "handing back job %s step %d failed (%s); its lease runs out",
                    item.jobId(), item.stepIndex(), failure);
            finished();
        });
    }

    private void finished() {
        inHand.decrementAndGet();
        loop.wake();
    }
}
