package dev.kiln.orchestration;

import static dev.kiln.orchestration.StageHarness.meshyCalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.dispatch.budget.AccountBudgets;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request's deadline passing while the job waits for capacity, or while its task runs: the job fails with
 * DEADLINE_EXCEEDED, its task is canceled at the provider where that is possible, and its slot is given back.
 */
@QuarkusTest
@TestProfile(OrchestrationProfile.class)
class DeadlineAtEachStageTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "kiln.topics.requests")
    String requests;

    @ConfigProperty(name = "kiln.topics.events")
    String events;

    @Inject
    Pool pool;

    @Inject
    AccountBudgets budgets;

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
    void aDeadlinePassingWhileQueuedFailsTheJobWithoutACreateCall() {
        budgets.pause("hunyuan3d-pro", Instant.now().plus(Duration.ofMinutes(5)), "test: hold the queue")
                .await()
                .atMost(StageHarness.DB);
        int createsBefore = StageHarness.emulator().context().calls().count("hunyuan", null, "create");
        String jobId = Requests.newJobId("deadline-queued");
        Instant deadline = Instant.now().plusSeconds(3);
        stage.request(jobId, StageRequests.hunyuan(jobId, deadline));
        stage.awaitEvent(jobId, "job.queued");

        JsonNode end = stage.awaitEnd(jobId);

        assertThat(end.get("type").asText()).isEqualTo("job.failed");
        assertThat(end.at("/reason/code").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(Instant.parse(end.get("occurredAt").asText())).isAfterOrEqualTo(deadline);
        assertThat(stage.types(jobId)).containsExactly("job.accepted", "job.queued", "job.failed");
        assertThat(StageHarness.emulator().context().calls().count("hunyuan", null, "create"))
                .isEqualTo(createsBefore);
        assertThat(stage.slotsHeld(jobId)).isZero();
        stage.assertGaplessAndValid(jobId);
    }

    @Test
    void aDeadlinePassingWhileRunningCancelsTheFigureTaskAndFailsTheJob() {
        longMeshyTasks(60_000);
        String jobId = Requests.newJobId("deadline-figure");
        Instant deadline = Instant.now().plusSeconds(6);
        stage.request(jobId, StageRequests.figure(jobId, deadline));
        stage.awaitEvent(jobId, "job.running");
        String taskId = stage.providerTaskId(jobId, 0);

        JsonNode end = stage.awaitEnd(jobId);

        assertThat(end.get("type").asText()).isEqualTo("job.failed");
        assertThat(end.at("/reason/code").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(end.at("/reason/message").asText()).contains("the provider task was stopped");
        assertThat(end.at("/details/providerTask/stopped").asBoolean()).isTrue();
        assertThat(Instant.parse(end.get("occurredAt").asText())).isAfterOrEqualTo(deadline);
        assertThat(meshyCalls("figure.prototype.delete", taskId)).hasSize(1);
        assertThat(stage.slotsHeld(jobId)).isZero();
        stage.assertGaplessAndValid(jobId);
    }

    @Test
    void aDeadlinePassingWhileRunningFailsAnImageTo3dJobWhoseTaskCannotBeStopped() {
        longMeshyTasks(10_000);
        String jobId = Requests.newJobId("deadline-image-to-3d");
        Instant deadline = Instant.now().plusSeconds(4);
        stage.request(jobId, StageRequests.imageTo3d(jobId, deadline));
        stage.awaitEvent(jobId, "job.running");
        String taskId = stage.providerTaskId(jobId, 0);

        JsonNode end = stage.awaitEnd(jobId);

        assertThat(end.get("type").asText()).isEqualTo("job.failed");
        assertThat(end.at("/reason/code").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(end.at("/reason/message").asText()).contains("could not be stopped");
        assertThat(end.at("/details/providerTask/stopped").asBoolean()).isFalse();
        assertThat(meshyCalls("image-to-3d.delete", taskId)).isEmpty();
        // The task runs on at the provider, and its slot with it, until it ends.
        org.awaitility.Awaitility.await().atMost(StageHarness.DEADLINE).until(() -> stage.slotsHeld(jobId) == 0);
        assertThat(StageHarness.emulator()
                        .context()
                        .tasks()
                        .find("meshy", taskId)
                        .orElseThrow()
                        .phase()
                        .isFinal())
                .isTrue();
        stage.assertGaplessAndValid(jobId);
    }

    private void longMeshyTasks(long processingMillis) {
        stage.emulatorRule(Scenario.of(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 0)
                .put("processingMillis", processingMillis)));
    }
}
