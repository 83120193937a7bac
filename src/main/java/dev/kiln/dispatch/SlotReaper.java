package dev.kiln.dispatch;

import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.work.WorkConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Gives back budget slots that outlived their step. A step's slot is released right after the transaction that
 * ended the step, so a crash between the two leaves it held; without this, an account would lose a slot for
 * good each time. Every replica runs it: the statement is idempotent and cheap (it reads the slots, a few dozen).
 */
@ApplicationScoped
public class SlotReaper {

    private static final Logger LOG = Logger.getLogger(SlotReaper.class);
    private static final Duration EVERY = Duration.ofSeconds(30);
    // Longer than any gap between taking a slot and committing SUBMITTING, or between a step's end and its release.
    private static final Duration GRACE = Duration.ofMinutes(1);

    private final AccountBudgets budgets;
    private final WorkConfig work;
    private final Vertx vertx;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public SlotReaper(AccountBudgets budgets, WorkConfig work, Vertx vertx, Clock clock) {
        this.budgets = budgets;
        this.work = work;
        this.vertx = vertx;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        if (work.enabled()) {
            timer = vertx.setPeriodic(EVERY.toMillis(), id -> reap());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass; a pass still running is not overlapped. */
    public void reap() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        budgets.reapOrphans(clock.instant().minus(GRACE))
                .subscribe()
                .with(
                        accounts -> {
                            running.set(false);
                            if (!accounts.isEmpty()) {
                                LOG.infof("gave back slots no step held any more, of accounts %s", accounts);
                            }
                        },
                        failure -> {
                            running.set(false);
                            LOG.debugf("reaping slots failed (%s); trying again in %s", failure, EVERY);
                        });
    }
}
