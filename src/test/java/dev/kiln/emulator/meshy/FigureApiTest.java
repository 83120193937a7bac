package dev.kiln.emulator.meshy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.emulator.meshy.MeshyTestClient.SseCapture;
import dev.kiln.emulator.meshy.MeshyTestClient.SseEvent;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FigureApiTest extends MeshyEmulatorTestBase {

    static final String PROTOTYPE = "/openapi/creative-lab/figure/v1/prototype";
    static final String BUILD = "/openapi/creative-lab/figure/v1/build";
    static final JsonObject PHOTO = new JsonObject().put("image_url", "https://images.example.com/me.webp");
    static final BigDecimal START = BigDecimal.valueOf(100_000);

    private static String succeededPrototype(String key) {
        String id = client.create(PROTOTYPE, key, PHOTO, FAST);
        client.awaitStatus(PROTOTYPE + "/" + id, key, "SUCCEEDED");
        return id;
    }

    private static JsonObject buildOf(String prototypeId) {
        return new JsonObject().put("input_task_id", prototypeId);
    }

    @Test
    void theSeedsPrototypeThenBuildMakeATexturedFigure() {
        String prototypeId = client.create(PROTOTYPE, KEY, PHOTO, FAST);
        JsonObject prototype = client.awaitStatus(PROTOTYPE + "/" + prototypeId, KEY, "SUCCEEDED");
        assertThat(prototype.getString("type")).isEqualTo("creative-lab-figure-prototype");
        assertThat(prototype.getString("name")).isEmpty();
        assertThat(prototype.getValue("task_error")).isNull();
        assertThat(prototype.containsKey("task_error")).isTrue();
        assertThat(prototype.getInteger("consumed_credits")).isEqualTo(6);
        assertThat(prototype.getJsonArray("image_urls")).hasSize(1);
        assertThat(client.download(prototype.getJsonArray("image_urls").getString(0)))
                .isEqualTo(200);

        String buildId = client.create(BUILD, KEY, buildOf(prototypeId).put("name", "desk buddy"), FAST);
        JsonObject build = client.awaitStatus(BUILD + "/" + buildId, KEY, "SUCCEEDED");
        assertThat(build.getString("type")).isEqualTo("creative-lab-figure-build");
        assertThat(build.getString("name")).isEqualTo("desk buddy");
        assertThat(build.getInteger("consumed_credits")).isEqualTo(20);
        assertThat(List.of("prompt", "negative_prompt", "texture_prompt", "texture_image_url"))
                .allSatisfy(field -> assertThat(build.getString(field)).isEmpty());
        JsonObject models = build.getJsonObject("model_urls");
        assertThat(models.fieldNames()).containsExactlyInAnyOrder("glb", "obj", "mtl");
        assertThat(build.getJsonArray("texture_urls").getJsonObject(0).fieldNames())
                .containsExactly("base_color");
        assertThat(build.getString("thumbnail_url")).contains("Expires=");

        // The OBJ, MTL and texture refer to each other by the names they are served under.
        HttpResponse<String> obj = client.downloadText(models.getString("obj"));
        assertThat(obj.statusCode()).isEqualTo(200);
        assertThat(obj.body()).contains("mtllib model.mtl");
        assertThat(client.downloadText(models.getString("mtl")).body()).contains("map_Kd texture_0.png");
        assertThat(account("default").balance()).isEqualTo(START.subtract(BigDecimal.valueOf(26)));
    }

    @Test
    void aBuildIsRefusedUnlessItsPrototypeSucceededUnderTheSameKey() {
        String succeeded = succeededPrototype(KEY);
        String pending = client.create(PROTOTYPE, KEY, PHOTO, HELD);
        String withoutCandidate = client.create(
                PROTOTYPE, KEY, new JsonObject().put("image_url", "https://images.example.com/no-candidate.png"), FAST);
        client.awaitStatus(PROTOTYPE + "/" + withoutCandidate, KEY, "SUCCEEDED");
        String aBuild = client.create(BUILD, KEY, buildOf(succeeded), HELD);

        assertRefused(BUILD, KEY, new JsonObject(), 400, "input_task_id is required");
        assertRefused(BUILD, KEY, buildOf("not-a-uuid"), 400, "not a valid UUID");
        assertRefused(BUILD, KEY, buildOf(pending), 400, "has not SUCCEEDED");
        assertRefused(BUILD, KEY, buildOf(withoutCandidate), 400, "no candidate image");
        assertRefused(BUILD, KEY, buildOf("0190c0de-0000-7000-8000-000000000000"), 404, "not found");
        assertRefused(BUILD, MeshyAccounts.DEFAULT_SECOND_KEY, buildOf(succeeded), 404, "not found");
        assertRefused(BUILD, MeshyAccounts.OTHER_ACCOUNT_KEY, buildOf(succeeded), 404, "not found");
        assertRefused(BUILD, KEY, buildOf(aBuild), 404, "not found");
        assertRefused(BUILD, MeshyAccounts.NO_CREDITS_KEY, buildOf(succeeded), 404, "not found");
        assertRefused(BUILD, null, buildOf(succeeded), 401, "Invalid API key");
    }

    @Test
    void aPrototypeRequestIsCheckedAsDocumented() {
        assertRefused(PROTOTYPE, KEY, new JsonObject(), 400, "image_url is required");
        assertRefused(PROTOTYPE, KEY, new JsonObject().put("image_url", "https://x.example/a.gif"), 400, "unsupported");
        assertRefused(
                PROTOTYPE, KEY, new JsonObject().put("image_url", "https://gone.invalid/a.png"), 400, "not reachable");
        assertRefused(
                PROTOTYPE,
                KEY,
                new JsonObject().put("image_url", "https://x.example/moderation-blocked.jpg"),
                400,
                "moderation");
        assertRefused(PROTOTYPE, KEY, PHOTO.copy().put("name", "n".repeat(101)), 400, "at most 100");
        assertRefused(PROTOTYPE, MeshyAccounts.NO_CREDITS_KEY, PHOTO, 402, "credits");
        String tinyPng = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB";
        assertRefused(PROTOTYPE, KEY, new JsonObject().put("image_url", tinyPng), 400, "too small");
        assertThat(client.post(PROTOTYPE, KEY, new JsonObject().put("image_url", ImageInputSamples.PNG_DATA_URI), null)
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void theStageInThePathMustMatchTheTask() {
        String prototypeId = client.create(PROTOTYPE, KEY, PHOTO, HELD);
        assertThat(client.get(BUILD + "/" + prototypeId, KEY).statusCode()).isEqualTo(404);
        assertThat(client.delete(BUILD + "/" + prototypeId, KEY).statusCode()).isEqualTo(404);
        SseCapture stream =
                client.stream(BUILD + "/" + prototypeId + "/stream", KEY, null).awaitEnd();
        assertThat(stream.failed).isFalse();
        assertThat(stream.events)
                .containsExactly(new SseEvent(
                        "error", new JsonObject().put("status_code", 404).put("message", "Task not found")));
        assertThat(client.get(PROTOTYPE + "/" + prototypeId, KEY).statusCode()).isEqualTo(200);
        assertThat(client.get(PROTOTYPE + "/" + prototypeId, MeshyAccounts.OTHER_ACCOUNT_KEY)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void theStreamFollowsAPrototypeToTheEnd() {
        String id = client.create(PROTOTYPE, KEY, PHOTO, HELD_THROUGHOUT);
        SseCapture stream = client.stream(PROTOTYPE + "/" + id + "/stream", KEY, null);
        try {
            ImageTo3dStreamTest.awaitEvent(stream, "PENDING");
            advanceTaskUntilRunning(id);
            ImageTo3dStreamTest.awaitEvent(stream, "IN_PROGRESS");
            advanceTask(id);
            stream.awaitEnd();
        } finally {
            stream.close();
        }
        List<SseEvent> events = stream.events;
        assertThat(events.get(0).data().fieldNames()).containsExactlyInAnyOrder("id", "progress", "status");
        JsonObject last = events.get(events.size() - 1).data();
        assertThat(last.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(last.getJsonArray("image_urls")).hasSize(1);
    }

    @Test
    void cancelRefundsAPendingTaskKeepsCreditsOfARunningOneAndRefusesAFinishedOne() {
        String pending = client.create(PROTOTYPE, KEY, PHOTO, HELD);
        assertThat(client.delete(PROTOTYPE + "/" + pending, KEY).statusCode()).isEqualTo(204);
        JsonObject canceled = client.getTask(PROTOTYPE + "/" + pending, KEY);
        assertThat(canceled.getString("status")).isEqualTo("CANCELED");
        assertThat(canceled.getInteger("consumed_credits")).isZero();
        assertThat(account("default").balance()).isEqualTo(START);

        String running = client.create(PROTOTYPE, KEY, PHOTO, SLOW);
        client.awaitStatus(PROTOTYPE + "/" + running, KEY, "IN_PROGRESS");
        assertThat(client.delete(PROTOTYPE + "/" + running, KEY).statusCode()).isEqualTo(204);
        assertThat(client.getTask(PROTOTYPE + "/" + running, KEY).getInteger("consumed_credits"))
                .isEqualTo(6);
        assertThat(account("default").balance()).isEqualTo(START.subtract(BigDecimal.valueOf(6)));

        String succeeded = succeededPrototype(KEY);
        String failed = client.create(
                PROTOTYPE, KEY, PHOTO, "{\"queueMillis\": 0, \"processingMillis\": 50, \"failTask\": \"timeout\"}");
        JsonObject failedTask = client.awaitStatus(PROTOTYPE + "/" + failed, KEY, "FAILED");
        assertThat(failedTask.getJsonObject("task_error").getString("type")).isEqualTo("timeout");
        assertThat(failedTask.getJsonArray("image_urls")).isEmpty();
        for (String finished : List.of(pending, running, succeeded, failed)) {
            HttpResponse<String> refused = client.delete(PROTOTYPE + "/" + finished, KEY);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(refused.body()).getString("message")).contains("already finished");
        }
    }

    @Test
    void eachStageListsItsOwnTasksOfTheCallingKey() {
        String first = succeededPrototype(KEY);
        advanceClock(Duration.ofSeconds(1));
        String second = client.create(PROTOTYPE, KEY, PHOTO, HELD);
        String build = client.create(BUILD, KEY, buildOf(first), HELD);
        client.create(PROTOTYPE, MeshyAccounts.DEFAULT_SECOND_KEY, PHOTO, HELD);

        assertThat(ids(client.list(PROTOTYPE, KEY))).containsExactly(second, first);
        assertThat(ids(client.list(PROTOTYPE + "?sort_by=%2Bcreated_at&page_size=1", KEY)))
                .containsExactly(first);
        assertThat(ids(client.list(BUILD, KEY))).containsExactly(build);
        assertThat(client.list(BUILD, MeshyAccounts.DEFAULT_SECOND_KEY)).isEmpty();
        assertThat(client.get(PROTOTYPE + "?page_size=100", KEY).statusCode()).isEqualTo(400);
    }

    private static void assertRefused(String path, String key, JsonObject body, int status, String message) {
        HttpResponse<String> response = client.post(path, key, body, null);
        assertThat(response.statusCode()).as(body.encode()).isEqualTo(status);
        assertThat(new JsonObject(response.body()).getString("message")).containsIgnoringCase(message);
    }

    private static List<String> ids(JsonArray tasks) {
        return tasks.stream().map(task -> ((JsonObject) task).getString("id")).toList();
    }
}
