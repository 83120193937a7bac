package dev.kiln.emulator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.testing.EmulatorClient;
import dev.kiln.emulator.testing.ProbeApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {
    private static final String AUTH = "Authorization";
    private static EmulatorServer server;
    private static EmulatorClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(EmulatorOptions.defaults().apis(List.of(new ProbeApi())));
        client = new EmulatorClient(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        client.reset();
    }

    private String createTask() {
        return EmulatorClient.json(EmulatorClient.expect(
                        client.postJson("/probe/tasks", new JsonObject(), AUTH, "probe-key"), 200))
                .getString("id");
    }

    private String createTask(String scenario) {
        return EmulatorClient.json(EmulatorClient.expect(
                        client.postJson(
                                "/probe/tasks", new JsonObject(), AUTH, "probe-key", ScenarioRegistry.HEADER, scenario),
                        200))
                .getString("id");
    }

    @Test
    void callsAreCountedPerAccountAndOperation() {
        createTask();
        client.get("/probe/ping", AUTH, "probe-key");
        client.get("/probe/ping");

        JsonObject counts = EmulatorClient.json(client.get("/_emulator/calls")).getJsonObject("counts");

        assertThat(counts.getJsonObject("probe").getJsonObject("probe-account"))
                .isEqualTo(new JsonObject().put("create", 1).put("ping", 1));
        assertThat(client.callCount("probe", "probe-account", "create")).isEqualTo(1);
        assertThat(client.callCount("probe", null, "ping")).isEqualTo(2);
        JsonArray calls = EmulatorClient.json(client.get("/_emulator/calls?operation=create"))
                .getJsonArray("calls");
        assertThat(calls).hasSize(1);
        assertThat(calls.getJsonObject(0).getInteger("status")).isEqualTo(200);
    }

    @Test
    void tasksAreListedAdvancedAndCompleted() {
        // Held in the queue, so only the admin's "complete" can end it, however slow the machine.
        String id = createTask("{\"queueMillis\":600000}");
        JsonArray tasks = EmulatorClient.json(client.get("/_emulator/tasks?provider=probe"))
                .getJsonArray("tasks");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.getJsonObject(0).getString("id")).isEqualTo(id);

        assertThat(post("/_emulator/tasks/probe/" + id + "/complete", "{\"outcome\":\"failed\",\"code\":\"E1\"}"))
                .isEqualTo(204);

        JsonObject task = client.task("probe", id);
        assertThat(task.getString("phase")).isEqualTo("FAILED");
        assertThat(task.getString("failureCode")).isEqualTo("E1");
        assertThat(post("/_emulator/tasks/probe/unknown/advance", "")).isEqualTo(404);
    }

    @Test
    void scenarioRulesAreListedAndRemoved() {
        String id = client.addScenario(new JsonObject()
                .put("provider", "probe")
                .put("scenario", new JsonObject().put("fault", "http_error").put("status", 503)));
        assertThat(client.get("/probe/ping").statusCode()).isEqualTo(503);
        assertThat(EmulatorClient.json(client.get("/_emulator/scenarios")).getJsonArray("rules"))
                .hasSize(1);

        client.send(client.request("/_emulator/scenarios/" + id).DELETE().build());

        assertThat(client.get("/probe/ping").statusCode()).isEqualTo(200);
    }

    @Test
    void theBaseScenarioAppliesToEverything() {
        client.send(client.request("/_emulator/scenarios/base")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"fault\":\"http_error\",\"status\":502}"))
                .build());
        assertThat(client.get("/probe/ping").statusCode()).isEqualTo(502);

        client.reset();

        assertThat(client.get("/probe/ping").statusCode())
                .as("reset restores the base")
                .isEqualTo(200);
    }

    @Test
    void accountsCanBeChangedAndTheConcurrencyLimitHolds() {
        client.send(client.request("/_emulator/accounts/probe/probe-account")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"concurrency\":1}"))
                .build());
        String first = EmulatorClient.json(client.postJson(
                        "/probe/tasks",
                        new JsonObject(),
                        AUTH,
                        "probe-key",
                        "X-Emulator-Scenario",
                        "{\"queueMillis\":0,\"processingMillis\":600000}"))
                .getString("id");
        String second = createTask();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> client.task("probe", second)
                .getBoolean("heldBack"));
        assertThat(client.task("probe", second).getString("phase")).isEqualTo("QUEUED");

        assertThat(post("/_emulator/tasks/probe/" + first + "/complete", "")).isEqualTo(204);

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> client.task("probe", second).getString("phase").equals("SUCCEEDED"));
        JsonObject account = EmulatorClient.json(client.get("/_emulator/accounts"))
                .getJsonArray("accounts")
                .getJsonObject(0);
        assertThat(account.getInteger("concurrency")).isEqualTo(1);
        assertThat(account.getJsonArray("credentials")).containsExactly("key");
    }

    @Test
    void theClockMovesForwardAndResetPutsItBack() {
        client.advanceClock(Duration.ofHours(2));
        assertThat(EmulatorClient.json(client.get("/_emulator/clock")).getLong("offsetMillis"))
                .isEqualTo(7_200_000L);

        client.reset();

        assertThat(EmulatorClient.json(client.get("/_emulator/clock")).getLong("offsetMillis"))
                .isZero();
    }

    @Test
    void aBadAdminBodyIs400() {
        assertThat(client.postJson("/_emulator/scenarios", new JsonObject()).statusCode())
                .isEqualTo(201);
        assertThat(client.send(client.request("/_emulator/scenarios")
                                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                                .build())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theServiceFileMountsHitem3dAndHunyuan() {
        try (EmulatorServer discovered = EmulatorServer.start(EmulatorOptions.defaults())) {
            assertThat(discovered.apis()).extracting(api -> api.provider()).contains("hitem3d", "hunyuan");
        }
    }

    @Test
    void assetUrlsUseThePublicBaseUrl() {
        try (EmulatorServer behindProxy = EmulatorServer.start(
                EmulatorOptions.defaults().apis(List.of()).publicBaseUrl("http://emulator.internal:8090/"))) {
            EmulatorClient direct = new EmulatorClient("http://127.0.0.1:" + behindProxy.port());

            String url = EmulatorClient.json(EmulatorClient.expect(
                            direct.postJson("/_emulator/assets", new JsonObject().put("format", "stl")), 201))
                    .getString("url");

            assertThat(behindProxy.baseUrl()).isEqualTo("http://emulator.internal:8090");
            assertThat(url).startsWith("http://emulator.internal:8090/assets/emulator/asset.stl?");
            assertThat(direct.get(url.replace("http://emulator.internal:8090", direct.baseUrl()))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    private static int post(String path, String body) {
        return client.send(client.request(path)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build())
                .statusCode();
    }
}
