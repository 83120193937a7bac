package dev.kiln.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.calls.CallRecord;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.support.EventSchema;
import dev.kiln.support.KafkaTestClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the stage tests share: publishing requests and cancels on the requests topic, reading a job's events from
 * the events topic, its slots and budget from the database, and the calls the emulator received. Each test's
 * emulator rules and account pauses are undone by {@link #reset}, so the next test (and the next class on the same
 * Quarkus boot) starts clean.
 */
final class StageHarness {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final Duration DB = Duration.ofSeconds(10);
    static final Set<String> TERMINAL = Set.of("job.failed", "job.rejected", "job.canceled", "job.completed");

    /** The emulator's Meshy account the configured key belongs to. */
    static final String MESHY_ACCOUNT = "default";

    private final KafkaTestClient kafka;
    private final Pool pool;
    private final String requests;
    private final String events;

    StageHarness(String bootstrap, Pool pool, String requests, String events) {
        this.kafka = KafkaTestClient.of(bootstrap);
        this.pool = pool;
        this.requests = requests;
        this.events = events;
    }

    static EmulatorServer emulator() {
        return OrchestrationStack.emulator();
    }

    /** Drops the emulator's scenario rules and every account pause a test left. */
    void reset() {
        emulator().context().scenarios().clear();
        pool.query("UPDATE account_budget SET paused_until = NULL, pause_reason = NULL")
                .execute()
                .await()
                .atMost(DB);
    }

    /** Applies {@code scenario} to every call and task of Kiln's Meshy account until {@link #reset}. */
    void emulatorRule(Scenario scenario) {
        emulator().context().scenarios().forAccount("meshy", MESHY_ACCOUNT, scenario);
    }

    void request(String jobId, String json) {
        kafka.sendBinaryEvent(requests, jobId, "job.requested", json);
    }

    void cancelOverKafka(String jobId, String reason) {
        kafka.sendBinaryEvent(
                requests,
                jobId,
                "job.cancel-requested",
                "{\"jobId\":\"%s\",\"reason\":\"%s\"}".formatted(jobId, reason));
    }

    List<JsonNode> events(String jobId) {
        return kafka.records(events, jobId).stream().map(KafkaTestClient::json).toList();
    }

    List<String> types(String jobId) {
        return events(jobId).stream().map(e -> e.get("type").asText()).toList();
    }

    /** Waits for an event of {@code type}, failing at once if the job ends some other way first. */
    JsonNode awaitEvent(String jobId, String type) {
        await().atMost(DEADLINE)
                .failFast(
                        "job " + jobId + " ended before " + type + ": " + types(jobId),
                        () -> !TERMINAL.contains(type) && types(jobId).stream().anyMatch(TERMINAL::contains))
                .until(() -> types(jobId).contains(type));
        return events(jobId).stream()
                .filter(e -> e.get("type").asText().equals(type))
                .findFirst()
                .orElseThrow();
    }

    /** Waits for the job's terminal event and answers it; the job must end exactly once. */
    JsonNode awaitEnd(String jobId) {
        await().atMost(DEADLINE).until(() -> types(jobId).stream().anyMatch(TERMINAL::contains));
        List<JsonNode> ends = events(jobId).stream()
                .filter(e -> TERMINAL.contains(e.get("type").asText()))
                .toList();
        assertThat(ends).as("terminal events of " + jobId).hasSize(1);
        return ends.get(0);
    }

    /** One event per transition: sequence 1..n without gap, each valid against the contract. */
    void assertGaplessAndValid(String jobId) {
        List<JsonNode> announced = events(jobId);
        for (int i = 0; i < announced.size(); i++) {
            JsonNode event = announced.get(i);
            assertThat(event.get("sequence").asLong()).as(event.toString()).isEqualTo(i + 1);
            assertThat(EventSchema.violations(event)).as(event.toString()).isEmpty();
        }
    }

    long slotsHeld(String jobId) {
        return pool.preparedQuery("SELECT count(*) FROM account_slot WHERE job_id = $1")
                .execute(Tuple.of(jobId))
                .await()
                .atMost(DB)
                .iterator()
                .next()
                .getLong(0);
    }

    /** The account's pause end, if any is recorded (past or not). */
    Instant pausedUntil(String account) {
        Row row = pool.preparedQuery("SELECT paused_until FROM account_budget WHERE account = $1")
                .execute(Tuple.of(account))
                .await()
                .atMost(DB)
                .iterator()
                .next();
        return row.getOffsetDateTime("paused_until") == null
                ? null
                : row.getOffsetDateTime("paused_until").toInstant();
    }

    String jobState(String jobId) {
        return pool.preparedQuery("SELECT state FROM job WHERE id = $1")
                .execute(Tuple.of(jobId))
                .await()
                .atMost(DB)
                .iterator()
                .next()
                .getString("state");
    }

    String providerTaskId(String jobId, int stepIndex) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT provider_task_id FROM work_item WHERE job_id = $1 AND step_index = $2")
                .execute(Tuple.of(jobId, stepIndex))
                .await()
                .atMost(DB)
                .forEach(rows::add);
        return rows.isEmpty() ? null : rows.get(0).getString("provider_task_id");
    }

    /** The emulator's calls of one Meshy operation (e.g. {@code image-to-3d.create}) for one task, or all. */
    static List<CallRecord> meshyCalls(String operation, String taskId) {
        return emulator().context().calls().calls("meshy", MESHY_ACCOUNT, operation).stream()
                .filter(call -> taskId == null || taskId.equals(call.taskId()))
                .toList();
    }
}
