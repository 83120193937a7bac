package dev.kiln.emulator;

import dev.kiln.emulator.admin.AdminRoutes;
import dev.kiln.emulator.asset.AssetRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The emulator: one HTTP server on one port serving every mounted {@link EmulatedApi} at its vendor's
 * paths, the signed asset URLs ({@code /assets/...}) and the admin API ({@code /_emulator/...}).
 *
 * <pre>{@code
 * try (EmulatorServer emulator = EmulatorServer.start(EmulatorOptions.defaults().baseScenario(Scenario.fastTasks()))) {
 *     String base = emulator.baseUrl(); // http://127.0.0.1:<port>
 *     ...
 * }
 * }</pre>
 */
public final class EmulatorServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmulatorServer.class.getName());
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final EmulatorContext context;
    private final List<EmulatedApi> apis;
    private final HttpServer server;
    private final long tickTimer;

    private EmulatorServer(
            Vertx vertx, EmulatorContext context, List<EmulatedApi> apis, HttpServer server, long tickTimer) {
        this.vertx = vertx;
        this.context = context;
        this.apis = apis;
        this.server = server;
        this.tickTimer = tickTimer;
    }

    /** Starts a server and waits until it listens. */
    public static EmulatorServer start(EmulatorOptions options) {
        Vertx vertx = Vertx.vertx();
        try {
            EmulatorContext context = new EmulatorContext(vertx, options);
            List<EmulatedApi> apis = options.apis() != null ? options.apis() : discover();
            Router router = Router.router(vertx);
            EmulatorServer[] self = new EmulatorServer[1];
            AdminRoutes.mount(router, context, () -> self[0].reset());
            AssetRoutes.mount(router, context);
            for (EmulatedApi api : apis) {
                api.mount(router, context);
            }
            router.route().last().handler(rc -> rc.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("message", "no such path: " + rc.request().path())
                            .encode()));
            HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                            .setHost(options.host())
                            .setPort(options.port())
                            .setHandle100ContinueAutomatically(true)
                            // HTTP/1.1 only, as the vendors answer: a fault that closes a connection
                            // (truncate, drop, reset) must not take other requests multiplexed on an h2c one.
                            .setHttp2ClearTextEnabled(false))
                    .requestHandler(router)
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String host = "0.0.0.0".equals(options.host()) ? "localhost" : options.host();
            context.baseUrl(
                    options.publicBaseUrl() != null
                            ? options.publicBaseUrl().replaceAll("/+$", "")
                            : "http://" + host + ":" + server.actualPort());
            long tick = vertx.setPeriodic(Math.max(1, options.tickInterval().toMillis()), id -> tick(context));
            self[0] = new EmulatorServer(vertx, context, List.copyOf(apis), server, tick);
            self[0].reset();
            LOG.info(() -> "provider emulator listening on " + context.baseUrl() + " with "
                    + apis.stream().map(EmulatedApi::provider).toList());
            return self[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            throw new IllegalStateException("interrupted while starting the emulator", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            vertx.close();
            throw new IllegalStateException("the emulator did not start", e);
        }
    }

    private static List<EmulatedApi> discover() {
        List<EmulatedApi> apis = new ArrayList<>();
        ServiceLoader.load(EmulatedApi.class).forEach(apis::add);
        return apis;
    }

    private static void tick(EmulatorContext context) {
        try {
            context.tasks().advance();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "task tick failed", e);
        }
    }

    /** {@code http://host:port}, no trailing slash. Every API lives at its vendor path under it. */
    public String baseUrl() {
        return context.baseUrl();
    }

    public int port() {
        return server.actualPort();
    }

    /** The shared services: scenarios, call log, tasks, accounts, clock, assets, callbacks. */
    public EmulatorContext context() {
        return context;
    }

    /** The mounted APIs. */
    public List<EmulatedApi> apis() {
        return apis;
    }

    /** Forgets tasks, calls, scenario rules, callbacks and account changes; puts the clock back. */
    public synchronized void reset() {
        context.clearShared();
        for (EmulatedApi api : apis) {
            api.reset(context);
        }
    }

    @Override
    public void close() {
        vertx.cancelTimer(tickTimer);
        context.callbacks().close();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "the emulator did not stop cleanly", e);
        }
    }
}
