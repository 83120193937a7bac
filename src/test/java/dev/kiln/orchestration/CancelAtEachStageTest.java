package dev.kiln.orchestration;

import static dev.kiln.orchestration.StageHarness.DEADLINE;
import static dev.kiln.orchestration.StageHarness.meshyCalls;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

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
 * A cancel at each stage of a job, over the requests topic and over REST: before the provider it ends the job at
 * once; at a provider that can cancel, the task is stopped there and the slot given back; at one that cannot
 * (Meshy Image-to-3D), the job ends at once, its event says so, and the slot is held until the task ends.
 */
@QuarkusTest
@TestProfile(OrchestrationProfile.class)
class CancelAtEachStageTest {

    /** Long enough that the task is surely still running when the cancel arrives. */
    private static final long LONG_TASK_MILLIS = 60_000;

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
    void aQueuedJobIsCanceledAtOnceOverRestWithoutACreateCall() {
        // The account is paused: the job waits QUEUED for capacity.
        budgets.pause("hunyuan3d-pro", Instant.now().plus(Duration.ofMinutes(5)), "test: hold the queue")
                .await()
                .atMost(StageHarness.DB);
        int createsBefore = creates("hunyuan", "create");
        String jobId = Requests.newJobId("cancel-queued");
        stage.request(jobId, StageRequests.hunyuan(jobId, null));
        stage.awaitEvent(jobId, "job.queued");

        given().contentType("application/json")
                .body("{\"reason\":\"no longer needed\"}")
                .post("/jobs/{id}/cancel", jobId)
                .then()
                .statusCode(200)
                .body("state", is("CANCELED"));

        JsonNode end = stage.awaitEnd(jobId);
        assertThat(end.get("type").asText()).isEqualTo("job.canceled");
        assertThat(end.at("/reason/code").asText()).isEqualTo("CANCELED_BY_CALLER");
        assertThat(end.at("/reason/message").asText()).isEqualTo("no longer needed");
        assertThat(stage.types(jobId)).containsExactly("job.accepted", "job.queued", "job.canceled");
        stage.assertGaplessAndValid(jobId);
        assertThat(creates("hunyuan", "create")).isEqualTo(createsBefore);
        assertThat(stage.slotsHeld(jobId)).isZero();
    }

    @Test
    void aQueuedJobIsCanceledAtOnceOverKafka() {
        budgets.pause("hunyuan3d-pro", Instant.now().plus(Duration.ofMinutes(5)), "test: hold the queue")
                .await()
                .atMost(StageHarness.DB);
        String jobId = Requests.newJobId("cancel-queued-kafka");
        stage.request(jobId, StageRequests.hunyuan(jobId, null));
        stage.awaitEvent(jobId, "job.queued");

        stage.cancelOverKafka(jobId, "changed my mind");

        JsonNode end = stage.awaitEnd(jobId);
        assertThat(end.get("type").asText()).isEqualTo("job.canceled");
        assertThat(end.at("/reason/code").asText()).isEqualTo("CANCELED_BY_CALLER");
        assertThat(end.at("/reason/message").asText()).isEqualTo("changed my mind");
        assertThat(stage.types(jobId)).containsExactly("job.accepted", "job.queued", "job.canceled");
        assertThat(stage.slotsHeld(jobId)).isZero();
    }

    @Test
    void aRunningFigureIsStoppedAtTheProviderWhenCanceledOverKafka() {
        longMeshyTasks();
        String jobId = Requests.newJobId("cancel-figure");
        stage.request(jobId, StageRequests.figure(jobId, null));
        stage.awaitEvent(jobId, "job.running");
        String taskId = stage.providerTaskId(jobId, 0);
        assertThat(stage.slotsHeld(jobId)).isEqualTo(1);

        stage.cancelOverKafka(jobId, "wrong photo");

        JsonNode end = stage.awaitEnd(jobId);
        assertThat(end.get("type").asText()).isEqualTo("job.canceled");
        assertThat(end.at("/reason/code").asText()).isEqualTo("CANCELED_BY_CALLER");
        assertThat(end.at("/reason/message").asText())
                .contains("wrong photo")
                .contains("the provider task was stopped");
        assertThat(end.at("/details/providerTask/providerTaskId").asText()).isEqualTo(taskId);
        assertThat(end.at("/details/providerTask/stopped").asBoolean()).isTrue();
        assertThat(meshyCalls("figure.prototype.delete", taskId)).hasSize(1);
        // No second step was started, and the first one's slot is free at once.
        assertThat(meshyCalls("figure.build.create", null)).isEmpty();
        assertThat(stage.slotsHeld(jobId)).isZero();
        stage.assertGaplessAndValid(jobId);
    }

