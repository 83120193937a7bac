package dev.kiln.emulator.meshy;

import dev.kiln.emulator.meshy.figure.FigureRoutes;
import dev.kiln.emulator.meshy.http.TaskStreamer;
import dev.kiln.emulator.meshy.imageto3d.ImageTo3dRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.LongSupplier;

/**
 * The emulated Meshy APIs: Image to 3D, Multi-Image to 3D and Creative Lab figure (prototype → build), under the
 * vendor's paths, with its auth, limits, task lifecycle, streams and errors.
 */
public final class MeshyApi {

    /** Data URIs make big bodies; the vendor's own cap is not documented. */
    private static final long BODY_LIMIT_BYTES = 32L << 20;

    private final Vertx vertx;
    private final MeshyService service;

    public MeshyApi(
            Vertx vertx, MeshySettings settings, LongSupplier clock, AssetLinks links, MeshyScenarioHooks hooks) {
        this.vertx = vertx;
        this.service = new MeshyService(settings, clock, links, hooks);
    }

    public MeshyService service() {
        return service;
    }

    public void mount(Router router) {
        router.route("/openapi/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        TaskStreamer streamer = new TaskStreamer(
                vertx, service.views(), service.settings().streamInterval().toMillis());
        ImageTo3dRoutes.mount(router, service, streamer);
        FigureRoutes.mount(router, service, streamer);
    }

    public void reset() {
        service.reset();
    }
}
