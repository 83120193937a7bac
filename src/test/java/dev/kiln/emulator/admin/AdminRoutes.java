package dev.kiln.emulator.admin;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.asset.AssetFormat;
import dev.kiln.emulator.asset.AssetSpec;
import dev.kiln.emulator.asset.Geometry;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.task.EmulatedTask;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;

/**
 * The admin API under {@code /_emulator}: what was called, tasks, scenarios, accounts, callbacks, the
 * clock, reset, and signed URLs for any generated file ({@code POST /_emulator/assets}). Never affected by scenarios and never recorded in the call log.
 */
public final class AdminRoutes {
    public static final String PREFIX = "/_emulator";

    private AdminRoutes() {}

    /** Mounts the routes; {@code reset} restores the whole server (shared stores and every API). */
    public static void mount(Router router, EmulatorContext ctx, Runnable reset) {
        router.route(PREFIX + "/*").handler(BodyHandler.create().setBodyLimit(1024 * 1024));
        router.get(PREFIX + "/health").handler(rc -> json(rc, 200, new JsonObject().put("status", "UP")));
        router.post(PREFIX + "/reset").handler(rc -> {
            reset.run();
            rc.response().setStatusCode(204).end();
        });

        router.get(PREFIX + "/calls")
                .handler(rc -> json(
                        rc,
                        200,
                        new JsonObject()
                                .put("counts", ctx.calls().counts())
                                .put(
                                        "calls",
                                        ctx.calls().toJson(q(rc, "provider"), q(rc, "account"), q(rc, "operation")))));
        router.get(PREFIX + "/calls/count")
                .handler(rc -> json(
                        rc,
                        200,
                        new JsonObject()
                                .put(
                                        "count",
                                        ctx.calls().count(q(rc, "provider"), q(rc, "account"), q(rc, "operation")))));

        router.get(PREFIX + "/tasks").handler(rc -> {
            Instant now = ctx.clock().instant();
            JsonArray tasks = new JsonArray();
            for (EmulatedTask task : ctx.tasks().list(q(rc, "provider"), q(rc, "account"))) {
                tasks.add(task.toJson(now));
            }
            json(rc, 200, new JsonObject().put("tasks", tasks));
        });
        router.get(PREFIX + "/tasks/:provider/:id").handler(rc -> ctx.tasks()
                .find(rc.pathParam("provider"), rc.pathParam("id"))
                .ifPresentOrElse(task -> json(rc, 200, task.toJson(ctx.clock().instant())), () -> notFound(rc)));
        router.post(PREFIX + "/tasks/:provider/:id/advance")
                .handler(rc -> found(rc, ctx.tasks().forceNext(rc.pathParam("provider"), rc.pathParam("id"))));
        router.post(PREFIX + "/tasks/:provider/:id/complete").handler(rc -> {
            JsonObject body = body(rc);
            boolean failed = "failed".equalsIgnoreCase(body.getString("outcome", "success"));
            String code = failed ? body.getString("code", "failed") : null;
            found(
                    rc,
                    ctx.tasks()
                            .complete(rc.pathParam("provider"), rc.pathParam("id"), code, body.getString("message")));
        });
        router.post(PREFIX + "/tasks/:provider/:id/cancel")
                .handler(rc -> found(rc, ctx.tasks().cancel(rc.pathParam("provider"), rc.pathParam("id"))));

        router.get(PREFIX + "/scenarios")
                .handler(rc -> json(
                        rc,
                        200,
                        new JsonObject()
                                .put("base", ctx.scenarios().base().toJson())
                                .put("rules", ctx.scenarios().toJson())));
        router.post(PREFIX + "/scenarios").handler(rc -> {
            String id = ctx.scenarios().add(body(rc));
            json(rc, 201, new JsonObject().put("id", id));
        });
        router.put(PREFIX + "/scenarios/base").handler(rc -> {
            ctx.scenarios().base(Scenario.of(body(rc)));
            rc.response().setStatusCode(204).end();
        });
        router.delete(PREFIX + "/scenarios/:id")
                .handler(rc -> found(rc, ctx.scenarios().remove(rc.pathParam("id"))));
        router.delete(PREFIX + "/scenarios").handler(rc -> {
            ctx.scenarios().clear();
            rc.response().setStatusCode(204).end();
        });

        router.get(PREFIX + "/accounts")
                .handler(rc -> json(
                        rc, 200, new JsonObject().put("accounts", ctx.accounts().toJson())));
        router.put(PREFIX + "/accounts/:provider/:id").handler(rc -> {
            var account = ctx.accounts().findOrCreate(rc.pathParam("provider"), rc.pathParam("id"));
            account.update(body(rc));
            ctx.tasks().advance();
            json(rc, 200, account.toJson());
        });

        router.get(PREFIX + "/callbacks")
                .handler(rc -> json(
                        rc,
                        200,
                        new JsonObject().put("callbacks", ctx.callbacks().toJson())));

        router.post(PREFIX + "/assets").handler(rc -> {
            JsonObject body = body(rc);
            String seed = body.getString("seed", "emulator-asset");
            long faces = body.getLong("faces", 0L);
            // With "faces" the mesh has that many triangles (seeded by "meshSeed"); without, it fills sizeBytes.
            AssetSpec spec = new AssetSpec(
                    seed,
                    AssetFormat.fromWireName(body.getString("format", "glb")),
                    body.getLong("sizeBytes", AssetSpec.DEFAULT_SIZE),
                    body.getBoolean("textured", true),
                    faces > 0
                            ? Geometry.of(body.getString("meshSeed", seed), faces)
                            : Geometry.fillingSize(body.getString("meshSeed", seed)),
                    body.getBoolean("pbr", false));
            String fileName =
                    body.getString("fileName", "asset." + spec.format().extension());
            String url = ctx.assets()
                    .url(
                            body.getString("provider", "emulator"),
                            body.getString("account"),
                            body.getString("taskId"),
                            fileName,
                            spec,
                            ctx.clock().instant().plusSeconds(body.getLong("ttlSeconds", 3600L)),
                            body.getLong("truncateAtBytes", -1L));
            json(rc, 201, new JsonObject().put("url", url));
        });

        router.get(PREFIX + "/clock").handler(rc -> json(rc, 200, clock(ctx)));
        router.post(PREFIX + "/clock/advance").handler(rc -> {
            JsonObject body = body(rc);
            long millis = body.getLong("millis", 0L) + body.getLong("seconds", 0L) * 1000;
            ctx.clock().advance(Duration.ofMillis(millis));
            ctx.tasks().advance();
            json(rc, 200, clock(ctx));
        });

        router.route(PREFIX + "/*").failureHandler(rc -> {
            int status = rc.failure() instanceof DecodeException || rc.failure() instanceof IllegalArgumentException
                    ? 400
                    : rc.statusCode() > 0 ? rc.statusCode() : 500;
            json(
                    rc,
                    status,
                    new JsonObject()
                            .put(
                                    "error",
                                    String.valueOf(
                                            rc.failure() == null
                                                    ? status
                                                    : rc.failure().getMessage())));
        });
    }

    private static JsonObject clock(EmulatorContext ctx) {
        return new JsonObject()
                .put("now", ctx.clock().instant().toString())
                .put("offsetMillis", ctx.clock().offset().toMillis());
    }

    private static JsonObject body(RoutingContext rc) {
        String text = rc.body() == null ? null : rc.body().asString();
        return text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
    }

    private static String q(RoutingContext rc, String name) {
        return rc.queryParams().get(name);
    }

    private static void found(RoutingContext rc, boolean found) {
        if (found) {
            rc.response().setStatusCode(204).end();
        } else {
            notFound(rc);
        }
    }

    private static void notFound(RoutingContext rc) {
        json(rc, 404, new JsonObject().put("error", "not found"));
    }

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }
}
