package dev.kiln.emulator.meshy.figure;

import dev.kiln.emulator.http.Exchange;
import dev.kiln.emulator.meshy.Caller;
import dev.kiln.emulator.meshy.MeshyPricing;
import dev.kiln.emulator.meshy.MeshyRuntime;
import dev.kiln.emulator.meshy.http.JsonBody;
import dev.kiln.emulator.meshy.http.MeshyError;
import dev.kiln.emulator.meshy.http.PageQuery;
import dev.kiln.emulator.meshy.http.Routes;
import dev.kiln.emulator.meshy.input.ImageInputRule;
import dev.kiln.emulator.meshy.task.MeshyTasks.CancelOutcome;
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
import java.util.LinkedHashMap;
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

    private final MeshyRuntime runtime;

    private FigureRoutes(MeshyRuntime runtime) {
        this.runtime = runtime;
    }

    public static void mount(Router router, MeshyRuntime runtime) {
        FigureRoutes routes = new FigureRoutes(runtime);
        router.route(HttpMethod.POST, BASE + "prototype")
                .handler(Routes.admitted(runtime, "figure.prototype.create", null, routes::createPrototype));
        router.route(HttpMethod.POST, BASE + "build")
                .handler(Routes.admitted(runtime, "figure.build.create", null, routes::createBuild));
        for (TaskKind stage : List.of(TaskKind.FIGURE_PROTOTYPE, TaskKind.FIGURE_BUILD)) {
            String path = BASE + stageName(stage);
            String op = "figure." + stageName(stage) + ".";
            router.route(HttpMethod.GET, path)
                    .handler(Routes.admitted(
                            runtime, op + "list", null, (ex, caller) -> routes.list(ex, caller, stage)));
            router.route(HttpMethod.GET, path + "/:id")
                    .handler(Routes.admitted(runtime, op + "get", "id", (ex, caller) -> routes.get(ex, caller, stage)));
            router.route(HttpMethod.DELETE, path + "/:id")
                    .handler(Routes.admitted(
                            runtime, op + "delete", "id", (ex, caller) -> routes.cancel(ex, caller, stage)));
            router.route(HttpMethod.GET, path + "/:id/stream")
                    .handler(Routes.admitted(
                            runtime, op + "stream", "id", (ex, caller) -> routes.stream(ex, caller, stage)));
        }
    }

    private static String stageName(TaskKind stage) {
        return stage == TaskKind.FIGURE_PROTOTYPE ? "prototype" : "build";
    }

    private void createPrototype(Exchange ex, Caller caller) {
        JsonBody body = JsonBody.parse(ex.routingContext().body().buffer());
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
        created(ex, runtime.tasks().create(caller, ex.scenario(), spec, null));
    }

    private void createBuild(Exchange ex, Caller caller) {
        JsonBody body = JsonBody.parse(ex.routingContext().body().buffer());
        String parentId = body.string("input_task_id");
        if (parentId == null || parentId.isEmpty()) {
            throw MeshyError.badRequest("Missing parameter: input_task_id is required");
        }
        if (!TaskIds.isUuid(parentId)) {
            throw MeshyError.badRequest("input_task_id is not a valid UUID");
        }
        String name = name(body);
        TaskSnapshot parent = runtime.tasks()
                .find(parentId)
                .filter(task -> task.kind() == TaskKind.FIGURE_PROTOTYPE)
                .filter(task -> task.apiKey().equals(caller.apiKey()))
                .orElseThrow(() -> new MeshyError(404, "Prototype task not found"));
        if (parent.status() != TaskStatus.SUCCEEDED) {
            throw MeshyError.badRequest("The prototype task has not SUCCEEDED (status " + parent.status() + ")");
        }
        if (parent.spec().outputs().images().size() != 1) {
            throw MeshyError.badRequest("The prototype task produced no candidate image");
        }
        Map<String, String> models = new LinkedHashMap<>();
        models.put("glb", "model.glb");
        models.put("obj", "model.obj");
        models.put("mtl", "model.mtl");
        TaskOutputs outputs = new TaskOutputs(models, Map.of("base_color", "texture_0.png"), "preview.png", List.of());
        TaskSpec spec = new TaskSpec(TaskKind.FIGURE_BUILD, name, MeshyPricing.FIGURE_BUILD, outputs, "", "", parentId);
        created(ex, runtime.tasks().create(caller, ex.scenario(), spec, null));
    }

    private static String name(JsonBody body) {
        String name = body.string("name");
        if (name != null && name.length() > MAX_NAME) {
            throw MeshyError.badRequest("name must be at most " + MAX_NAME + " characters");
        }
        return name == null ? "" : name;
    }

    private static void created(Exchange ex, TaskSnapshot task) {
        ex.json(202, new JsonObject().put("result", task.id()));
    }

    private void get(Exchange ex, Caller caller, TaskKind stage) {
        TaskSnapshot task =
                visible(caller, stage, ex.routingContext().pathParam("id")).orElseThrow(MeshyError::notFound);
        ex.json(200, runtime.views().full(task));
    }

    private void cancel(Exchange ex, Caller caller, TaskKind stage) {
        String id = ex.routingContext().pathParam("id");
        visible(caller, stage, id).orElseThrow(MeshyError::notFound);
        CancelOutcome outcome = runtime.tasks().cancel(id);
        switch (outcome) {
            case CANCELED_REFUNDED, CANCELED_NOT_REFUNDED -> ex.routingContext()
                    .response()
                    .setStatusCode(204)
                    .end();
            case ALREADY_FINISHED -> throw MeshyError.badRequest(
                    "The task has already finished and cannot be canceled");
        }
    }

    private void list(Exchange ex, Caller caller, TaskKind stage) {
        PageQuery page = PageQuery.parse(ex.routingContext().queryParams());
        JsonArray tasks = new JsonArray();
        runtime.tasks()
                .page(
                        task -> task.kind() == stage && task.apiKey().equals(caller.apiKey()),
                        page.newestFirst(),
                        page.pageNum(),
                        page.pageSize())
                .forEach(task -> tasks.add(runtime.views().full(task)));
        Routes.json(ex, tasks);
    }

    private void stream(Exchange ex, Caller caller, TaskKind stage) {
        String id = ex.routingContext().pathParam("id");
        runtime.streamer().stream(ex.routingContext(), () -> visible(caller, stage, id), ex.scenario());
    }

    private Optional<TaskSnapshot> visible(Caller caller, TaskKind stage, String id) {
        return runtime.tasks()
                .find(id)
                .filter(task -> task.kind() == stage
                        && task.accountId().equals(caller.account().id()));
    }
}
