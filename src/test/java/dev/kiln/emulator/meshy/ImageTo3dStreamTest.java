package dev.kiln.emulator.meshy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.emulator.meshy.MeshyTestClient.SseCapture;
import dev.kiln.emulator.meshy.MeshyTestClient.SseEvent;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Image to 3D stream (the figure streams share its code; see FigureApiTest for their stage rules). */
class ImageTo3dStreamTest extends MeshyEmulatorTestBase {

    @Test
    void theStreamSendsProgressOnlyUntilTheWholeTaskAtTheEnd() {
        String id = client.create(ImageTo3dApiTest.PATH, KEY, ImageTo3dApiTest.SIMPLE, HELD_THROUGHOUT);
        SseCapture stream = client.stream(ImageTo3dApiTest.PATH + "/" + id + "/stream", KEY, null);
        try {
            awaitEvent(stream, "PENDING");
            advanceTaskUntilRunning(id);
            awaitEvent(stream, "IN_PROGRESS");
            advanceTask(id);
            stream.awaitEnd();
        } finally {
            stream.close();
        }

        assertThat(stream.status).isEqualTo(200);
        assertThat(stream.failed).isFalse();
        List<SseEvent> events = stream.events;
        assertThat(events).extracting(SseEvent::name).containsOnly("message");
        List<SseEvent> partial = events.subList(0, events.size() - 1);
        assertThat(partial).extracting(e -> e.data().fieldNames()).allSatisfy(fields -> assertThat(fields)
                .containsExactlyInAnyOrder("id", "progress", "status"));
        assertThat(partial).extracting(e -> e.data().getString("status")).contains("PENDING", "IN_PROGRESS");
        JsonObject last = events.get(events.size() - 1).data();
        assertThat(last.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(last.getJsonObject("model_urls").fieldNames()).contains("glb");
        assertThat(last.getInteger("consumed_credits")).isEqualTo(30);
    }

    @Test
    void theStreamCanStayOpenAfterTheFinalEvent() {
        String id = client.create(ImageTo3dApiTest.PATH, KEY, ImageTo3dApiTest.SIMPLE, HELD_THROUGHOUT);
        SseCapture stream =
                client.stream(ImageTo3dApiTest.PATH + "/" + id + "/stream", KEY, "{\"sseCloseAfterFinal\": false}");
        try {
            awaitEvent(stream, "PENDING");
            advanceTaskUntilRunning(id);
            advanceTask(id);
            awaitEvent(stream, "SUCCEEDED");
            // The whole task came, and the connection stays open: the client has to leave by itself.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> !stream.done.isDone());
            assertThat(stream.events.get(stream.events.size() - 1).data().getJsonObject("model_urls"))
                    .isNotNull();
        } finally {
            stream.close();
        }
    }

    static void awaitEvent(SseCapture stream, String status) {
        await().atMost(MeshyTestClient.DEADLINE).until(() -> stream.events.stream()
                .anyMatch(e -> status.equals(e.data().getString("status"))));
    }

    @Test
    void theStreamOfAnUnknownTaskSendsOneNotFoundError() {
        SseCapture stream = client.stream(
                        ImageTo3dApiTest.PATH + "/0190c0de-0000-7000-8000-000000000000/stream", KEY, null)
                .awaitEnd();
        assertThat(stream.events)
                .containsExactly(new SseEvent(
                        "error", new JsonObject().put("status_code", 404).put("message", "Task not found")));
    }

    @Test
    void aStreamCanDropOrGoSilentMidWay() {
        String id = client.create(ImageTo3dApiTest.PATH, KEY, ImageTo3dApiTest.SIMPLE, HELD);
        SseCapture dropped = client.stream(ImageTo3dApiTest.PATH + "/" + id + "/stream", KEY, "{\"sse\": \"drop\"}")
                .awaitEnd();
        assertThat(dropped.events).hasSize(1);
        assertThat(dropped.failed).as("the connection broke instead of ending").isTrue();

        SseCapture silent = client.stream(ImageTo3dApiTest.PATH + "/" + id + "/stream", KEY, "{\"sse\": \"silent\"}");
        try {
            await().atMost(MeshyTestClient.DEADLINE).until(() -> silent.events.size() == 1);
            advanceClock(Duration.ofMinutes(20));
            client.awaitStatus(ImageTo3dApiTest.PATH + "/" + id, KEY, "SUCCEEDED");
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> silent.events.size() == 1 && !silent.done.isDone());
        } finally {
            silent.close();
        }
    }

    @Test
    void aStreamCanSpreadItsDataOverSeveralLines() {
        String id = client.create(ImageTo3dApiTest.PATH, KEY, ImageTo3dApiTest.SIMPLE, FAST);
        client.awaitStatus(ImageTo3dApiTest.PATH + "/" + id, KEY, "SUCCEEDED");
        SseCapture stream = client.stream(
                        ImageTo3dApiTest.PATH + "/" + id + "/stream", KEY, "{\"sseMultiLineData\": true}")
                .awaitEnd();
        assertThat(stream.events)
                .singleElement()
                .satisfies(event -> assertThat(event.data().getString("status")).isEqualTo("SUCCEEDED"));
    }
}
