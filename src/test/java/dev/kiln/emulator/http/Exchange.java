package dev.kiln.emulator.http;

import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.calls.CallRecord;
import dev.kiln.emulator.scenario.Fault;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One call to an emulated operation, from arrival to answer. An API names the operation, identifies the
 * account (after its own credential check) and then {@link #run}s its handler: the exchange records the
 * call, resolves the scenario, waits out its latency and applies its fault before (or instead of) the
 * handler. Answers written with {@link #json} honour the body faults (trickle, malformed JSON).
 *
 * <pre>{@code
 * Exchange ex = ctx.exchange(rc, "hitem3d", "query-task").errorBody(Hitem3dApi::errorBody);
 * ex.account(account.id()).task(taskId).run(e -> e.json(200, body));
 * }</pre>
 */
public final class Exchange {
    private final EmulatorContext ctx;
    private final RoutingContext rc;
    private final String provider;
    private final String operation;
    private String account;
    private String taskId;
    private Scenario scenario = Scenario.NONE;
    private IntFunction<JsonObject> errorBody = status -> new JsonObject().put("message", "emulated error " + status);

    public Exchange(EmulatorContext ctx, RoutingContext rc, String provider, String operation) {
        this.ctx = ctx;
        this.rc = rc;
        this.provider = provider;
        this.operation = operation;
    }

    /** The account the call authenticated as (null or not called: recorded as anonymous). */
    public Exchange account(String account) {
        this.account = account;
        return this;
    }

    /** The task the call is about, for task-scoped scenario rules and the call log. */
    public Exchange task(String taskId) {
        this.taskId = taskId;
        return this;
    }

    /** The vendor-shaped body of an injected HTTP error with the given status. */
    public Exchange errorBody(IntFunction<JsonObject> errorBody) {
        this.errorBody = errorBody;
        return this;
    }

    public RoutingContext routingContext() {
        return rc;
    }

    public String provider() {
        return provider;
    }

    public String operation() {
        return operation;
    }

    public String account() {
        return account;
    }

    /** The scenario resolved by {@link #run} (header, rules, base); {@link Scenario#NONE} before. */
    public Scenario scenario() {
        return scenario;
    }

    /** Records the call, applies the scenario's latency and fault, then hands over to {@code handler}. */
    public void run(Consumer<Exchange> handler) {
        CallRecord record = ctx.calls().record(provider, operation, account, taskId);
        rc.addHeadersEndHandler(v -> record.status(rc.response().getStatusCode()));
        scenario = ctx.scenarios()
                .forRequest(provider, account, taskId, operation, rc.request().getHeader(ScenarioRegistry.HEADER));
        long latency = scenario.latency().map(d -> d.toMillis()).orElse(0L);
        if (latency > 0) {
            ctx.vertx().setTimer(latency, id -> applyFault(handler));
        } else {
            applyFault(handler);
        }
    }

    private void applyFault(Consumer<Exchange> handler) {
        switch (scenario.fault()) {
            case HANG -> {
                // Accept and never answer: the client's timeout is what is under test.
            }
            case RESET -> rc.request().connection().close();
            case HTTP_ERROR -> {
                int status = scenario.errorStatus();
                scenario.retryAfterSeconds()
                        .ifPresent(seconds -> rc.response().putHeader("Retry-After", Long.toString(seconds)));
                sendJson(status, errorBody.apply(status).encode(), false);
            }
            default -> handler.accept(this);
        }
    }

    /** Answers with a JSON body, through the scenario's body faults. */
    public void json(int status, JsonObject body) {
        json(status, body.encode());
    }

    /** Answers with an already encoded JSON body, through the scenario's body faults. */
    public void json(int status, String body) {
        sendJson(status, body, true);
    }

    private void sendJson(int status, String body, boolean bodyFaults) {
        HttpServerResponse response = rc.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        Fault fault = bodyFaults ? scenario.fault() : Fault.NONE;
        if (fault == Fault.MALFORMED_JSON) {
            response.end(body.substring(0, Math.max(1, body.length() / 2)));
        } else if (fault == Fault.TRICKLE) {
            Trickle.send(
                    ctx.vertx(),
                    response,
                    Buffer.buffer(body.getBytes(StandardCharsets.UTF_8)),
                    scenario.trickleBytesPerSecond());
        } else {
            response.end(body);
        }
    }
}
