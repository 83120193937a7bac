package dev.kiln.job.intake;

import dev.kiln.events.EventTopics;
import dev.kiln.job.JobCancels;
import dev.kiln.job.JobLedger;
import dev.kiln.job.NewJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the requests topic a poll at a time. Every record of the batch is classified, then all their
 * effects are written to the ledger in one transaction; dead letters are sent after that commits, and only
 * then is the batch acknowledged. A crash anywhere before the acknowledgement redelivers the batch, and
 * redelivered requests are recognised by jobId and fingerprint, so nothing is lost and nothing is doubled.
 */
@ApplicationScoped
public class RequestIntake {

    private static final Logger LOG = Logger.getLogger(RequestIntake.class);

    /** Backoff while an infrastructure fault lasts: from the first retry to the longest wait between tries. */
    private static final Duration FIRST_WAIT = Duration.ofMillis(200);

    private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final RequestClassifier classifier;
    private final JobLedger ledger;
    private final DeadLetterPublisher deadLetters;
    private final Pool database;
    private final IntakeHealth health;
    private final JobCancels cancels;

    public RequestIntake(
            RequestClassifier classifier,
            JobLedger ledger,
            JobCancels cancels,
            DeadLetterPublisher deadLetters,
            Pool database,
            IntakeHealth health) {
        this.classifier = classifier;
        this.ledger = ledger;
        this.cancels = cancels;
        this.deadLetters = deadLetters;
        this.database = database;
        this.health = health;
    }

