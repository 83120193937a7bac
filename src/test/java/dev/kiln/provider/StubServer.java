package dev.kiln.provider;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A provider that answers whatever a test tells it to, per path: for answers the emulator does not give
 * (gateway pages, undocumented codes). Unprogrammed paths answer 404. Serves PNG images under
 * {@code /images/}.
 */
public final class StubServer implements AutoCloseable {
    /** One canned answer. */
    public record Answer(int status, String contentType, String body, Map<String, String> headers) {}

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public StubServer() throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(ignored -> {
                    String path = request.path();
                    calls.add(request.method() + " " + path);
                    byte[] image = images.get(path);
                    if (image != null) {
                        request.response()
                                .putHeader("Content-Type", "image/png")
                                .end(Buffer.buffer(image));
                        return;
                    }
                    Answer answer = answers.get(path);
                    if (answer == null) {
                        request.response().setStatusCode(404).end();
                        return;
                    }
                    answer.headers().forEach(request.response()::putHeader);
                    request.response()
                            .setStatusCode(answer.status())
                            .putHeader("Content-Type", answer.contentType())
                            .end(answer.body());
                }))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public StubServer answer(String path, int status, String contentType, String body) {
        answers.put(path, new Answer(status, contentType, body, Map.of()));
        return this;
    }

    public StubServer json(String path, int status, String body, Map<String, String> headers) {
        answers.put(path, new Answer(status, "application/json", body, Map.copyOf(headers)));
        return this;
    }

    public StubServer json(String path, int status, String body) {
        return answer(path, status, "application/json", body);
    }

    public String image(String name, byte[] bytes) {
        images.put("/images/" + name, bytes);
        return baseUrl() + "/images/" + name;
    }

    public List<String> calls() {
        return calls;
    }

    /** A local URL nothing listens on: a connection to it is refused. */
    public static String closedPortUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
