package dev.kiln.emulator.hitem3d;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.emulator.EmulatorOptions;
import dev.kiln.emulator.EmulatorServer;
import dev.kiln.emulator.asset.AssetFormat;
import dev.kiln.emulator.asset.AssetSpec;
import dev.kiln.emulator.asset.Assets;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.testing.EmulatorClient;
import dev.kiln.emulator.testing.ModelFiles;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Task states, results, failures and the concurrency limit. */
class Hitem3dTaskTest {
    private static final String SLOW = new JsonObject()
            .put("createdMillis", 600_000)
            .put("queueMillis", 600_000)
            .put("processingMillis", 600_000)
            .encode();
    /** The smallest face count Hitem3D takes: the seed's 800 000 makes files of tens of MB. */
    private static final String SMALL_FACE = "100000";

    private static EmulatorServer server;
    private static EmulatorClient client;
    private static Hitem3dClient hitem3d;
    private String token;

    @BeforeAll
    static void start() {
        server = EmulatorServer.start(
                EmulatorOptions.defaults().apis(List.of(new Hitem3dApi())).baseScenario(Scenario.fastTasks()));
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
        token = hitem3d.token();
    }

    @Test
    void aTaskGoesFromCreatedThroughQueueingAndProcessingToSuccess() {
        String taskId = submitSlow();
        List<String> states = new ArrayList<>();
        states.add(state(taskId));
        for (int i = 0; i < 3; i++) {
            advance(taskId);
            states.add(state(taskId));
        }

        assertThat(states).containsExactly("created", "queueing", "processing", "success");
        JsonObject data = hitem3d.query(token, taskId).getJsonObject("data");
        assertThat(data.getString("id")).isEqualTo(taskId + "_0");
        assertThat(data.getString("url")).contains("/0.glb?");
        assertThat(data.getString("cover_url")).contains("/0.webp?");
    }

    @Test
    void theResultFilesDownloadWithTheExpectedChecksum() {
        String taskId = hitem3d.submitOk(token, Hitem3dClient.singleImage("3").field("face", SMALL_FACE));
        JsonObject data = awaitFinal(taskId).getJsonObject("data");

        EmulatorClient.Download model = client.download(data.getString("url"));
        EmulatorClient.Download cover = client.download(data.getString("cover_url"));

        assertThat(model.status()).isEqualTo(200);
        assertThat(model.contentType()).isEqualTo("model/gltf-binary");
        assertThat(model.sha256())
                .isEqualTo(Assets.sha256(AssetSpec.model(taskId, AssetFormat.GLB, true, Geometry.of(taskId, 100_000))));
        assertThat(cover.contentType()).isEqualTo("image/webp");
    }

    @Test
    void theModelHasTheRequestedFacesAndATexturingTaskKeepsItsMeshsGeometry() {
        String meshTask = hitem3d.submitOk(token, Hitem3dClient.singleImage("1").field("face", "150000"));
        String meshUrl = awaitFinal(meshTask).getJsonObject("data").getString("url");
        String textureTask =
                hitem3d.submitOk(token, Hitem3dClient.singleImage("2").field("mesh_url", meshUrl));
        String textured = awaitFinal(textureTask).getJsonObject("data").getString("url");

        assertThat(ModelFiles.glbTriangles(bytes(meshUrl))).isEqualTo(150_000);
        assertThat(ModelFiles.glbTriangles(bytes(textured))).isEqualTo(150_000);
        assertThat(client.download(textured).sha256())
                .isEqualTo(Assets.sha256(
                        AssetSpec.model(textureTask, AssetFormat.GLB, true, Geometry.of(meshTask, 150_000))));
    }

    @Test
    void twoTasksOfOneRequestServeDifferentBytesAndARequeryTheSame() {
        String first = hitem3d.submitOk(token, Hitem3dClient.singleImage("3").field("face", SMALL_FACE));
        String second = hitem3d.submitOk(token, Hitem3dClient.singleImage("3").field("face", SMALL_FACE));

        String firstSum = client.download(
                        awaitFinal(first).getJsonObject("data").getString("url"))
                .sha256();

        assertThat(client.download(awaitFinal(first).getJsonObject("data").getString("url"))
                        .sha256())
                .isEqualTo(firstSum);
        assertThat(client.download(awaitFinal(second).getJsonObject("data").getString("url"))
                        .sha256())
                .isNotEqualTo(firstSum);
    }

