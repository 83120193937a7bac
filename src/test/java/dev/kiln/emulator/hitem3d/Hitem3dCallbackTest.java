package dev.kiln.emulator.hitem3d;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.callback.CallbackAttempt;
import dev.kiln.emulator.callback.CallbackDelivery;
import dev.kiln.emulator.callback.CallbackSender;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.testing.CallbackReceiver;
import dev.kiln.emulator.testing.EmulatorClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Callbacks on success and failure, the vendor's retries, and the callback scenarios. */
class Hitem3dCallbackTest {
    private static EmulatorServer server;
    private static EmulatorClient client;
    private static Hitem3dClient hitem3d;
    private CallbackReceiver receiver;
    private String token;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(EmulatorOptions.defaults()
                .apis(List.of(new Hitem3dApi()))
                .baseScenario(Scenario.fastTasks().with("callbackRetryDelayMillis", 20)));
        client = new EmulatorClient(server.baseUrl());
        hitem3d = new Hitem3dClient(client);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        client.reset();
        receiver = new CallbackReceiver();
        token = hitem3d.token();
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    private String submit(JsonObject scenario) {
        var form = Hitem3dClient.singleImage("3")
                .field("face", "100000") // the smallest: the download stays small
                .field("callback_url", receiver.url("/hitem3d/job-token-1"));
        return hitem3d.submit(token, form, ScenarioRegistry.HEADER, scenario.encode())
                .getJsonObject("data")
                .getString("task_id");
    }

    /** Submits with callbacks on the final state only, so the tests of the delivery modes see one body. */
    private String submitFinal(JsonObject scenario) {
        return submit(scenario.copy().put("callbackStates", "final"));
    }

