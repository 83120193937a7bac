package dev.kiln.emulator.meshy.http;

import dev.kiln.emulator.meshy.Caller;
import dev.kiln.emulator.meshy.MeshyService;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Helpers every Meshy route uses: admission (auth, rate, scenarios), JSON answers, and errors as Meshy words them. */
public final class Routes {

    private static final Logger LOG = Logger.getLogger(Routes.class.getName());

    private Routes() {}

    /**
     * A handler that admits the caller, then runs {@code action}; a {@link MeshyError} thrown anywhere becomes the
     * vendor's error answer.
     *
     * @param taskIdParam the path parameter holding the task id, or null
     */
    public static Handler<RoutingContext> admitted(
            MeshyService service, String operation, String taskIdParam, BiConsumer<RoutingContext, Caller> action) {
        return ctx -> {
            try {
                String taskId = taskIdParam == null ? null : ctx.pathParam(taskIdParam);
                Caller caller = service.admit(ctx, operation, taskId);
                if (caller != null) {
                    action.accept(ctx, caller);
                }
            } catch (MeshyError error) {
                error.send(ctx.response());
            } catch (RuntimeException unexpected) {
                LOG.log(Level.WARNING, "Meshy emulator failed on " + operation, unexpected);
                new MeshyError(500, "Internal server error").send(ctx.response());
            }
        };
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    public static void json(RoutingContext ctx, JsonArray body) {
        ctx.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }
}
