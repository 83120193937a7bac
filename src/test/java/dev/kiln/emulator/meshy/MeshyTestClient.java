package dev.kiln.emulator.meshy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.testing.EmulatorClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/** Calls the emulated Meshy API over real HTTP as an adapter would, on top of the core's test client. */
final class MeshyTestClient {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final EmulatorClient http;

    MeshyTestClient(String baseUrl) {
        this.http = new EmulatorClient(baseUrl);
    }

    /** A request to {@code path} with {@code key} as the bearer key (none when null) and an optional scenario. */
    HttpRequest.Builder request(String path, String key, String scenario) {
        HttpRequest.Builder request = http.request(path).timeout(DEADLINE);
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (scenario != null) {
            request.header(ScenarioRegistry.HEADER, scenario);
        }
        return request;
    }

    HttpResponse<String> post(String path, String key, JsonObject body, String scenario) {
        return post(path, key, body.encode(), scenario);
    }

    HttpResponse<String> post(String path, String key, String body, String scenario) {
        return send(request(path, key, scenario)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> get(String path, String key) {
        return send(request(path, key, null).GET().build());
    }

    HttpResponse<String> delete(String path, String key) {
        return send(request(path, key, null).DELETE().build());
    }

    /** Creates a task and returns its id, asserting the vendor's {@code {"result": id}} answer. */
    String create(String path, String key, JsonObject body, String scenario) {
        HttpResponse<String> response = post(path, key, body, scenario);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return new JsonObject(response.body()).getString("result");
    }

    JsonObject getTask(String path, String key) {
        HttpResponse<String> response = get(path, key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    JsonArray list(String path, String key) {
        HttpResponse<String> response = get(path, key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonArray(response.body());
    }

    /** Polls the task until its status is {@code status}, within the deadline. */
    JsonObject awaitStatus(String path, String key, String status) {
        return await().atMost(DEADLINE)
                .until(() -> getTask(path, key), task -> status.equals(task.getString("status")));
    }

    /** Downloads an asset URL and returns the status. */
    int download(String url) {
        return http.download(url).status();
    }

    /** Downloads an asset URL and returns the SHA-256 of the body, asserting a 200. */
    String downloadChecksum(String url) {
        EmulatorClient.Download download = http.download(url);
        assertThat(download.status()).isEqualTo(200);
        return download.sha256();
    }

    /** Downloads an asset URL whole, asserting a 200: for small files. */
    byte[] downloadBytes(String url) {
        HttpResponse<byte[]> response =
                http.send(http.request(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    HttpResponse<String> downloadText(String url) {
        return http.get(url);
    }

    /** Opens a stream and collects its events in the background. */
    SseCapture stream(String path, String key, String scenario) {
        SseCapture capture = new SseCapture();
        capture.response =
                http.http().sendAsync(request(path, key, scenario).GET().build(), HttpResponse.BodyHandlers.ofLines());
        capture.response
                .thenAcceptAsync(response -> capture.read(response.statusCode(), response.body()))
                .exceptionally(failure -> {
                    capture.failed.set(true);
                    capture.done.complete(null);
                    return null;
                });
        return capture;
    }

    HttpResponse<String> send(HttpRequest request) {
        return http.send(request);
    }

    /** One server-sent event. */
    record SseEvent(String name, JsonObject data) {}

    /** The events of one stream as they arrive; {@link #done} completes when the stream ends or breaks. */
    static final class SseCapture {
        final List<SseEvent> events = new CopyOnWriteArrayList<>();
        final AtomicBoolean failed = new AtomicBoolean();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile int status;
        private volatile CompletableFuture<HttpResponse<Stream<String>>> response;
        private volatile Stream<String> lines;
        private volatile boolean closed;

        private void read(int statusCode, Stream<String> body) {
            status = statusCode;
            lines = body;
            if (closed) {
                // close() came before the body: it could not close it, so this does.
                body.close();
                done.complete(null);
                return;
            }
            String name = null;
            List<String> data = new ArrayList<>();
            try {
                Iterator<String> it = body.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.add(line.substring(5).trim());
                    } else if (line.isEmpty() && name != null) {
                        events.add(new SseEvent(name, new JsonObject(String.join("\n", data))));
                        name = null;
                        data.clear();
                    }
                }
            } catch (UncheckedIOException broken) {
                failed.set(true);
            } finally {
                done.complete(null);
            }
        }

        /** Waits for the stream to end (or break) within the deadline. */
        SseCapture awaitEnd() {
            await().atMost(DEADLINE).until(done::isDone);
            return this;
        }

        /** Leaves the stream, whether or not its answer has arrived yet. */
        void close() {
            closed = true;
            CompletableFuture<HttpResponse<Stream<String>>> pending = response;
            if (pending != null && !pending.isDone()) {
                pending.cancel(true);
            }
            Stream<String> open = lines;
            if (open != null) {
                open.close();
            }
        }
    }
}
