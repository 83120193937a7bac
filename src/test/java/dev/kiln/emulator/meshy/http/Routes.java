package dev.kiln.emulator.meshy.http;

import dev.kiln.emulator.http.Exchange;
import dev.kiln.emulator.meshy.Caller;
import dev.kiln.emulator.meshy.MeshyRuntime;
import dev.kiln.emulator.meshy.account.MeshyAccounts;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What every Meshy route does around its own work: the core's exchange, auth, rate limit, errors. */
public final class Routes {

    private static final Logger LOG = Logger.getLogger(Routes.class.getName());

    private Routes() {}

    /**
     * A handler that runs {@code action} inside the core's exchange (call log, scenario latency and faults) once
     * the call is not from a browser (else 403), the caller's key is known (else 401) and within its account's rate
     * (else 429 {@code RateLimitExceeded}). A
     * {@link MeshyError} thrown anywhere becomes the vendor's error answer.
     *
     * @param operation the name the call log and scenario rules use, e.g. {@code image-to-3d.create}
     * @param taskIdParam the path parameter holding the task id, or null
     */
    public static Handler<RoutingContext> admitted(
            MeshyRuntime runtime, String operation, String taskIdParam, BiConsumer<Exchange, Caller> action) {
        return rc -> {
            Optional<Caller> caller =
                    runtime.accounts().authenticate(runtime.ctx(), rc.request().getHeader("Authorization"));
            runtime.ctx()
                    .exchange(rc, MeshyAccounts.PROVIDER, operation)
                    .errorBody(MeshyError::injectedBody)
                    .account(caller.map(c -> c.account().id()).orElse(null))
                    .task(taskIdParam == null ? null : rc.pathParam(taskIdParam))
                    .run(exchange -> {
                        try {
                            if (rc.request().getHeader("Origin") != null) {
                                // Meshy refuses calls from browsers (CORS): the API is for servers only.
                                throw new MeshyError(403, "Cross-origin requests from browsers are not allowed");
                            }
                            Caller known = caller.orElseThrow(() -> new MeshyError(401, "Invalid API key"));
                            runtime.accounts().throttle(known, exchange.scenario());
                            action.accept(exchange, known);
                        } catch (MeshyError error) {
                            error.send(exchange);
                        } catch (RuntimeException unexpected) {
                            LOG.log(Level.WARNING, "the Meshy emulator failed on " + operation, unexpected);
                            new MeshyError(500, "Internal server error").send(exchange);
                        }
                    });
        };
    }

    public static void json(Exchange exchange, JsonArray body) {
        exchange.json(200, body.encode());
    }
}