    @Test
    void eachFormatCodeGivesItsFileType() {
        List<String> contentTypes = new ArrayList<>();
        for (String format : List.of("1", "2", "3", "4")) {
            String taskId = hitem3d.submitOk(
                    token,
                    Hitem3dClient.singleImage("3").field("format", format).field("face", SMALL_FACE));
            contentTypes.add(
                    client.download(awaitFinal(taskId).getJsonObject("data").getString("url"))
                            .contentType());
        }
        String meshOnly = hitem3d.submitOk(
                token, Hitem3dClient.singleImage("1").field("format", "1").field("face", SMALL_FACE));
        contentTypes.add(
                client.download(awaitFinal(meshOnly).getJsonObject("data").getString("url"))
                        .contentType());

        assertThat(contentTypes)
                .containsExactly(
                        "application/zip", "model/gltf-binary", "model/stl", "application/octet-stream", "model/obj");
    }

    @Test
    void urlsExpireAfterAnHourAndARequeryGivesFreshOnes() {
        String taskId = hitem3d.submitOk(token, Hitem3dClient.singleImage("3").field("face", SMALL_FACE));
        String url = awaitFinal(taskId).getJsonObject("data").getString("url");

        client.advanceClock(Duration.ofMinutes(61));

        assertThat(client.get(url).statusCode()).isEqualTo(403);
        String fresh = hitem3d.query(token, taskId).getJsonObject("data").getString("url");
        assertThat(client.download(fresh).status()).isEqualTo(200);
    }

    @Test
    void aScenarioCanMakeUrlsExpireInSeconds() {
        client.addScenario(new JsonObject()
                .put("provider", Hitem3dApi.PROVIDER)
                .put("scenario", new JsonObject().put("urlTtlSeconds", 1)));
        String taskId = hitem3d.submitOk(token, Hitem3dClient.singleImage("3"));
        String url = awaitFinal(taskId).getJsonObject("data").getString("url");

        client.advanceClock(Duration.ofSeconds(2));

        assertThat(client.get(url).statusCode()).isEqualTo(403);
    }

    @Test
    void aFailedTaskAnswers50010001AndRefundsTheCredits() {
        String taskId = submitWith(new JsonObject().put("failTask", "50010001"));

        JsonObject answer = awaitFinal(taskId);

        assertThat(answer)
                .isEqualTo(new JsonObject()
                        .put("code", 50010001)
                        .put("data", new JsonObject())
                        .put("msg", "generate failed"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        hitem3d.balance(token).getJsonObject("data").getDouble("totalBalance"))
                .isEqualTo(1000.0));
    }

    @Test
    void theOtherFailureCodeSpellingCanBeProvoked() {
        String taskId = submitWith(new JsonObject().put("failTask", "5001001"));

        assertThat(awaitFinal(taskId).getInteger("code")).isEqualTo(5001001);
    }

    @Test
    void aFailedTaskCanAnswerWithStateFailedInstead() {
        String taskId = submitWith(new JsonObject().put("failTask", "50010001").put("failedAs", "state"));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(state(taskId)));