    private List<JsonObject> awaitCallbacks(int count) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(receiver::received, received -> received.size() >= count);
    }

    @Test
    void aSuccessfulTaskPostsItsQueryBodyToTheCallbackUrl() {
        String taskId = submitFinal(new JsonObject());

        JsonObject callback = awaitCallbacks(1).get(0);

        assertThat(callback.getInteger("code")).isEqualTo(200);
        assertThat(callback.getJsonObject("data").getString("task_id")).isEqualTo(taskId);
        assertThat(callback.getJsonObject("data").getString("state")).isEqualTo("success");
        assertThat(client.download(callback.getJsonObject("data").getString("url"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aFailedTaskPostsTheFailure() {
        String taskId = submitFinal(new JsonObject().put("failTask", "50010001"));

        JsonObject callback = awaitCallbacks(1).get(0);

        // Exactly the query's failure body, as seed 000 says a callback is.
        assertThat(callback)
                .isEqualTo(new JsonObject()
                        .put("code", 50010001)
                        .put("data", new JsonObject())
                        .put("msg", "generate failed"));
        assertThat(attempts(taskId)).hasSize(1);
    }

    @Test
    void aFailureCallbackCanNameItsTask() {
        String taskId = submitFinal(new JsonObject().put("failTask", "50010001").put("callbackIncludesTaskId", true));

        JsonObject callback = awaitCallbacks(1).get(0);

        assertThat(callback.getInteger("code")).isEqualTo(50010001);
        assertThat(callback.getJsonObject("data").getString("task_id")).isEqualTo(taskId);
        assertThat(callback.getJsonObject("data").getString("state")).isEqualTo("failed");
    }

    @Test
    void everyStateChangeIsPostedAndOnlyTheFinalOneIsRetried() {
        receiver.refuse(100);
        String taskId = submit(new JsonObject());

        // queueing and processing once each, success four times (first try and three retries).
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> attempts(taskId).size() == 6);

        assertThat(attempts(taskId))
                .extracting(attempt -> attempt.body().getJsonObject("data").getString("state"))
                .containsExactlyInAnyOrder("queueing", "processing", "success", "success", "success", "success");
        assertThat(receiver.received()).hasSize(6);
    }

    @Test
    void theCallbackCanCarryItsStateAsStatus() {
        submitFinal(new JsonObject().put("callbackStateField", "status"));

        JsonObject data = awaitCallbacks(1).get(0).getJsonObject("data");

        assertThat(data.getString("status")).isEqualTo("success");
        assertThat(data.containsKey("state")).isFalse();
    }

    @Test
    void theCallbackCanCarryItsStateAsBothFields() {
        submitFinal(new JsonObject().put("callbackStateField", "both"));

        JsonObject data = awaitCallbacks(1).get(0).getJsonObject("data");

        assertThat(data.getString("status")).isEqualTo("success");
        assertThat(data.getString("state")).isEqualTo("success");
    }

    @Test
    void aResetDropsCallbacksThatWereStillPending() {
        CallbackSender sender = server.context().callbacks();
        sender.send(new CallbackDelivery(
                Hitem3dApi.PROVIDER,
                "pending-task",
                receiver.url("/hitem3d/pending"),
                new JsonObject().put("code", 200),
                null,
                3,
                Scenario.of(new JsonObject().put("callbacks", "delayed").put("callbackDelayMillis", 1500))));

        client.reset();

        // The delayed delivery was due 1.5 s after it was scheduled; nothing may come after the reset.
        Awaitility.await()
                .during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> receiver.received().isEmpty() && sender.attempts().isEmpty());
    }

    @Test
    void aFailedDeliveryIsRetriedThreeTimes() {
        receiver.refuse(100);
        String taskId = submitFinal(new JsonObject());

        awaitCallbacks(4);

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> attempts(taskId).size() == 4);
        assertThat(attempts(taskId)).extracting(CallbackAttempt::status).containsOnly(500);
        assertThat(receiver.received()).hasSize(4);
    }

    @Test
    void aDeliveryThatSucceedsOnRetryStops() {
        receiver.refuse(1);
        String taskId = submitFinal(new JsonObject());

        awaitCallbacks(2);

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> attempts(taskId).size() == 2);
        assertThat(attempts(taskId)).extracting(CallbackAttempt::delivered).containsExactly(false, true);
    }

    @Test
    void callbacksCanBeDuplicated() {
        submitFinal(new JsonObject().put("callbacks", "duplicate"));

        List<JsonObject> received = awaitCallbacks(2);

        assertThat(received.get(0)).isEqualTo(received.get(1));
    }

    @Test
    void callbacksCanArriveOutOfOrder() {
        submitFinal(new JsonObject().put("callbacks", "out_of_order").put("callbackDelayMillis", 200));

        List<JsonObject> received = awaitCallbacks(2);

        assertThat(received)
                .extracting(body -> body.getJsonObject("data").getString("state"))
                .containsExactly("success", "processing");
    }

    @Test
    void callbacksCanBeDelayed() {
        String taskId = submitFinal(new JsonObject().put("callbacks", "delayed").put("callbackDelayMillis", 1500));

        awaitCallbacks(1);
        // The receiver can see the callback before the emulator has recorded its attempt.
        var delivered = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> attempts(taskId), list -> !list.isEmpty())
                .get(0);

        // Both instants come from the emulator's clock: the delivery happened at least the delay after the end.
        Instant finished = server.context()
                .tasks()
                .find(Hitem3dApi.PROVIDER, taskId)
                .orElseThrow()
                .finishedAt();
        assertThat(Duration.between(finished, delivered.at())).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void callbacksCanBeWithheld() {
        String taskId = submitFinal(new JsonObject().put("callbacks", "never"));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !attempts(taskId)
                .isEmpty());

        assertThat(attempts(taskId)).singleElement().satisfies(attempt -> assertThat(attempt.suppressed())
                .isTrue());
        assertThat(receiver.received()).isEmpty();
        assertThat(EmulatorClient.json(client.get("/_emulator/callbacks")).getJsonArray("callbacks"))
                .hasSize(1);
    }

    private List<CallbackAttempt> attempts(String taskId) {
        return server.context().callbacks().attempts().stream()
                .filter(attempt -> attempt.taskId().equals(taskId))
                .toList();
    }
}
