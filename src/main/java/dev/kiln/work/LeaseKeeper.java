package dev.kiln.work;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    // When the last renewal that succeeded was sent, and when the current unbroken run of renewals began (each
    // sent before the one before it could have lapsed). A lease claimed before that run began may have lapsed in
    // a gap (a replica stopped past its lease) and been taken over; renewals after the gap do not vouch for it.
    private volatile Instant renewedFrom = Instant.EPOCH;
    private volatile Instant unbrokenSince = Instant.EPOCH;

    private final Clock clock;

    public LeaseKeeper(WorkItems items, Replica replica, WorkConfig config, Vertx vertx, Clock clock) {
        this.clock = clock;
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

    /**
     * Whether a lease claimed at {@code claimedAt} is surely still this replica's, with a margin: asked right before
     * a provider call that must not be made by a replica whose lease may have been taken over (one stopped past
     * its lease and resumed, say), since the provider cannot check our fence.
     */
    public boolean stillHeld(Instant claimedAt) {
        Instant from = claimedAt.isBefore(unbrokenSince) ? claimedAt : max(claimedAt, renewedFrom);
        return clock.instant().isBefore(from.plus(config.lease()).minus(margin()));
    }

    private Duration margin() {
        Duration quarter = config.lease().dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(2)) < 0 ? quarter : Duration.ofSeconds(2);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Renews now; a failure is logged and the next tick tries again (the lease outlives a few misses). */
    public void renew() {
        Instant sent = clock.instant();
        items.renew(replica.owner(), config.lease())
                .subscribe()
                .with(
                        renewed -> {
                            if (!sent.isBefore(renewedFrom.plus(config.lease()).minus(margin()))) {
                                unbrokenSince = sent;
                            }
                            renewedFrom = sent;
                            LOG.tracef("renewed %d leases", renewed);
                        },
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