        assertThat(hitem3d.query(token, taskId).getInteger("code")).isEqualTo(200);
    }

    @Test
    void codesCanComeAsStrings() {
        JsonObject answer = hitem3d.submit(
                token, Hitem3dClient.singleImage("3"), ScenarioRegistry.HEADER, "{\"codeAsString\":true}");

        assertThat(answer.getValue("code")).isEqualTo("200");
    }

    @Test
    void theAdminCanFailARunningTask() {
        String taskId = submitSlow();

        client.send(client.request("/_emulator/tasks/hitem3d/" + taskId + "/complete")
                .POST(HttpRequest.BodyPublishers.ofString("{\"outcome\":\"failed\",\"code\":\"50010001\"}"))
                .build());

        assertThat(hitem3d.query(token, taskId).getInteger("code")).isEqualTo(50010001);
    }

    @Test
    void theEleventhConcurrentTaskWaitsInTheQueue() {
        String running = new JsonObject()
                .put("createdMillis", 0)
                .put("queueMillis", 0)
                .put("processingMillis", 600_000)
                .encode();
        List<String> tasks = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            tasks.add(hitem3d.submit(token, Hitem3dClient.singleImage("3"), ScenarioRegistry.HEADER, running)
                    .getJsonObject("data")
                    .getString("task_id"));
        }

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(tasks.get(9))
                .equals("processing"));
        assertThat(tasks.subList(0, 10))
                .allSatisfy(task -> assertThat(state(task)).isEqualTo("processing"));
        assertThat(state(tasks.get(10))).isEqualTo("queueing");

        client.send(client.request("/_emulator/tasks/hitem3d/" + tasks.get(0) + "/complete")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state(tasks.get(10))
                .equals("processing"));
        assertThat(client.callCount(Hitem3dApi.PROVIDER, Hitem3dApi.CLIENT_ID, "submit-task"))
                .isEqualTo(11);
    }

    @Test
    void anotherAccountCannotSeeTheTask() {
        String taskId = hitem3d.submitOk(token, Hitem3dClient.singleImage("3"));
        JsonObject other = EmulatorClient.json(
                hitem3d.tokenResponse(Hitem3dApi.SECOND_CLIENT_ID, Hitem3dApi.SECOND_CLIENT_SECRET));

        HttpResponse<String> answer =
                hitem3d.queryResponse(other.getJsonObject("data").getString("accessToken"), taskId);

        // Like every other error of the vendor: HTTP 200, the error in the body code.
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(EmulatorClient.json(answer).getInteger("code")).isEqualTo(404);
    }

    @Test
    void anUnknownTaskCanAnswerHttp404() {
        HttpResponse<String> answer = client.get(
                "/open-api/v1/query-task?task_id=unknown",
                "Authorization",
                "Bearer " + token,
                ScenarioRegistry.HEADER,
                new JsonObject().put("unknownTaskStatus", 404).encode());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(EmulatorClient.json(answer).getInteger("code")).isEqualTo(404);
    }

    @Test
    void aTexturedObjComesZippedOrBareAsTheScenarioSays() {
        String zipped = submitWith(new JsonObject(), "1");
        String bare = submitWith(new JsonObject().put("objAs", "obj"), "1");

        EmulatorClient.Download zip =
                client.download(awaitFinal(zipped).getJsonObject("data").getString("url"));
        String bareUrl = awaitFinal(bare).getJsonObject("data").getString("url");
        EmulatorClient.Download obj = client.download(bareUrl);

        assertThat(zip.contentType()).isEqualTo("application/zip");
        assertThat(obj.contentType()).isEqualTo("model/obj");
        assertThat(bareUrl).contains("/0.obj?");
    }

    private byte[] bytes(String url) {
        HttpResponse<byte[]> response =
                client.send(client.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private String submitSlow() {
        return hitem3d.submit(token, Hitem3dClient.singleImage("3"), ScenarioRegistry.HEADER, SLOW)
                .getJsonObject("data")
                .getString("task_id");
    }

    private String submitWith(JsonObject scenario) {
        return hitem3d.submit(token, Hitem3dClient.singleImage("3"), ScenarioRegistry.HEADER, scenario.encode())
                .getJsonObject("data")
                .getString("task_id");
    }

    private String submitWith(JsonObject scenario, String format) {
        return hitem3d.submit(
                        token,
                        Hitem3dClient.singleImage("3").field("format", format).field("face", SMALL_FACE),
                        ScenarioRegistry.HEADER,
                        scenario.encode())
                .getJsonObject("data")
                .getString("task_id");
    }

    private void advance(String taskId) {
        EmulatorClient.expect(
                client.send(client.request("/_emulator/tasks/hitem3d/" + taskId + "/advance")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build()),
                204);
    }

    private String state(String taskId) {
        return hitem3d.query(token, taskId).getJsonObject("data").getString("state");
    }

    private JsonObject awaitFinal(String taskId) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> hitem3d.query(token, taskId),
                        answer -> answer.getInteger("code") != 200
                                || "success".equals(answer.getJsonObject("data").getString("state")));
    }
}
