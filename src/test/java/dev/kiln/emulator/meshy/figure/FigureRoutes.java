package dev.kiln.emulator.meshy.figure;

import dev.kiln.emulator.meshy.Caller;
import dev.kiln.emulator.meshy.MeshyPricing;
import dev.kiln.emulator.meshy.MeshyService;
import dev.kiln.emulator.meshy.http.JsonBody;
import dev.kiln.emulator.meshy.http.MeshyError;
import dev.kiln.emulator.meshy.http.PageQuery;
import dev.kiln.emulator.meshy.http.Routes;
import dev.kiln.emulator.meshy.http.TaskStreamer;
import dev.kiln.emulator.meshy.input.ImageInputRule;
import dev.kiln.emulator.meshy.task.TaskEngine.CancelOutcome;
import dev.kiln.emulator.meshy.task.TaskIds;
import dev.kiln.emulator.meshy.task.TaskKind;
import dev.kiln.emulator.meshy.task.TaskOutputs;
import dev.kiln.emulator.meshy.task.TaskSnapshot;
import dev.kiln.emulator.meshy.task.TaskSpec;
import dev.kiln.emulator.meshy.task.TaskStatus;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creative Lab figure: {@code /openapi/creative-lab/figure/v1/{prototype|build}}. The stage in the path must match
 * the task's stage, else 404; get, cancel and stream see the account's tasks, list sees the calling key's, and a
 * build takes only a SUCCEEDED prototype made by the same key.
 */
public final class FigureRoutes {

    static final String BASE = "/openapi/creative-lab/figure/v1/";
    static final int MAX_NAME = 100;
    /** In a prototype's {@code image_url}: the prototype succeeds without a candidate image (a build then gets 400). */
    public static final String NO_CANDIDATE_MARKER = "no-candidate";

    private static final ImageInputRule PHOTO = new ImageInputRule(Set.of("jpg", "jpeg", "png", "webp"), 20L << 20, 32);

    private final MeshyService service;
    private final TaskStreamer streamer;

    private FigureRoutes(MeshyService service, TaskStreamer streamer) {
        this.service = service;
        this.streamer = streamer;
    }

    public static void mount(Router router, MeshyService service, TaskStreamer streamer) {
        FigureRoutes routes = new FigureRoutes(service, streamer);
        router.route(HttpMethod.POST, BASE + "prototype")
                .handler(Routes.admitted(service, "figure.prototype.create", null, routes::createPrototype));
        router.route(HttpMethod.POST, BASE + "build")
                .handler(Routes.admitted(service, "figure.build.create", null, routes::createBuild));
        for (TaskKind stage : List.of(TaskKind.FIGURE_PROTOTYPE, TaskKind.FIGURE_BUILD)) {
            String path = BASE + stageName(stage);
            String op = "figure." + stageName(stage) + ".";
            router.route(HttpMethod.GET, path)
                    .handler(Routes.admitted(
                            service, op + "list", null, (ctx, caller) -> routes.list(ctx, caller, stage)));
            router.route(HttpMethod.GET, path + "/:id")
                    .handler(Routes.admitted(
                            service, op + "get", "id", (ctx, caller) -> routes.get(ctx, caller, stage)));
            router.route(HttpMethod.DELETE, path + "/:id")
                    .handler(Routes.admitted(
                            service, op + "delete", "id", (ctx, caller) -> routes.cancel(ctx, caller, stage)));
            router.route(HttpMethod.GET, path + "/:id/stream")
                    .handler(Routes.admitted(
                            service, op + "stream", "id", (ctx, caller) -> routes.stream(ctx, caller, stage)));
        }
    }

    private static String stageName(TaskKind stage) {
        return stage == TaskKind.FIGURE_PROTOTYPE ? "prototype" : "build";
    }

    private void createPrototype(RoutingContext ctx, Caller caller) {
        JsonBody body = JsonBody.parse(ctx.body().buffer());
        String imageUrl = body.string("image_url");
        if (imageUrl == null) {
            throw MeshyError.badRequest("Missing parameter: image_url is required");
        }
        if (PHOTO.check("image_url", imageUrl).moderationFlagged()) {
            throw MeshyError.badRequest("The image was blocked by content moderation (NSFW or intellectual property)");
        }
        String name = name(body);
        boolean noCandidate = imageUrl.toLowerCase(Locale.ROOT).contains(NO_CANDIDATE_MARKER);
        TaskOutputs outputs =
                new TaskOutputs(Map.of(), Map.of(), null, noCandidate ? List.of() : List.of("concept.png"));
        TaskSpec spec =
                new TaskSpec(TaskKind.FIGURE_PROTOTYPE, name, MeshyPricing.FIGURE_PROTOTYPE, outputs, "", "", null);
        created(ctx, service.create(caller, spec, null));
    }

