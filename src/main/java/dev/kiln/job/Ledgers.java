package dev.kiln.job;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs one unit of ledger work — a {@link JobLedger} call, or several chained in one transaction — on a new
 * duplicated Vert.x context of its own.
 *
 * <p>Why: Panache keeps the reactive session (and its transaction) in the local data of the current Vert.x
 * context, and {@code @WithTransaction} joins whatever session it finds there. Work that starts where that is
 * wrong must come through here:
 *
 * <ul>
 *   <li>a plain thread, or a Vert.x timer, NOTIFY or client callback running on an event loop's root context:
 *       Panache refuses it (a root context is not a safe, duplicated one);
 *   <li>several operations started at once from one context — a periodic timer's ticks (they all run on the
 *       context that set the timer), or a dispatcher fanning out over the work items it claimed with {@code
 *       Uni.join()}: they would all join one session and one transaction, which is not safe to use
 *       concurrently and would commit or roll back their changes together.
 * </ul>
 *
 * <p>An HTTP request or a Kafka message is already handled on a duplicated context of its own; calling the ledger
 * there directly is fine, and is the way to join an enclosing transaction. Work started here never joins the
 * caller's transaction: it commits on its own.
 *
 * <p>The result is delivered back on the caller's context when the caller had one, so what the caller chains
 * afterwards sees its own context data again, not the finished unit's.
 */
public final class Ledgers {

    private Ledgers() {}

    /**
     * Calls {@code work} on a new duplicated context, marked safe for Panache, and emits its outcome. Nothing runs
     * until the returned {@code Uni} is subscribed; each subscription gets a new context.
     */
    public static <T> Uni<T> onFreshContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Context fresh =
                    VertxContext.createNewDuplicatedContext(caller != null ? caller : vertx().getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(fresh, true);
            Uni<T> unit = Uni.createFrom()
                    .emitter(emitter -> fresh.runOnContext(ignored -> {
                        Uni<T> started;
                        try {
                            started = work.get();
                        } catch (RuntimeException e) {
                            emitter.fail(e);
                            return;
                        }
                        started.subscribe().with(emitter::complete, emitter::fail);
                    }));
            return caller == null ? unit : unit.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private static Vertx vertx() {
        return Arc.container().instance(Vertx.class).get();
    }
}