    @Test
    void aRunningFigureIsStoppedAtTheProviderWhenCanceledOverRest() {
        longMeshyTasks();
        String jobId = Requests.newJobId("cancel-figure-rest");
        stage.request(jobId, StageRequests.figure(jobId, null));
        stage.awaitEvent(jobId, "job.submitted");
        String taskId = stage.providerTaskId(jobId, 0);

        given().post("/jobs/{id}/cancel", jobId).then().statusCode(202);

        JsonNode end = stage.awaitEnd(jobId);
        assertThat(end.get("type").asText()).isEqualTo("job.canceled");
        assertThat(end.at("/reason/code").asText()).isEqualTo("CANCELED_BY_CALLER");
        assertThat(end.at("/reason/message").asText()).contains("the provider task was stopped");
        assertThat(meshyCalls("figure.prototype.delete", taskId)).hasSize(1);
        assertThat(stage.slotsHeld(jobId)).isZero();
        stage.assertGaplessAndValid(jobId);
    }

    @Test
    void aCanceledImageTo3dJobEndsAtOnceButHoldsItsSlotUntilTheTaskEnds() {
        // Long enough to see the slot held after the cancel, short enough to see it freed within the deadline.
        long processing = 12_000;
        stage.emulatorRule(Scenario.of(
                new JsonObject().put("createdMillis", 0).put("queueMillis", 0).put("processingMillis", processing)));
        String jobId = Requests.newJobId("cancel-image-to-3d");
        stage.request(jobId, StageRequests.imageTo3d(jobId, null));
        stage.awaitEvent(jobId, "job.running");
        String taskId = stage.providerTaskId(jobId, 0);

        given().contentType("application/json")
                .body("{\"reason\":\"too slow\"}")
                .post("/jobs/{id}/cancel", jobId)
                .then()
                .statusCode(202);

        JsonNode end = stage.awaitEnd(jobId);
        assertThat(end.get("type").asText()).isEqualTo("job.canceled");
        assertThat(end.at("/reason/code").asText()).isEqualTo("CANCELED_BY_CALLER");
        assertThat(end.at("/reason/message").asText()).contains("too slow").contains("could not be stopped");
        assertThat(end.at("/details/providerTask/stopped").asBoolean()).isFalse();
        assertThat(end.at("/details/providerTask/providerTaskId").asText()).isEqualTo(taskId);
        // The task goes on at the provider, so its slot is still taken...
        assertThat(stage.slotsHeld(jobId)).as("slot while the task still runs").isEqualTo(1);
        assertThat(emulatorTaskFinished(taskId)).isFalse();
        // ...until the provider says the task ended.
        await().atMost(DEADLINE).until(() -> stage.slotsHeld(jobId) == 0);
        assertThat(emulatorTaskFinished(taskId)).isTrue();
        // Nothing more is announced for the canceled job.
        assertThat(stage.types(jobId).get(stage.types(jobId).size() - 1)).isEqualTo("job.canceled");
        assertThat(meshyCalls("image-to-3d.delete", taskId)).isEmpty();
        stage.assertGaplessAndValid(jobId);
    }

    private void longMeshyTasks() {
        stage.emulatorRule(Scenario.of(new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 0)
                .put("processingMillis", LONG_TASK_MILLIS)));
    }

    private static boolean emulatorTaskFinished(String taskId) {
        return StageHarness.emulator()
                .context()
                .tasks()
                .find("meshy", taskId)
                .map(task -> task.phase().isFinal())
                .orElseThrow();
    }

    private static int creates(String provider, String operation) {
        return StageHarness.emulator().context().calls().count(provider, null, operation);
    }
}
