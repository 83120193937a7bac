package dev.kiln.emulator.hunyuan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.testing.EmulatorClient;
import dev.kiln.emulator.testing.ModelFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a finished task's files hold: face_count triangles in every format, PBR maps, a mesh of its own. */
class HunyuanModelFilesTest {
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

    @Test
    void everyFormatHasFaceCountTriangles() {
        Map<String, String> urls = finished(request().put("face_count", 3_000), "[\"glb\",\"fbx\"]");

        assertThat(ModelFiles.glbTriangles(bytes(urls.get("glb")))).isEqualTo(3_000);
        assertThat(ModelFiles.fbxTriangles(bytes(urls.get("fbx")))).isEqualTo(3_000);
    }

    @Test
    void lowPolyIgnoresFaceCountAndAMissingOneGivesTheDefault() {
        Map<String, String> lowPoly =
                finished(request().put("generate_type", "LowPoly").put("face_count", 3_000), "[\"glb\"]");
        Map<String, String> none = finished(request(), "[\"glb\"]");

        assertThat(ModelFiles.glbTriangles(bytes(lowPoly.get("glb")))).isEqualTo(Geometry.DEFAULT_FACES);
        assertThat(ModelFiles.glbTriangles(bytes(none.get("glb")))).isEqualTo(Geometry.DEFAULT_FACES);
    }

    @Test
    void enablePbrPutsMetallicRoughnessAndNormalMapsInTheGlb() {
        JsonObject pbr = ModelFiles.gltf(
                bytes(finished(request().put("enable_pbr", true), "[\"glb\"]").get("glb")));
        JsonObject plain =
                ModelFiles.gltf(bytes(finished(request(), "[\"glb\"]").get("glb")));

        JsonObject material = pbr.getJsonArray("materials").getJsonObject(0);
        assertThat(material.getJsonObject("pbrMetallicRoughness").containsKey("metallicRoughnessTexture"))
                .isTrue();
        assertThat(material.containsKey("normalTexture")).isTrue();
        assertThat(pbr.getJsonArray("images")).hasSize(3);
        assertThat(plain.getJsonArray("images")).hasSize(1);
    }

    @Test
    void twoTasksOfOneRequestServeDifferentModels() {
        String first = finished(request(), "[\"glb\"]").get("glb");
        String second = finished(request(), "[\"glb\"]").get("glb");

        assertThat(client.download(first).sha256())
                .isEqualTo(client.download(first).sha256())
                .isNotEqualTo(client.download(second).sha256());
    }

    private static JsonObject request() {
        return new JsonObject().put("model", HunyuanRequest.MODEL).put("image_url", HunyuanApiTest.IMAGE_URL);
    }

    /** Creates a task with these output formats, waits until it completes, and maps format to URL. */
    private static Map<String, String> finished(JsonObject body, String outputFormats) {
        String scenario = new JsonObject()
                .put("outputFormats", new JsonArray(outputFormats))
                .encode();
        JsonObject created = EmulatorClient.json(EmulatorClient.expect(
                client.postJson(
                        "/model/v1/generation",
                        body,
                        "Authorization",
                        "Bearer " + HunyuanApi.API_KEY,
                        ScenarioRegistry.HEADER,
                        scenario),
                200));
        String id = created.getString("id");
        JsonObject task = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> EmulatorClient.json(client.get(
                                "/model/v1/generation/task/" + id, "Authorization", "Bearer " + HunyuanApi.API_KEY)),
                        polled -> "completed".equals(polled.getString("status")));
        Map<String, String> urls = new HashMap<>();
        task.getJsonArray("output")
                .getJsonObject(0)
                .getJsonArray("content")
                .forEach(item ->
                        urls.put(((JsonObject) item).getString("format"), ((JsonObject) item).getString("url")));
        return urls;
    }

    private static byte[] bytes(String url) {
        HttpResponse<byte[]> response =
                client.send(client.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
