package dev.kiln.emulator.testing;

import dev.kiln.emulator.EmulatedApi;
import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.account.Account;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.emulator.task.TaskTiming;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

/**
 * A minimal provider API for testing the core: {@code GET /probe/ping} answers {@code {"pong":true}} (and the request's
 * {@code httpVersion}),
 * {@code POST /probe/tasks} creates a task, {@code GET /probe/tasks/:id} reads it. The key
 * {@code probe-key} in {@code Authorization} identifies account {@code probe-account}.
 */
public final class ProbeApi implements EmulatedApi {
    public static final String PROVIDER = "probe";
    public static final String ACCOUNT = "probe-account";
    public static final TaskTiming TIMING =
            new TaskTiming(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(100));

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void mount(Router router, EmulatorContext ctx) {
        router.get("/probe/ping").handler(rc -> ctx.exchange(rc, PROVIDER, "ping")
                .account(account(ctx, rc.request().getHeader("Authorization")))
                .run(ex -> ex.json(
                        200,
                        new JsonObject()
                                .put("pong", true)
                                .put("httpVersion", rc.request().version().name())
                                .put("padding", "x".repeat(200)))));
        router.post("/probe/tasks").handler(rc -> ctx.exchange(rc, PROVIDER, "create")
                .account(account(ctx, rc.request().getHeader("Authorization")))
                .run(ex -> {
                    EmulatedTask task = ctx.tasks()
                            .create(
                                    PROVIDER,
                                    ex.account(),
                                    UUID.randomUUID().toString(),
                                    ex.scenario(),
                                    TIMING,
                                    new JsonObject());
                    ex.json(200, new JsonObject().put("id", task.id()));
                }));
        router.get("/probe/tasks/:id").handler(rc -> ctx.exchange(rc, PROVIDER, "get")
                .account(account(ctx, rc.request().getHeader("Authorization")))
                .task(rc.pathParam("id"))
                .run(ex -> ctx.tasks()
                        .find(PROVIDER, rc.pathParam("id"))
                        .ifPresentOrElse(
                                task -> ex.json(200, task.toJson(ctx.clock().instant())),
                                () -> ex.json(404, new JsonObject()))));
    }

    @Override
    public void reset(EmulatorContext ctx) {
        ctx.accounts().register(new Account(PROVIDER, ACCOUNT, BigDecimal.TEN, 2).credential("key", "probe-key"));
    }

    private static String account(EmulatorContext ctx, String key) {
        return ctx.accounts()
                .findByCredential(PROVIDER, "key", key)
                .map(Account::id)
                .orElse(null);
    }
}
