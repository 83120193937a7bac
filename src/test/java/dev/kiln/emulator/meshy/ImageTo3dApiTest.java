package dev.kiln.emulator.meshy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.emulator.asset.AssetFormat;
import dev.kiln.emulator.asset.AssetSpec;
import dev.kiln.emulator.asset.Assets;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import dev.kiln.emulator.meshy.task.TaskFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageTo3dApiTest extends MeshyEmulatorTestBase {

    static final String PATH = "/openapi/v1/image-to-3d";
    static final String MULTI_PATH = "/openapi/v1/multi-image-to-3d";
    static final JsonObject SIMPLE = new JsonObject().put("image_url", "https://images.example.com/chair.png");

    @Test
    void theSeedsSimpleRequestSucceedsWithEveryFormatButThreeMf() {
        String id = client.create(PATH, KEY, SIMPLE, FAST);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

        JsonObject task = client.awaitStatus(PATH + "/" + id, KEY, "SUCCEEDED");
        assertThat(task.getString("id")).isEqualTo(id);
        assertThat(task.getString("type")).isEqualTo("image-to-3d");
        assertThat(task.getInteger("progress")).isEqualTo(100);
        assertThat(task.getJsonObject("model_urls").fieldNames())
                .containsExactlyInAnyOrder("glb", "fbx", "obj", "mtl", "usdz", "stl");
        assertThat(task.getJsonArray("texture_urls").getJsonObject(0).fieldNames())
                .containsExactly("base_color");
        assertThat(task.getString("thumbnail_url")).contains("Expires=");
        assertThat(task.getJsonObject("task_error")).isEqualTo(new JsonObject().put("message", ""));
        assertThat(task.getInteger("consumed_credits")).isEqualTo(30);
        assertThat(task.getInteger("preceding_tasks")).isZero();
        assertThat(task.getString("texture_prompt")).isEmpty();
        long created = task.getLong("created_at");
        long started = task.getLong("started_at");
        long finished = task.getLong("finished_at");
        assertThat(created).isPositive().isLessThanOrEqualTo(started);
        assertThat(started).isLessThanOrEqualTo(finished);
        assertThat(task.getLong("expires_at"))
                .isEqualTo(finished + Duration.ofDays(3).toMillis());
        // A real GLB, the same bytes the core generates for this task's file.
        assertThat(client.downloadChecksum(task.getJsonObject("model_urls").getString("glb")))
                .isEqualTo(Assets.sha256(AssetSpec.model(
                        id + "/model.glb", AssetFormat.GLB, true, Geometry.of(id, Geometry.DEFAULT_FACES))));
        assertThat(account("default").balance()).isEqualTo(BigDecimal.valueOf(100_000 - 30));
    }

    @Test
    void theSeedsPbrRequestReturnsOnlyTheRequestedFormatWithPbrMaps() {
        JsonObject body = SIMPLE.copy()
                .put("enable_pbr", true)
                .put("should_remesh", true)
                .put("target_polycount", 100_000)
                .put("should_texture", true)
                .put("pose_mode", "a-pose")
                .put("target_formats", new JsonArray().add("glb"));
        String id = client.create(PATH, KEY, body, FAST);

        JsonObject task = client.awaitStatus(PATH + "/" + id, KEY, "SUCCEEDED");
        assertThat(task.getJsonObject("model_urls").fieldNames()).containsExactly("glb");
        assertThat(task.getJsonArray("texture_urls").getJsonObject(0).fieldNames())
                .containsExactlyInAnyOrder("base_color", "metallic", "normal", "roughness", "emission");
    }

    @Test
    void threeMfComesOnlyWhenAsked() {
        JsonObject body =
                SIMPLE.copy().put("target_formats", new JsonArray().add("3mf").add("stl"));
        String id = client.create(PATH, KEY, body, FAST);
        JsonObject task = client.awaitStatus(PATH + "/" + id, KEY, "SUCCEEDED");
        assertThat(task.getJsonObject("model_urls").fieldNames()).containsExactlyInAnyOrder("3mf", "stl");
        assertThat(client.download(task.getJsonObject("model_urls").getString("3mf")))
                .isEqualTo(200);
    }

    @Test
    void pendingTasksCountTheTasksAheadThenRunWithGrowingProgress() {
        account("default").concurrency(1);
        String first = client.create(PATH, KEY, SIMPLE, SLOW);
        String second = client.create(PATH, KEY, SIMPLE, SLOW);
        String third = client.create(PATH, KEY, SIMPLE, SLOW);

        JsonObject running = client.awaitStatus(PATH + "/" + first, KEY, "IN_PROGRESS");
        assertThat(running.getJsonObject("model_urls")).isEmpty();
        assertThat(running.getLong("finished_at")).isZero();
        assertThat(running.getLong("expires_at")).isZero();
        JsonObject waiting = client.getTask(PATH + "/" + third, KEY);
        assertThat(waiting.getString("status")).isEqualTo("PENDING");
        assertThat(waiting.getInteger("preceding_tasks")).isEqualTo(1);
        assertThat(waiting.getLong("started_at")).isZero();
        assertThat(waiting.getInteger("progress")).isZero();
        assertThat(client.getTask(PATH + "/" + second, KEY).getInteger("preceding_tasks"))
                .isZero();

        advanceClock(Duration.ofSeconds(50));
        assertThat(client.getTask(PATH + "/" + first, KEY).getInteger("progress"))
                .isBetween(50, 60);

        advanceClock(Duration.ofSeconds(51));
        client.awaitStatus(PATH + "/" + first, KEY, "SUCCEEDED");
        client.awaitStatus(PATH + "/" + second, KEY, "IN_PROGRESS");
        assertThat(client.getTask(PATH + "/" + third, KEY).getInteger("preceding_tasks"))
                .isZero();
    }

    @Test
    void aMissingOrUnknownKeyIsUnauthorized() {
        HttpResponse<String> none = client.post(PATH, null, SIMPLE, null);
        HttpResponse<String> unknown = client.get(PATH, "not-a-key");
        assertThat(List.of(none.statusCode(), unknown.statusCode())).containsOnly(401);
        assertThat(new JsonObject(unknown.body()).getString("message")).isEqualTo("Invalid API key");
    }

    @Test
    void aCallFromABrowserIsForbidden() {
        HttpResponse<String> response = client.send(client.request(PATH, KEY, null)
                .header("Origin", "https://app.example.com")
                .GET()
                .build());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(response.body()).getString("message")).contains("browsers");
    }

    @Test
    void anAccountWithoutCreditsGetsPaymentRequired() {
        HttpResponse<String> response = client.post(PATH, MeshyAccounts.NO_CREDITS_KEY, SIMPLE, null);
        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(new JsonObject(response.body()).getString("message")).contains("credits");
    }

    @Test
    void tooManyRequestsPerSecondGetRateLimitExceeded() {
        account("default").settings().put(MeshyAccounts.REQUESTS_PER_SECOND, 2);
        TICKER.freeze();
        assertThat(client.get(PATH, KEY).statusCode()).isEqualTo(200);
        // The limit is per account: the account's second key shares it.
        assertThat(client.get(PATH, MeshyAccounts.DEFAULT_SECOND_KEY).statusCode())
                .isEqualTo(200);
        HttpResponse<String> limited = client.post(PATH, KEY, SIMPLE, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(new JsonObject(limited.body()).getString("message")).isEqualTo("RateLimitExceeded");
        // Undocumented by the vendor: none by default, one on request.
        assertThat(limited.headers().firstValue("Retry-After")).isEmpty();
        HttpResponse<String> withRetryAfter = client.post(PATH, KEY, SIMPLE, "{\"rateLimitRetryAfter\": true}");
        assertThat(withRetryAfter.statusCode()).isEqualTo(429);
        assertThat(withRetryAfter.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(client.get(PATH, MeshyAccounts.OTHER_ACCOUNT_KEY).statusCode())
                .isEqualTo(200);

        TICKER.advance(Duration.ofSeconds(1));
        assertThat(client.get(PATH, KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void aFullQueueGetsNoMoreConcurrentTasksUntilATaskEnds() {
        // Through the admin API, as an adapter's test would.
        HttpResponse<String> admin = client.send(client.request("/_emulator/accounts/meshy/default", null, null)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject()
                        .put("settings", new JsonObject().put("queueLimit", 2))
                        .encode()))
                .build());
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        String first = client.create(PATH, KEY, SIMPLE, SLOW);
        client.create(
                MULTI_PATH, KEY, new JsonObject().put("image_urls", List.of(SIMPLE.getString("image_url"))), SLOW);

        HttpResponse<String> full = client.post(PATH, MeshyAccounts.DEFAULT_SECOND_KEY, SIMPLE, null);
        assertThat(full.statusCode()).isEqualTo(429);
        assertThat(new JsonObject(full.body()).getString("message")).isEqualTo("NoMoreConcurrentTasks");
        assertThat(full.headers().firstValue("Retry-After")).isEmpty();
        assertThat(client.post(PATH, MeshyAccounts.OTHER_ACCOUNT_KEY, SIMPLE, null)
                        .statusCode())
                .isEqualTo(202);

        assertThat(client.delete(PATH + "/" + first, KEY).statusCode()).isEqualTo(200);
        assertThat(client.post(PATH, KEY, SIMPLE, null).statusCode()).isEqualTo(202);
    }

    @Test
    void invalidRequestsAreRefusedWithTheVendorsBody() {
        HttpResponse<String> pbr = client.post(
                PATH, KEY, SIMPLE.copy().put("should_texture", false).put("enable_pbr", true), null);
        assertThat(pbr.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(pbr.body()).getString("message")).contains("enable_pbr");
        assertThat(client.post(PATH, KEY, "{\"image_url\":", null).statusCode()).isEqualTo(400);
        assertThat(client.post(PATH, KEY, new JsonObject(), null).statusCode()).isEqualTo(400);
        assertThat(account("default").balance()).isEqualTo(BigDecimal.valueOf(100_000));
    }

    @Test
    void aDataUriImageIsAccepted() {
        JsonObject body = new JsonObject().put("image_url", ImageInputSamples.PNG_DATA_URI);
        assertThat(client.post(PATH, KEY, body, null).statusCode()).isEqualTo(202);
        JsonObject broken = new JsonObject().put("image_url", "data:image/png;base64,not*base64");
        assertThat(client.post(PATH, KEY, broken, null).statusCode()).isEqualTo(400);
    }

    @Test
    void deleteRemovesTheTaskForGood() {
        String id = client.create(PATH, KEY, SIMPLE, HELD);
        assertThat(client.delete(PATH + "/" + id, KEY).statusCode()).isEqualTo(200);
        assertThat(client.get(PATH + "/" + id, KEY).statusCode()).isEqualTo(404);
        assertThat(client.delete(PATH + "/" + id, KEY).statusCode()).isEqualTo(404);
        // Deleted before it started: refunded.
        assertThat(account("default").balance()).isEqualTo(BigDecimal.valueOf(100_000));
    }

    @Test
    void tasksAreVisibleToTheirAccountOnlyAndOnTheirOwnPath() {
        String id = client.create(PATH, KEY, SIMPLE, HELD);
        assertThat(client.get(PATH + "/" + id, MeshyAccounts.DEFAULT_SECOND_KEY).statusCode())
                .isEqualTo(200);
        HttpResponse<String> otherAccount = client.get(PATH + "/" + id, MeshyAccounts.OTHER_ACCOUNT_KEY);
        assertThat(otherAccount.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(otherAccount.body()).getString("message")).isEqualTo("Task not found");
        assertThat(client.get(MULTI_PATH + "/" + id, KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void listPagesAndSortsByCreationTime() {
        String oldest = client.create(PATH, KEY, SIMPLE, HELD);
        advanceClock(Duration.ofSeconds(1));
        String middle = client.create(PATH, KEY, SIMPLE, HELD);
        advanceClock(Duration.ofSeconds(1));
        String newest = client.create(PATH, KEY, SIMPLE, HELD);
        client.create(
                MULTI_PATH, KEY, new JsonObject().put("image_urls", List.of(SIMPLE.getString("image_url"))), HELD);
        client.create(PATH, MeshyAccounts.OTHER_ACCOUNT_KEY, SIMPLE, HELD);

        assertThat(ids(client.list(PATH, KEY))).containsExactly(newest, middle, oldest);
        assertThat(ids(client.list(PATH + "?page_size=2&sort_by=-created_at", KEY)))
                .containsExactly(newest, middle);
        assertThat(ids(client.list(PATH + "?page_num=2&page_size=2", KEY))).containsExactly(oldest);
        assertThat(ids(client.list(PATH + "?sort_by=%2Bcreated_at", KEY))).containsExactly(oldest, middle, newest);
        assertThat(ids(client.list(PATH + "?page_num=3&page_size=2", KEY))).isEmpty();
        assertThat(client.list(PATH, KEY).getJsonObject(0).getString("type")).isEqualTo("image-to-3d");
        assertThat(client.get(PATH + "?page_size=51", KEY).statusCode()).isEqualTo(400);
        assertThat(client.get(PATH + "?sort_by=name", KEY).statusCode()).isEqualTo(400);
        assertThat(client.get(PATH + "?page_num=0", KEY).statusCode()).isEqualTo(400);
    }

    @Test
    void multiImageTasksMirrorImageTo3d() {
        JsonObject body = new JsonObject()
                .put(
                        "image_urls",
                        List.of("https://images.example.com/front.png", "https://images.example.com/back.jpg"))
                .put("target_formats", List.of("obj"));
        String id = client.create(MULTI_PATH, KEY, body, FAST);
        JsonObject task = client.awaitStatus(MULTI_PATH + "/" + id, KEY, "SUCCEEDED");
        assertThat(task.getString("type")).isEqualTo("multi-image-to-3d");
        assertThat(task.getJsonObject("model_urls").fieldNames()).containsExactlyInAnyOrder("obj", "mtl");
        assertThat(ids(client.list(MULTI_PATH, KEY))).containsExactly(id);
        JsonObject five = new JsonObject().put("image_urls", Collections.nCopies(5, "https://x.example/a.png"));
        assertThat(client.post(MULTI_PATH, KEY, five, null).statusCode()).isEqualTo(400);
    }

    @Test
    void eachDocumentedTaskFailureIsReportedAndRefunded() {
        for (Map.Entry<String, TaskFailure> failure : TaskFailure.CATALOGUE.entrySet()) {
            String scenario = new JsonObject()
                    .put("queueMillis", 0)
                    .put("processingMillis", 50)
                    .put("failTask", failure.getKey())
                    .encode();
            String id = client.create(PATH, KEY, SIMPLE, scenario);
            JsonObject task = client.awaitStatus(PATH + "/" + id, KEY, "FAILED");
            assertThat(task.getJsonObject("task_error"))
                    .isEqualTo(failure.getValue().toJson());
            assertThat(task.getInteger("consumed_credits")).isZero();
            assertThat(task.getJsonObject("model_urls")).isEmpty();
        }
        await().atMost(MeshyTestClient.DEADLINE)
                .untilAsserted(() -> assertThat(account("default").balance()).isEqualTo(BigDecimal.valueOf(100_000)));
    }

    @Test
    void moderationFailsATaskWhoseInputIsFlagged() {
        JsonObject body = new JsonObject()
                .put("image_url", "https://images.example.com/moderation-blocked.png")
                .put("moderation", true);
        String id = client.create(PATH, KEY, body, null);
        JsonObject task = client.awaitStatus(PATH + "/" + id, KEY, "FAILED");
        assertThat(task.getJsonObject("task_error").getString("code")).isEqualTo("moderation_blocked");
        assertThat(task.getJsonObject("task_error").getString("type")).isEqualTo("invalid_input");
    }

    @Test
    void assetUrlsExpireWithTheResultsOrEarlierUnderAScenario() {
        String id = client.create(PATH, KEY, SIMPLE, FAST);
        String glb = client.awaitStatus(PATH + "/" + id, KEY, "SUCCEEDED")
                .getJsonObject("model_urls")
                .getString("glb");
        assertThat(glb).contains("Expires=");
        assertThat(client.download(glb)).isEqualTo(200);

        String early = client.create(
                PATH, KEY, SIMPLE, "{\"queueMillis\": 0, \"processingMillis\": 50, \"urlTtlSeconds\": 60}");
        String earlyGlb = client.awaitStatus(PATH + "/" + early, KEY, "SUCCEEDED")
                .getJsonObject("model_urls")
                .getString("glb");
        advanceClock(Duration.ofSeconds(61));
        assertThat(client.download(earlyGlb)).isEqualTo(403);
        assertThat(client.download(glb)).isEqualTo(200);

        advanceClock(Duration.ofDays(3));
        assertThat(client.download(glb)).isEqualTo(403);
    }

    @Test
    void scenariosInjectVendorShapedFaults() {
        HttpResponse<String> limited = client.post(PATH, KEY, SIMPLE, "rate-limited");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new JsonObject(limited.body()).getString("message")).isEqualTo("RateLimitExceeded");
        assertThat(client.post(PATH, KEY, SIMPLE, "unavailable").statusCode()).isEqualTo(503);
        HttpResponse<String> malformed = client.post(PATH, KEY, SIMPLE, "malformed-json");
        assertThat(malformed.statusCode()).isEqualTo(202);
        assertThat(malformed.body()).startsWith("{").doesNotEndWith("}");
        assertThat(emulator.context().calls().count(MeshyAccounts.PROVIDER, "default", "image-to-3d.create"))
                .isEqualTo(3);
    }

    private static List<String> ids(JsonArray tasks) {
        return tasks.stream().map(task -> ((JsonObject) task).getString("id")).toList();
    }
}
