package dev.kiln.work;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The loop every background worker runs on (outbox relay, dispatcher, tracker, reconciler): a drain runs when a
 * PostgreSQL notification arrives on one of its channels, when {@link #wake()} is called, and on a safety-net
 * timer; never two drains at once, and a wake-up during a drain runs one more. Notifications are a speed-up only:
 * the timer finds whatever a lost notification would have announced.
 *
 * <p>A drain answers whether it should run again at once (it filled its batch); a failed drain is retried after a
 * short delay rather than at once, since its cause may persist.
 */
public final class WakeLoop {

    private static final Logger LOG = Logger.getLogger(WakeLoop.class);
    private static final long RETRY_DELAY_MILLIS = 250;

    private final String name;
    private final Vertx vertx;
    private final PgConnectOptions listenOptions;
    private final List<String> channels;
    private final Duration safetyNet;
    private final Supplier<Uni<Boolean>> drain;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile boolean started;
    private PgSubscriber subscriber;
    private long timerId = -1;

    /**
     * @param name what the loop drains, for logs
     * @param listenOptions where to LISTEN; null for a loop woken only by {@link #wake()} and its timer
     * @param channels the notification channels that wake it
     * @param safetyNet how often it drains when nothing woke it
     * @param drain one drain; its item says whether to drain again at once
     */
    public WakeLoop(
            String name,
            Vertx vertx,
            PgConnectOptions listenOptions,
            List<String> channels,
            Duration safetyNet,
            Supplier<Uni<Boolean>> drain) {
        this.name = name;
        this.vertx = vertx;
        this.listenOptions = listenOptions;
        this.channels = List.copyOf(channels);
        this.safetyNet = safetyNet;
        this.drain = drain;
    }

    /** Starts listening and draining; the first drain runs at once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (listenOptions != null && !channels.isEmpty()) {
            subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(attempt -> 1000L);
            for (String channel : channels) {
                subscriber.channel(channel).handler(payload -> wake());
            }
            subscriber
                    .connect()
                    .subscribe()
                    .with(
                            ok -> wake(),
                            failure -> LOG.warnf(
                                    "%s cannot LISTEN on %s (%s); draining every %s instead",
                                    name, channels, failure.getMessage(), safetyNet));
        }
        timerId = vertx.setPeriodic(Math.max(1, safetyNet.toMillis()), id -> wake());
        wake();
    }

    /** Stops waking; a drain under way finishes (see {@link #busy()}). */
    public synchronized void stop() {
        started = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
            subscriber = null;
        }
    }

    public boolean started() {
        return started;
    }

    /** Whether a drain is under way. */
    public boolean busy() {
        return running.get();
    }

    /** Asks for a drain: now, unless one is under way, which then runs once more. */
    public void wake() {
        if (!started) {
            return;
        }
        dirty.set(true);
        if (running.compareAndSet(false, true)) {
            runDrain();
        }
    }

    private void runDrain() {
        dirty.set(false);
        Uni<Boolean> once;
        try {
            once = drain.get();
        } catch (RuntimeException e) {
            once = Uni.createFrom().failure(e);
        }
        once.subscribe()
                .with(
                        more -> {
                            if (started && (Boolean.TRUE.equals(more) || dirty.get())) {
                                runDrain();
                                return;
                            }
                            running.set(false);
                            // A wake-up that came between the check above and this line must not be lost.
                            if (started && dirty.get() && running.compareAndSet(false, true)) {
                                runDrain();
                            }
                        },
                        failure -> {
                            LOG.warnf("%s drain failed (%s); retrying in %d ms", name, failure, RETRY_DELAY_MILLIS);
                            running.set(false);
                            vertx.setTimer(RETRY_DELAY_MILLIS, id -> wake());
                        });
    }
}
