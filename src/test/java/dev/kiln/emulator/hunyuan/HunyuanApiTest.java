package dev.kiln.emulator.hunyuan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.asset.AssetFormat;
import dev.kiln.emulator.asset.AssetSpec;
import dev.kiln.emulator.asset.Assets;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.testing.EmulatorClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Create, poll, results and errors of the Hunyuan 3D Pro aggregator. */
class HunyuanApiTest {
    static final String IMAGE_URL = "https://images.example.com/input/chair.png";
    private static EmulatorServer server;
    private static EmulatorClient client;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(
                EmulatorOptions.defaults().apis(List.of(new HunyuanApi())).baseScenario(Scenario.fastTasks()));
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

    static HttpResponse<String> create(JsonObject body, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + HunyuanApi.API_KEY));
        all.addAll(List.of(headers));
        return client.postJson("/model/v1/generation", body, all.toArray(String[]::new));
    }

    static JsonObject createOk(JsonObject body, String... headers) {
        return EmulatorClient.json(EmulatorClient.expect(create(body, headers), 200));
    }

    static JsonObject poll(String id) {
        return EmulatorClient.json(EmulatorClient.expect(
                client.get("/model/v1/generation/task/" + id, "Authorization", "Bearer " + HunyuanApi.API_KEY), 200));
    }

    static JsonObject awaitFinal(String id) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> poll(id), task -> !task.getString("status")
                .equals("in_progress"));
    }

    static JsonObject imageRequest() {
        return new JsonObject().put("model", HunyuanRequest.MODEL).put("image_url", IMAGE_URL);
    }

    @Test
    void createAnswersTheTaskInProgress() {
        JsonObject task = createOk(imageRequest(), ScenarioRegistry.HEADER, "{\"queueMillis\":600000}");

        assertThat(task.getString("id")).isNotBlank();
        assertThat(task.getString("status")).isEqualTo("in_progress");
        assertThat(task.getString("model")).isEqualTo("tencent_hunyuan_3d_pro");
        assertThat(task.getLong("created_at"))
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(task.getDouble("progress")).isZero();
        assertThat(task.containsKey("output")).isFalse();
        assertThat(task.containsKey("error")).isFalse();
        assertThat(client.callCount(HunyuanApi.PROVIDER, HunyuanApi.ACCOUNT, "create"))
                .isEqualTo(1);
    }

    @Test
    void aCompletedTaskListsObjAsAZipAndGlbBothTypedGlb() throws IOException {
        String id = createOk(imageRequest()).getString("id");

        JsonObject task = awaitFinal(id);

        assertThat(task.getString("status")).isEqualTo("completed");
        assertThat(task.containsKey("progress")).isFalse();
        JsonArray content = task.getJsonArray("output").getJsonObject(0).getJsonArray("content");
        assertThat(content).hasSize(2);
        JsonObject obj = content.getJsonObject(0);
        JsonObject glb = content.getJsonObject(1);
        assertThat(obj.getString("type")).as("the wrapper's quirk").isEqualTo("glb");
        assertThat(obj.getString("format")).isEqualTo("obj");
        assertThat(obj.getString("url")).contains(".zip?");
        assertThat(glb.getString("format")).isEqualTo("glb");
        assertThat(obj.getString("jobId")).isEqualTo(glb.getString("jobId")).matches("\\d{19}");

        byte[] zip = bytes(obj.getString("url"));
        assertThat(entries(zip)).containsExactly("model.obj", "model.mtl", "texture.png");
        assertThat(client.download(glb.getString("url")).sha256())
                .isEqualTo(Assets.sha256(
                        AssetSpec.model(id + "/glb", AssetFormat.GLB, true, Geometry.of(id, Geometry.DEFAULT_FACES))));
        assertThat(client.download(obj.getString("preview_url")).contentType()).isEqualTo("image/png");

        JsonObject usage = task.getJsonObject("usage");
        assertThat(usage.getString("cost")).isEqualTo("0.300000");
        assertThat(usage.getJsonObject("extra_info").getInteger("ResultCreditConsumed"))
                .isEqualTo(20);
        assertThat(usage.getInteger("quantity")).isEqualTo(1);
        assertThat(usage.containsKey("input_tokens")).isTrue();
        assertThat(usage.getValue("input_tokens")).isNull();
        JsonObject metadata = task.getJsonObject("metadata");
        assertThat(metadata.getDouble("completed_at")).isNotNull();
        assertThat(metadata.getDouble("in_queue_at")).isNotNull();
        assertThat(metadata.getDouble("upload_at")).isNotNull();
    }

    @Test
    void aGeometryTaskGivesAWhiteModel() throws IOException {
        String id = createOk(imageRequest().put("generate_type", "Geometry").put("enable_pbr", true))
                .getString("id");

        JsonArray content =
                awaitFinal(id).getJsonArray("output").getJsonObject(0).getJsonArray("content");

        assertThat(entries(bytes(content.getJsonObject(0).getString("url")))).containsExactly("model.obj");
    }

    @Test
    void theWrappedBodyShapesAreAccepted() {
        JsonObject params = new JsonObject()
                .put("prompt", "a wooden chair")
                .put("generate_type", "LowPoly")
                .put("polygon_type", "quadrilateral");

        createOk(new JsonObject()
                .put("model", HunyuanRequest.MODEL)
                .put("input", new JsonArray().add(params))
                .put("metadata", new JsonObject()));
        createOk(new JsonObject().put("model", HunyuanRequest.MODEL).put("params", params));

        assertThat(client.callCount(HunyuanApi.PROVIDER, HunyuanApi.ACCOUNT, "create"))
                .isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"13001095", "13001096", "13001097", "13001098", "13001099"})
    void eachFailureCodeEndsTheTaskWithItsError(String code) {
        String id = createOk(
                        imageRequest(),
                        ScenarioRegistry.HEADER,
                        new JsonObject().put("failTask", code).encode())
                .getString("id");

        JsonObject task = awaitFinal(id);

        assertThat(task.getString("status")).isEqualTo("failed");
        assertThat(task.getJsonObject("error").getString("code")).isEqualTo(code);
        assertThat(task.getJsonObject("error").getString("message")).isNotBlank();
        assertThat(task.containsKey("output")).isFalse();
        assertThat(task.containsKey("usage")).isFalse();
    }

    @Test
    void theCliStatusWordsAndFractionalProgressCanBeChosen() {
        String slow = new JsonObject()
                .put("statusWords", "cli")
                .put("progressScale", "fraction")
                .put("createdMillis", 0)
                .put("queueMillis", 600_000)
                .put("processingMillis", 600_000)
                .encode();
        String id = createOk(imageRequest(), ScenarioRegistry.HEADER, slow).getString("id");
        assertThat(poll(id).getString("status")).isEqualTo("pending");

        EmulatorClient.expect(
                client.send(client.request("/_emulator/tasks/hunyuan/" + id + "/advance")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()),
                204);
        client.advanceClock(Duration.ofSeconds(300));

        JsonObject running = poll(id);
        assertThat(running.getString("status")).isEqualTo("processing");
        assertThat(running.getDouble("progress")).isBetween(0.4, 0.6);
    }

    @Test
    void aBadKeyIs401() {
        HttpResponse<String> response =
                client.postJson("/model/v1/generation", imageRequest(), "Authorization", "Bearer wrong");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(EmulatorClient.json(response).getJsonObject("error").getString("message"))
                .isNotBlank();
        assertThat(client.get("/model/v1/generation/task/x").statusCode()).isEqualTo(401);
    }

    @Test
    void anEmptyBalanceIs403() {
        client.send(client.request("/_emulator/accounts/hunyuan/" + HunyuanApi.ACCOUNT)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"balance\":0}"))
                .build());

        assertThat(create(imageRequest()).statusCode()).isEqualTo(403);
        assertThat(server.context().tasks().size()).isZero();
    }

    @Test
    void rateLimitsAndServerErrorsCanBeInjected() {
        HttpResponse<String> limited = create(imageRequest(), ScenarioRegistry.HEADER, "rate-limited");
        HttpResponse<String> failed = create(imageRequest(), ScenarioRegistry.HEADER, "server-error");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(EmulatorClient.json(failed).getJsonObject("error").getString("code"))
                .isEqualTo("13001099");
        assertThat(server.context().tasks().size()).isZero();
    }

    @Test
    void anUnknownTaskIs404() {
        assertThat(client.get("/model/v1/generation/task/nope", "Authorization", "Bearer " + HunyuanApi.API_KEY)
                        .statusCode())
                .isEqualTo(404);
    }

    private static byte[] bytes(String url) {
        return client.send(client.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }

    private static List<String> entries(byte[] zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
                in.readAllBytes();
            }
        }
        return names;
    }
}
