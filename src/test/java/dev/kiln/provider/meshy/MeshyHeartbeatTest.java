package dev.kiln.provider.meshy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.provider.ProviderNames;
import dev.kiln.provider.TaskHandle;
import dev.kiln.provider.TaskSnapshot;
import dev.kiln.provider.TaskState;
import dev.kiln.provider.TestConfigs;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stream that sends only heartbeat comments for longer than the idle timeout is alive, not silent. */
class MeshyHeartbeatTest {
    private Vertx vertx;
    private HttpServer server;
    private MeshyClient client;
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    if (!request.path().endsWith("/stream")) {
                        polls.incrementAndGet();
                        request.response().setStatusCode(500).endAndForget("{\"message\":\"no polling here\"}");
                        return;
                    }
                    streams.incrementAndGet();
                    var response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                    // Heartbeats every 100 ms for 1.5 s (three idle timeouts), then the final event.
                    long heartbeat = vertx.setPeriodic(100, id -> response.writeAndForget(": ping\n\n"));
                    vertx.setTimer(1500, id -> {
                        vertx.cancelTimer(heartbeat);
                        response.endAndForget("event: message\ndata: {\"id\":\"t-1\",\"status\":\"FAILED\","
                                + "\"task_error\":{\"message\":\"timeout\",\"type\":\"timeout\"}}\n\n");
                    });
                    response.closeHandler(() -> vertx.cancelTimer(heartbeat));
                })
                .listenAndAwait(0, "127.0.0.1");
        client = new MeshyClient(
                vertx,
                TestConfigs.providers(Map.of(
                                "kiln.providers.meshy.base-url", "http://127.0.0.1:" + server.actualPort(),
                                "kiln.providers.meshy.api-key", "stub-key",
                                "kiln.providers.meshy.sse-idle-timeout", "PT0.5S",
                                "kiln.providers.meshy.sse-reconnect-delay", "PT0.1S"))
                        .meshy(),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.closeAndAwait();
    }

    @Test
    void heartbeatsKeepTheStreamAlive() {
        MeshyImageTo3dAdapter adapter = new MeshyImageTo3dAdapter(client, false);

        List<TaskSnapshot> seen = adapter.follow(new TaskHandle(ProviderNames.MESHY_IMAGE_TO_3D, "generate", "t-1"))
                .collect()
                .asList()
                .await()
                .atMost(Duration.ofSeconds(20));

        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1).state()).isEqualTo(TaskState.FAILED);
        assertThat(streams.get()).as("one connection, never replaced").isEqualTo(1);
        assertThat(polls.get()).isZero();
    }
}
