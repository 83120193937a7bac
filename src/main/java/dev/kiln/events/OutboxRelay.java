package dev.kiln.events;

import dev.kiln.config.KilnConfig;
import dev.kiln.work.WakeLoop;
import dev.kiln.work.WakeLoops;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

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

    /** The NOTIFY channel of the outbox trigger (V1): an event was committed. */
    public static final String CHANNEL = "kiln_outbox";
    /** The advisory lock key that elects the relaying replica ("kiln" in ASCII). */
    private static final long RELAY_LOCK = 0x6b696c6eL;

    private static final URI SCHEMA = URI.create("https://kiln.dev/contracts/v1/job-event.schema.json");
    private static final URI SOURCE = URI.create(EventTopics.SOURCE);

    private final Pool pool;
    private final KilnConfig.Outbox config;
    private final MutinyEmitter<String> events;
    private final MutinyEmitter<String> completions;
    private final WakeLoops loops;
    private final WakeLoop loop;
    private long lastCleanup;

    @Inject
    public OutboxRelay(
            Pool pool,
            KilnConfig config,
            WakeLoops loops,
            @Channel(EventTopics.EVENTS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> events,
            @Channel(EventTopics.COMPLETIONS_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<String> completions) {
        this.pool = pool;
        this.config = config.outbox();
        this.events = events;
        this.completions = completions;
        this.loops = loops;
        this.loop = newLoop();
    }

    /** Another replica's relay: the same database and Kafka clients, its own lock attempts and wake-ups. */
    private OutboxRelay(OutboxRelay other) {
        this.pool = other.pool;
        this.config = other.config;
        this.events = other.events;
        this.completions = other.completions;
        this.loops = other.loops;
        this.loop = newLoop();
    }

    private WakeLoop newLoop() {
        return loops.loop("outbox relay", List.of(CHANNEL), config.pollInterval(), () -> relayBatch()
                .map(published -> published >= config.batchSize()));
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
    public void start() {
        loop.start();
    }

    /** Stops relaying (on shutdown; tests use it to leave events unsent). */
    public void stop() {
        loop.stop();
    }

    /** Whether a relay run is under way (a stopped relay finishes the batch it has started). */
    public boolean busy() {
        return loop.busy();
    }

    /** Asks for a relay run; runs now unless one is under way, which then runs once more. */
    public void wake() {
        loop.wake();
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
