package dev.kiln.events;

import dev.kiln.config.KilnConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in commit order — every event to the events topic, terminal ones to the
 * completions topic too — waits for the broker's acknowledgements (acks=all, idempotent producer), then marks
 * them sent in the same transaction that selected them.
 *
 * <p>A database trigger NOTIFYs every replica when an event commits, so the relay runs within milliseconds; a
 * slow poll is only a safety net. One replica relays at a time (a transaction-scoped advisory lock), which keeps
 * each job's events in sequence order across replicas; the others are woken by the same notifications and take
 * over when it stops. A crash between publish and commit republishes a batch: consumers de-duplicate on the
 * event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CHANNEL = "kiln_outbox";
    /** The advisory lock key that elects the relaying replica ("kiln" in ASCII). */
    private static final long RELAY_LOCK = 0x6b696c6eL;

    private static final long RETRY_DELAY_MILLIS = 250;

    private static final URI SCHEMA = URI.create("https://kiln.dev/contracts/v1/job-event.schema.json");
    private static final URI SOURCE = URI.create(EventTopics.SOURCE);

    private final Pool pool;
    private final Vertx vertx;
    private final KilnConfig.Outbox config;
    private final MutinyEmitter<String> events;
    private final MutinyEmitter<String> completions;
    private final PgConnectOptions listenOptions;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile boolean started;
    private PgSubscriber subscriber;
    private long timerId = -1;
    private long lastCleanup;

    @Inject
    public OutboxRelay(
            Pool pool,
            Vertx vertx,
            KilnConfig config,
            @Channel(EventTopics.EVENTS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> events,
            @Channel(EventTopics.COMPLETIONS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> completions,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config.outbox();
        this.events = events;
        this.completions = completions;
        this.listenOptions = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user)
                .setPassword(password);
    }

    /** Another replica's relay: the same database and Kafka clients, its own lock attempts and wake-ups. */
    private OutboxRelay(OutboxRelay other) {
        this.pool = other.pool;
        this.vertx = other.vertx;
        this.config = other.config;
        this.events = other.events;
        this.completions = other.completions;
        this.listenOptions = other.listenOptions;
    }

    /** For tests: a relay that behaves like one on a second replica. */
    public OutboxRelay anotherReplica() {
        return new OutboxRelay(this);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts listening and relaying; anything left unsent (by a crash, say) is published at once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        subscriber = PgSubscriber.subscriber(vertx, listenOptions).reconnectPolicy(attempt -> 1000L);
        subscriber.channel(CHANNEL).handler(payload -> wake());
        subscriber
                .connect()
                .subscribe()
                .with(
                        ok -> wake(),
                        failure -> LOG.warnf(
                                "Cannot LISTEN for outbox commits (%s); relaying every %s instead",
                                failure.getMessage(), config.pollInterval()));
        timerId = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
        wake();
    }

    /** Stops relaying (on shutdown; tests use it to leave events unsent). */
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

    /** Whether a relay run is under way (a stopped relay finishes the batch it has started). */
    public boolean busy() {
        return running.get();
    }

    /** Asks for a relay run; runs now unless one is under way, which then runs once more. */
    public void wake() {
        if (!started) {
            return;
        }
        dirty.set(true);
        if (running.compareAndSet(false, true)) {
            drain();
        }
    }

    private void drain() {
        dirty.set(false);
        relayBatch()
                .subscribe()
                .with(
                        published -> {
                            if (started && (published >= config.batchSize() || dirty.get())) {
                                drain();
                                return;
                            }
                            running.set(false);
                            // A wake-up that came between the check above and this line must not be lost.
                            if (started && dirty.get() && running.compareAndSet(false, true)) {
                                drain();
                            }
                        },
                        failure -> {
                            LOG.warnf(
                                    "Outbox relay run failed (%s); retrying in %d ms or at the next commit",
                                    failure, RETRY_DELAY_MILLIS);
                            running.set(false);
                            // Not at once (the cause may persist), but not only at the next poll either.
                            vertx.setTimer(RETRY_DELAY_MILLIS, id -> wake());
                        });
    }

    /** One transaction: take the relay lock, publish the oldest unsent events, mark them sent. */
    Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .execute(Tuple.of(RELAY_LOCK))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? publishUnsent(connection).call(published -> cleanUpNowAndThen(connection))
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishUnsent(SqlConnection connection) {
        return connection
                .preparedQuery("SELECT id, event_id, job_id, sequence, event_type, terminal, payload::text AS payload,"
                        + " created_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1")
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Long> ids = new ArrayList<>(rows.size());
                    List<Uni<Void>> sends = new ArrayList<>(rows.size() * 2);
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        sends.add(events.sendMessage(toMessage(row)));
                        if (row.getBoolean("terminal")) {
                            sends.add(completions.sendMessage(toMessage(row)));
                        }
                    }
                    // join() subscribes in list order, so each job's events reach the producer in sequence order.
                    return Uni.join()
                            .all(sends)
                            .andFailFast()
                            .ifNoItem()
                            .after(config.publishTimeout())
                            .fail()
                            .chain(() -> connection
                                    .preparedQuery("UPDATE outbox SET sent_at = now() WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids.toArray(new Long[0]))))
                            .replaceWith(ids.size());
                });
    }

    private static Message<String> toMessage(Row row) {
        String jobId = row.getString("job_id");
        long sequence = row.getLong("sequence");
        OffsetDateTime createdAt = row.getOffsetDateTime("created_at");
        return Message.of(row.getString("payload"))
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(row.getUUID("event_id").toString())
                        .withType(row.getString("event_type"))
                        .withSource(SOURCE)
                        .withSubject(jobId)
                        .withTimestamp(createdAt.toZonedDateTime())
                        .withDataContentType("application/json")
                        .withDataSchema(SCHEMA)
                        .withExtension("sequence", Long.toString(sequence))
                        .build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(jobId)
                        .build());
    }

    /** Deletes events sent longer ago than the retention, at most once a minute, by the replica holding the lock. */
    private Uni<Void> cleanUpNowAndThen(SqlConnection connection) {
        long now = System.currentTimeMillis();
        if (now - lastCleanup < 60_000) {
            return Uni.createFrom().voidItem();
        }
        lastCleanup = now;
        return connection
                .preparedQuery("DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.retention().toSeconds()))
                .replaceWithVoid();
    }
}
