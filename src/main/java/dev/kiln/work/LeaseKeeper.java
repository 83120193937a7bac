package dev.kiln.work;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Renews every lease this replica holds, in one statement, on a timer; hands them all back at shutdown so the
 * other replicas carry the work on at once instead of after the lease runs out.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final WorkItems items;
    private final Replica replica;
    private final WorkConfig config;
    private final Vertx vertx;
    private long timerId = -1;

    public LeaseKeeper(WorkItems items, Replica replica, WorkConfig config, Vertx vertx) {
        this.items = items;
        this.replica = replica;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            timerId = vertx.setPeriodic(config.renewEvery().toMillis(), id -> renew());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
            handBack(Duration.ofSeconds(5));
        }
    }

    /** Renews now; a failure is logged and the next tick tries again (the lease outlives a few misses). */
    public void renew() {
        items.renew(replica.owner(), config.lease())
                .subscribe()
                .with(
                        renewed -> LOG.tracef("renewed %d leases", renewed),
                        failure ->
                                LOG.warnf("Renewing leases failed (%s); retrying in %s", failure, config.renewEvery()));
    }

    /**
     * Hands every lease back, waiting at most {@code wait}. Blocks on purpose: it runs in the shutdown observer,
     * on the main thread (never an event loop), and shutdown must not finish before the leases are back.
     */
    public void handBack(Duration wait) {
        try {
            Integer released = items.releaseAll(replica.owner()).await().atMost(wait);
            LOG.infof("handed back %d leases", released);
        } catch (RuntimeException e) {
            LOG.warnf("Handing leases back failed (%s); they are taken over when they run out", e.toString());
        }
    }
}
