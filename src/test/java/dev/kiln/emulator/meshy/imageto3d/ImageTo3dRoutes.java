package dev.kiln.emulator.meshy.imageto3d;

import dev.kiln.emulator.http.Exchange;
import dev.kiln.emulator.meshy.Caller;
import dev.kiln.emulator.meshy.MeshyRuntime;
import dev.kiln.emulator.meshy.http.JsonBody;
import dev.kiln.emulator.meshy.http.MeshyError;
import dev.kiln.emulator.meshy.http.PageQuery;
import dev.kiln.emulator.meshy.http.Routes;
import dev.kiln.emulator.meshy.task.TaskKind;
import dev.kiln.emulator.meshy.task.TaskSnapshot;
import dev.kiln.emulator.meshy.task.TaskSpec;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /openapi/v1/image-to-3d} and {@code /openapi/v1/multi-image-to-3d}: create, get, delete, list, stream.
 * A task is visible to every key of the account that made it.
 */
public final class ImageTo3dRoutes {

    private final MeshyRuntime runtime;
    private final TaskKind kind;
    private final Function<JsonBody, ImageTo3dRequest> parser;

    private ImageTo3dRoutes(MeshyRuntime runtime, TaskKind kind, Function<JsonBody, ImageTo3dRequest> parser) {
        this.runtime = runtime;
        this.kind = kind;
        this.parser = parser;
    }

    public static void mount(Router router, MeshyRuntime runtime) {
        new ImageTo3dRoutes(runtime, TaskKind.IMAGE_TO_3D, ImageTo3dRequest::single).mount(router);
        new ImageTo3dRoutes(runtime, TaskKind.MULTI_IMAGE_TO_3D, ImageTo3dRequest::multi).mount(router);
    }

    private void mount(Router router) {
        String base = "/openapi/v1/" + kind.type();
        String op = kind.type() + ".";
        router.route(HttpMethod.POST, base).handler(Routes.admitted(runtime, op + "create", null, this::create));
        router.route(HttpMethod.GET, base).handler(Routes.admitted(runtime, op + "list", null, this::list));
        router.route(HttpMethod.GET, base + "/:id").handler(Routes.admitted(runtime, op + "get", "id", this::get));
        router.route(HttpMethod.DELETE, base + "/:id")
                .handler(Routes.admitted(runtime, op + "delete", "id", this::delete));
        router.route(HttpMethod.GET, base + "/:id/stream")
                .handler(Routes.admitted(runtime, op + "stream", "id", this::stream));
    }

    private void create(Exchange ex, Caller caller) {
        ImageTo3dRequest request =
                parser.apply(JsonBody.parse(ex.routingContext().body().buffer()));
        TaskSpec spec = new TaskSpec(
                kind, "", request.cost(), request.outputs(), request.texturePrompt(), request.textureImageUrl(), null);
        String failure = request.moderationBlocked() ? "moderation_blocked" : null;
        TaskSnapshot task = runtime.tasks().create(caller, ex.scenario(), spec, failure);
        ex.json(202, new JsonObject().put("result", task.id()));
    }

    private void get(Exchange ex, Caller caller) {
        TaskSnapshot task = visible(caller, taskId(ex)).orElseThrow(MeshyError::notFound);
        ex.json(200, runtime.views().full(task));
    }

    private void delete(Exchange ex, Caller caller) {
        String id = taskId(ex);
        visible(caller, id).orElseThrow(MeshyError::notFound);
        runtime.tasks().delete(id);
        ex.routingContext().response().setStatusCode(200).end();
    }

    private void list(Exchange ex, Caller caller) {
        PageQuery page = PageQuery.parse(ex.routingContext().queryParams());
        JsonArray tasks = new JsonArray();
        runtime.tasks()
                .page(
                        task -> task.kind() == kind
                                && task.accountId().equals(caller.account().id()),
                        page.newestFirst(),
                        page.pageNum(),
                        page.pageSize())
                .forEach(task -> tasks.add(runtime.views().full(task)));
        Routes.json(ex, tasks);
    }

    private void stream(Exchange ex, Caller caller) {
        String id = taskId(ex);
        runtime.streamer().stream(ex.routingContext(), () -> visible(caller, id), ex.scenario());
    }

    private static String taskId(Exchange ex) {
        return ex.routingContext().pathParam("id");
    }

    private Optional<TaskSnapshot> visible(Caller caller, String id) {
        return runtime.tasks()
                .find(id)
                .filter(task -> task.kind() == kind
                        && task.accountId().equals(caller.account().id()));
    }
}
