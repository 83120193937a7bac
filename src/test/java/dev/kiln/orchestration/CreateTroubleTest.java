package dev.kiln.orchestration;

import static dev.kiln.orchestration.StageHarness.meshyCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.emulator.calls.CallRecord;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A create call the provider refuses with 429 and Retry-After pauses the whole account and is retried after the
 * wait; a create call whose answer never arrives leaves the job SUBMIT_UNKNOWN until the reconciler finds its task
 * in the provider's listing, and no second task is ever created.
 */
@QuarkusTest
@TestProfile(OrchestrationProfile.class)
class CreateTroubleTest {

    private static final String CREATE = "image-to-3d.create";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "kiln.topics.requests")
    String requests;

    @ConfigProperty(name = "kiln.topics.events")
    String events;

    @Inject
    Pool pool;

    StageHarness stage;

    @BeforeEach
    void connect() {
        stage = new StageHarness(bootstrap, pool, requests, events);
        stage.reset();
    }

    @AfterEach
    void cleanUp() {
        stage.reset();
    }

    @Test
    void aRateLimitedCreatePausesTheAccountAndIsRetriedAfterTheWait() {
        int createsBefore = allMeshyCreates().size();
        StageHarness.emulator()
                .context()
                .scenarios()
                .forOperation(
                        "meshy",
                        CREATE,
                        1,
                        Scenario.of(new JsonObject()
                                .put("fault", "http_error")
                                .put("status", 429)
                                .put("retryAfterSeconds", 3)));
        String jobId = Requests.newJobId("rate-limited");
        stage.request(jobId, StageRequests.imageTo3d(jobId, null));

        // The pause is recorded for every replica, as long as the provider asked.
        AtomicReference<Instant> pausedUntil = new AtomicReference<>();
        await().atMost(StageHarness.DEADLINE).until(() -> {
            pausedUntil.set(stage.pausedUntil("meshy"));
            return pausedUntil.get() != null;
        });
        stage.awaitEvent(jobId, "job.generated");

        List<CallRecord> creates =
                allMeshyCreates().subList(createsBefore, allMeshyCreates().size());
        assertThat(creates).extracting(CallRecord::status).containsExactly(429, 202);
        Instant refusedAt = at(creates.get(0));
        assertThat(Duration.between(refusedAt, pausedUntil.get()))
                .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        // No create call of the account (any Meshy API) reached the provider during the pause.
        assertThat(at(creates.get(1))).isAfterOrEqualTo(pausedUntil.get());
        assertThat(stage.types(jobId))
                .containsSubsequence(
                        "job.queued",
                        "job.submitting",
                        "job.queued",
                        "job.submitting",
                        "job.submitted",
                        "job.generated");
        JsonNode requeued = stage.events(jobId).stream()
                .filter(e -> e.get("type").asText().equals("job.queued"))
                .skip(1)
                .findFirst()
                .orElseThrow();
        assertThat(requeued.at("/reason/code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(stage.slotsHeld(jobId)).isZero();
        stage.assertGaplessAndValid(jobId);
    }

    @Test
    void aCreateWhoseAnswerNeverArrivesIsReconciledFromTheListingWithOneCreateCall() {
        int createsBefore = allMeshyCreates().size();
        // The task is created, but its answer trickles in far slower than the client's request timeout: Kiln cannot
        // know whether the call created anything. (The emulator's 'hang' answers before creating, so it would leave
        // no task to find.)
        StageHarness.emulator()
                .context()
                .scenarios()
                .forOperation(
                        "meshy",
                        CREATE,
                        1,
                        Scenario.of(new JsonObject().put("fault", "trickle").put("trickleBytesPerSecond", 1)));
        String jobId = Requests.newJobId("unknown-create");
        stage.request(jobId, StageRequests.imageTo3d(jobId, null));

        JsonNode unknown = stage.awaitEvent(jobId, "job.submit-unknown");
        assertThat(unknown.at("/reason/code").asText()).isEqualTo("TIMED_OUT");
        stage.awaitEvent(jobId, "job.generated");

        List<CallRecord> creates =
                allMeshyCreates().subList(createsBefore, allMeshyCreates().size());
        assertThat(creates).as("create calls at the provider").hasSize(1);
        assertThat(meshyCalls("image-to-3d.list", null)).isNotEmpty();
        String taskId = stage.providerTaskId(jobId, 0);
        assertThat(StageHarness.emulator().context().tasks().find("meshy", taskId))
                .isPresent();
        assertThat(stage.types(jobId))
                .containsSubsequence(
                        "job.accepted",
                        "job.queued",
                        "job.submitting",
                        "job.submit-unknown",
                        "job.submitted",
                        "job.generated");
        assertThat(stage.slotsHeld(jobId)).isZero();
        stage.assertGaplessAndValid(jobId);
    }

    private static Instant at(CallRecord call) {
        return Instant.parse(call.toJson().getString("at"));
    }

    private static List<CallRecord> allMeshyCreates() {
        return StageHarness.emulator().context().calls().calls("meshy", StageHarness.MESHY_ACCOUNT, null).stream()
                .filter(call -> call.operation().endsWith(".create"))
                .toList();
    }
}
