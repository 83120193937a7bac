package dev.kiln.work;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
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
    private final WorkHandler handler;
    private final AtomicInteger inHand = new AtomicInteger();
    private final WakeLoop loop;

    public WorkWorker(
            WorkPhase phase,
            WorkItems items,
            Replica replica,
            WorkConfig config,
            Vertx vertx,
            WakeLoops loops,
            List<String> channels,
            WorkHandler handler) {
        this.phase = phase;
        this.items = items;
        this.replica = replica;
        this.config = config;
        this.vertx = vertx;
        this.handler = handler;
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

    /** Items in hand right now. */
    public int inHand() {
        return inHand.get();
    }

    private Uni<Boolean> drain() {
        int room = Math.min(config.claimBatch(), config.concurrency() - inHand.get());
        if (room <= 0) {
            return Uni.createFrom().item(false);
        }
        return items.claim(phase, replica.owner(), room, config.lease()).map(claimed -> {
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
                } else {
                    // The lease runs out and the item is claimed again; the handler is written to be repeated.
                    LOG.warnf(
                            failure,
                            "%s of job %s step %d failed; it is retried when its lease ends",
                            phase.column(),
                            item.jobId(),
                            item.stepIndex());
                }
                finished();
            });
        });
    }

    private void finished() {
        inHand.decrementAndGet();
        loop.wake();
    }
}
