package dev.kiln.provider;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What sits beside a provider in a contract test: a host serving input images ({@code /images/{name}}) and
 * Kiln's callback endpoint ({@code /callbacks}), which records what it receives.
 */
public final class SideServer implements AutoCloseable {
    /** One callback as received. */
    public record Received(Map<String, String> query, byte[] body) {}

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, byte[]> images = new ConcurrentHashMap<>();
    private final List<Received> callbacks = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public SideServer() throws Exception {
        Router router = Router.router(vertx);
        router.get("/images/:name").handler(rc -> {
            byte[] image = images.get(rc.pathParam("name"));
            if (image == null) {
                rc.response().setStatusCode(404).end();
            } else {
                rc.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(image));
            }
        });
        router.post("/callbacks").handler(BodyHandler.create()).handler(rc -> {
            Map<String, String> query = new HashMap<>();
            MultiMap params = rc.queryParams();
            params.names().forEach(name -> query.put(name, params.get(name)));
            callbacks.add(new Received(query, rc.body().buffer().getBytes()));
            rc.response().setStatusCode(200).end();
        });
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Serves {@code bytes} at the returned URL. */
    public String image(String name, byte[] bytes) {
        images.put(name, bytes);
        return baseUrl() + "/images/" + name;
    }

    public String callbackUrl() {
        return baseUrl() + "/callbacks";
    }

    public List<Received> callbacks() {
        return callbacks;
    }

    public void clear() {
        images.clear();
        callbacks.clear();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