    private void createBuild(RoutingContext ctx, Caller caller) {
        JsonBody body = JsonBody.parse(ctx.body().buffer());
        String parentId = body.string("input_task_id");
        if (parentId == null || parentId.isEmpty()) {
            throw MeshyError.badRequest("Missing parameter: input_task_id is required");
        }
        if (!TaskIds.isUuid(parentId)) {
            throw MeshyError.badRequest("input_task_id is not a valid UUID");
        }
        String name = name(body);
        TaskSnapshot parent = service.engine()
                .find(parentId)
                .filter(task -> task.task().kind() == TaskKind.FIGURE_PROTOTYPE)
                .filter(task -> task.task().apiKey().equals(caller.apiKey()))
                .orElseThrow(() -> new MeshyError(404, "Prototype task not found"));
        if (parent.status() != TaskStatus.SUCCEEDED) {
            throw MeshyError.badRequest("The prototype task has not SUCCEEDED (status " + parent.status() + ")");
        }
        if (parent.spec().outputs().images().size() != 1) {
            throw MeshyError.badRequest("The prototype task produced no candidate image");
        }
        Map<String, String> models = new java.util.LinkedHashMap<>();
        models.put("glb", "model.glb");
        models.put("obj", "model.obj");
        models.put("mtl", "model.mtl");
        TaskOutputs outputs = new TaskOutputs(models, Map.of("base_color", "texture_0.png"), "preview.png", List.of());
        TaskSpec spec = new TaskSpec(TaskKind.FIGURE_BUILD, name, MeshyPricing.FIGURE_BUILD, outputs, "", "", parentId);
        created(ctx, service.create(caller, spec, null));
    }

    private static String name(JsonBody body) {
        String name = body.string("name");
        if (name != null && name.length() > MAX_NAME) {
            throw MeshyError.badRequest("name must be at most " + MAX_NAME + " characters");
        }
        return name == null ? "" : name;
    }

    private static void created(RoutingContext ctx, TaskSnapshot task) {
        Routes.json(ctx, 202, new JsonObject().put("result", task.id()));
    }

    private void get(RoutingContext ctx, Caller caller, TaskKind stage) {
        TaskSnapshot task = visible(caller, stage, ctx.pathParam("id")).orElseThrow(MeshyError::notFound);
        Routes.json(ctx, 200, service.views().full(task));
    }

    private void cancel(RoutingContext ctx, Caller caller, TaskKind stage) {
        String id = ctx.pathParam("id");
        visible(caller, stage, id).orElseThrow(MeshyError::notFound);
        CancelOutcome outcome = service.engine().cancel(id);
        switch (outcome) {
            case CANCELED_REFUNDED, CANCELED_NOT_REFUNDED -> ctx.response()
                    .setStatusCode(204)
                    .end();
            case ALREADY_FINISHED -> throw MeshyError.badRequest(
                    "The task has already finished and cannot be canceled");
            case NOT_FOUND -> throw MeshyError.notFound();
        }
    }

    private void list(RoutingContext ctx, Caller caller, TaskKind stage) {
        PageQuery page = PageQuery.parse(ctx.queryParams());
        JsonArray tasks = new JsonArray();
        service.engine()
                .page(
                        task -> task.kind() == stage && task.apiKey().equals(caller.apiKey()),
                        page.newestFirst(),
                        page.pageNum(),
                        page.pageSize())
                .forEach(task -> tasks.add(service.views().full(task)));
        Routes.json(ctx, tasks);
    }

    private void stream(RoutingContext ctx, Caller caller, TaskKind stage) {
        String id = ctx.pathParam("id");
        streamer.stream(ctx, taskId -> visible(caller, stage, taskId), id, service.hooks().stream(caller, id));
    }

    private Optional<TaskSnapshot> visible(Caller caller, TaskKind stage, String id) {
        return service.engine()
                .find(id)
                .filter(task -> task.task().kind() == stage && task.task().account() == caller.account());
    }
}