    @Incoming(EventTopics.REQUESTS_CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        return process(batch.getRecords()).chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /**
     * Everything but the acknowledgement: safe to run again on the same records (that is a redelivery). It
     * completes once every record has its outcome (a job row, a change to one, or a dead letter on the broker);
     * it fails for no record, and waits out an unreachable database or broker instead.
     */
    Uni<Void> process(List<KafkaRecord<String, byte[]>> records) {
        List<Classified> classified =
                records.stream().map(r -> new Classified(r, classify(r))).toList();
        return store(
                        () -> applyToLedger(classified),
                        failure -> {
                            LOG.warnf(
                                    "A batch of %d requests failed (%s); applying them one by one",
                                    classified.size(), failure.toString());
                            return Multi.createFrom()
                                    .iterable(classified)
                                    .onItem()
                                    .transformToUniAndConcatenate(this::applyAlone)
                                    .collect()
                                    .in(ArrayList<DeadLetterPublisher.DeadLetter>::new, List::addAll);
                        },
                        0)
                .chain(letters -> letters.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Uni.join()
                                .all(letters.stream()
                                        .map(letter -> publish(letter, 0))
                                        .toList())
                                .andFailFast()
                                .replaceWithVoid())
                .invoke(() -> {
                    if (health.recovered()) {
                        LOG.info("Intake is storing and publishing again");
                    }
                });
    }

    private IntakeDecision classify(KafkaRecord<String, byte[]> record) {
        IntakeDecision decision = classifier.classify(record.getKey(), record.getHeaders(), record.getPayload());
        if (decision instanceof IntakeDecision.DeadLetter dead
                && RejectionCodes.UNPROCESSABLE_RECORD.equals(dead.code())) {
            LOG.warnf(
                    "Record at %s-%d could not be classified: %s",
                    record.getTopic(), record.getPartition(), dead.message());
        }
        return decision;
    }

    /**
     * Runs {@code work} with quick retries. If it still fails, asks PostgreSQL whether it answers: if not, the
     * fault is the system's, so it waits (readiness DOWN) and runs the work again, for as long as that takes; if
     * it does, the fault is the records', and {@code recordFault} decides what becomes of them.
     */
    private <T> Uni<T> store(Supplier<Uni<T>> work, Function<Throwable, Uni<T>> recordFault, int waits) {
        return withRetries(work).onFailure().recoverWithUni(failure -> databaseAnswers()
                .chain(answers -> {
                    if (answers) {
                        return recordFault.apply(failure);
                    }
                    return waitOut("PostgreSQL", failure, waits).chain(() -> store(work, recordFault, waits + 1));
                }));
    }

    /** Sends one dead letter; while the broker does not take it, waits (readiness DOWN) and sends it again. */
    private Uni<Void> publish(DeadLetterPublisher.DeadLetter letter, int waits) {
        return deadLetters.publish(letter).onFailure().recoverWithUni(failure -> waitOut(
                        "the Kafka broker (dead-letter topic)", failure, waits)
                .chain(() -> publish(letter, waits + 1)));
    }

    private Uni<Void> waitOut(String what, Throwable failure, int waits) {
        Duration wait = backoff(waits);
        if (health.waitingFor(what + " (" + RequestClassifier.clip(failure.toString()) + ")") || waits % 10 == 0) {
            LOG.warnf("Intake is waiting for %s, next try in %d ms: %s", what, wait.toMillis(), failure.toString());
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }

    static Duration backoff(int waits) {
        long millis = FIRST_WAIT.toMillis() << Math.min(waits, 10);
        return Duration.ofMillis(Math.min(millis, LONGEST_WAIT.toMillis()));
    }

    private Uni<Boolean> databaseAnswers() {
        return database.query("SELECT 1")
                .execute()
                .ifNoItem()
                .after(PROBE_TIMEOUT)
                .fail()
                .map(rows -> true)
                .onFailure()
                .recoverWithItem(false);
    }

    /** A failed transaction changed nothing; another try sees whatever a racing replica committed. */
    private static <T> Uni<T> withRetries(Supplier<Uni<T>> work) {
        return Uni.createFrom()
                .<T>deferred(work::get)
                // Data PostgreSQL refused (class 22) would be refused again; a unique violation (23) is retried,
                // as the row a racing replica committed is then seen.
                .onFailure(failure -> !sqlStateIn(failure, "22"))
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .atMost(3);
    }

    /**
     * One record in its own transaction. With the database answering, a record it still cannot store is set
     * aside as a dead letter: {@code UNSTORABLE_REQUEST} when PostgreSQL refused its data, {@code
     * UNPROCESSABLE_RECORD} for any other failure.
     */
    private Uni<List<DeadLetterPublisher.DeadLetter>> applyAlone(Classified c) {
        return store(
                () -> applyToLedger(List.of(c)),
                failure -> {
                    LOG.warnf(
                            "Request at %s-%d could not be stored: %s",
                            c.record().getTopic(), c.record().getPartition(), failure.toString());
                    IntakeDecision.DeadLetter dead = refusedData(failure)
                            ? new IntakeDecision.DeadLetter(
                                    RejectionCodes.UNSTORABLE_REQUEST,
                                    "The database refused this request's data: "
                                            + RequestClassifier.clip(rootMessage(failure)))
                            : RequestClassifier.unprocessable(failure);
                    return Uni.createFrom()
                            .item(List.of(new DeadLetterPublisher.DeadLetter(c.record(), dead.code(), dead.message())));
                },
                0);
    }

    /** PostgreSQL's data exceptions (SQLSTATE class 22) and integrity violations (23): the record, not the system. */
    private static boolean refusedData(Throwable failure) {
        return sqlStateIn(failure, "22") || sqlStateIn(failure, "23");
    }

    /** Whether PostgreSQL answered {@code failure} with an SQLSTATE of {@code stateClass}, however it is wrapped. */
    private static boolean sqlStateIn(Throwable failure, String stateClass) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String state = t instanceof PgException pg
                    ? pg.getSqlState()
                    : t instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState() : null;
            if (state != null && state.startsWith(stateClass)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private record Classified(KafkaRecord<String, byte[]> record, IntakeDecision decision) {}

    private Uni<List<DeadLetterPublisher.DeadLetter>> applyToLedger(List<Classified> batch) {
        List<String> ids = batch.stream()
                .map(c -> c.decision() instanceof IntakeDecision.Create create
                        ? create.job().id()
                        : null)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        // Cancels of jobs at a provider nudge their trackers, but only once the marks are committed.
        List<JobCancels.Outcome> cancelsDecided = new ArrayList<>();
        return Panache.withTransaction(() -> existingFingerprints(ids).chain(known -> Multi.createFrom()
                        .iterable(batch)
                        .onItem()
                        .transformToUniAndConcatenate(c -> apply(c, known, cancelsDecided))
                        .filter(Objects::nonNull)
                        .collect()
                        .asList()))
                .call(() -> Multi.createFrom()
                        .iterable(cancelsDecided)
                        .onItem()
                        .transformToUniAndConcatenate(cancels::afterCommit)
                        .collect()
                        .last());
    }

    private Uni<Map<String, String>> existingFingerprints(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select id, requestFingerprint from Job where id in :ids", Object[].class)
                        .setParameter("ids", ids)
                        .getResultList())
                .map(rows -> {
                    Map<String, String> known = new HashMap<>();
                    rows.forEach(row -> known.put((String) row[0], (String) row[1]));
                    return known;
                });
    }

    /** Applies one decision; returns the dead letter it produced, or null. */
    private Uni<DeadLetterPublisher.DeadLetter> apply(
            Classified c, Map<String, String> known, List<JobCancels.Outcome> cancelsDecided) {
        KafkaRecord<String, byte[]> record = c.record();
        IntakeDecision decision = c.decision();
        if (decision instanceof IntakeDecision.DeadLetter dead) {
            return Uni.createFrom().item(new DeadLetterPublisher.DeadLetter(record, dead.code(), dead.message()));
        }
        if (decision instanceof IntakeDecision.Cancel cancel) {
            return cancel(record, cancel, cancelsDecided);
        }
        NewJob job = ((IntakeDecision.Create) decision).job();
        String existing = known.get(job.id());
        if (existing == null) {
            known.put(job.id(), job.fingerprint());
            return ledger.create(job).replaceWith((DeadLetterPublisher.DeadLetter) null);
        }
        if (existing.equals(job.fingerprint())) {
            LOG.debugf("Job %s requested again with the same payload: nothing to do", job.id());
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom()
                .item(new DeadLetterPublisher.DeadLetter(
                        record,
                        RejectionCodes.DUPLICATE_JOB_ID_CONFLICT,
                        "Job " + job.id() + " exists with a different request; the existing job is unchanged. Use a new"
                                + " jobId for a different request"));
    }

    private Uni<DeadLetterPublisher.DeadLetter> cancel(
            KafkaRecord<String, byte[]> record, IntakeDecision.Cancel cancel, List<JobCancels.Outcome> decided) {
        return cancels.decide(cancel.jobId(), cancel.reason()).map(outcome -> {
            decided.add(outcome);
            if (outcome instanceof JobCancels.Outcome.UnknownJob) {
                return new DeadLetterPublisher.DeadLetter(
                        record,
                        RejectionCodes.UNKNOWN_JOB,
                        "No job " + cancel.jobId() + " to cancel; a cancel must follow its request on the same key");
            }
            if (outcome instanceof JobCancels.Outcome.AlreadyEnded ended) {
                LOG.debugf("Cancel of job %s ignored: it is already %s", ended.job().id, ended.job().state);
            }
            return null;
        });
    }
}
