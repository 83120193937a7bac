package dev.kiln.emulator.meshy.imageto3d;

import dev.kiln.emulator.meshy.Caller;
import dev.kiln.emulator.meshy.MeshyService;
import dev.kiln.emulator.meshy.http.JsonBody;
import dev.kiln.emulator.meshy.http.MeshyError;
import dev.kiln.emulator.meshy.http.PageQuery;
import dev.kiln.emulator.meshy.http.Routes;
import dev.kiln.emulator.meshy.http.TaskStreamer;
import dev.kiln.emulator.meshy.task.TaskFailure;
import dev.kiln.emulator.meshy.task.TaskKind;
import dev.kiln.emulator.meshy.task.TaskSnapshot;
import dev.kiln.emulator.meshy.task.TaskSpec;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /openapi/v1/image-to-3d} and {@code /openapi/v1/multi-image-to-3d}: create, get, delete, list, stream.
 * Tasks are visible to every key of the account that made them.
 */
public final class ImageTo3dRoutes {

    private final MeshyService service;
    private final TaskStreamer streamer;
    private final TaskKind kind;
    private final Function<JsonBody, ImageTo3dRequest> parser;

    private ImageTo3dRoutes(
            MeshyService service, TaskStreamer streamer, TaskKind kind, Function<JsonBody, ImageTo3dRequest> parser) {
        this.service = service;
        this.streamer = streamer;
        this.kind = kind;
        this.parser = parser;
    }

    public static void mount(Router router, MeshyService service, TaskStreamer streamer) {
        new ImageTo3dRoutes(service, streamer, TaskKind.IMAGE_TO_3D, ImageTo3dRequest::single).mount(router);
        new ImageTo3dRoutes(service, streamer, TaskKind.MULTI_IMAGE_TO_3D, ImageTo3dRequest::multi).mount(router);
    }

    private void mount(Router router) {
        String base = "/openapi/v1/" + kind.type();
        String op = kind.type() + ".";
        router.route(HttpMethod.POST, base).handler(Routes.admitted(service, op + "create", null, this::create));
        router.route(HttpMethod.GET, base).handler(Routes.admitted(service, op + "list", null, this::list));
        router.route(HttpMethod.GET, base + "/:id").handler(Routes.admitted(service, op + "get", "id", this::get));
        router.route(HttpMethod.DELETE, base + "/:id")
                .handler(Routes.admitted(service, op + "delete", "id", this::delete));
        router.route(HttpMethod.GET, base + "/:id/stream")
                .handler(Routes.admitted(service, op + "stream", "id", this::stream));
    }

    private void create(RoutingContext ctx, Caller caller) {
        ImageTo3dRequest request = parser.apply(JsonBody.parse(ctx.body().buffer()));
        TaskSpec spec = new TaskSpec(
                kind, "", request.cost(), request.outputs(), request.texturePrompt(), request.textureImageUrl(), null);
        TaskFailure failure = request.moderationBlocked() ? TaskFailure.named("moderation_blocked") : null;
        TaskSnapshot task = service.create(caller, spec, failure);
        Routes.json(ctx, 202, new JsonObject().put("result", task.id()));
    }

    private void get(RoutingContext ctx, Caller caller) {
        TaskSnapshot task = visible(caller, ctx.pathParam("id")).orElseThrow(MeshyError::notFound);
        Routes.json(ctx, 200, service.views().full(task));
    }

    private void delete(RoutingContext ctx, Caller caller) {
        String id = ctx.pathParam("id");
        visible(caller, id).orElseThrow(MeshyError::notFound);
        service.engine().delete(id);
        ctx.response().setStatusCode(200).end();
    }

    private void list(RoutingContext ctx, Caller caller) {
        PageQuery page = PageQuery.parse(ctx.queryParams());
        JsonArray tasks = new JsonArray();
        service.engine()
                .page(
                        task -> task.kind() == kind && task.account() == caller.account(),
                        page.newestFirst(),
                        page.pageNum(),
                        page.pageSize())
                .forEach(task -> tasks.add(service.views().full(task)));
        Routes.json(ctx, tasks);
    }

    private void stream(RoutingContext ctx, Caller caller) {
        String id = ctx.pathParam("id");
        streamer.stream(ctx, taskId -> visible(caller, taskId), id, service.hooks().stream(caller, id));
    }

    private Optional<TaskSnapshot> visible(Caller caller, String id) {
        return service.engine()
                .find(id)
                .filter(task -> task.task().kind() == kind && task.task().account() == caller.account());
    }
}
