package dev.kiln.emulator.hunyuan;

import dev.kiln.emulator.EmulatedApi;
import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.account.Account;
import dev.kiln.emulator.http.Exchange;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.emulator.task.TaskPhase;
import dev.kiln.emulator.task.TaskTiming;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Tencent Hunyuan 3D Pro through the API aggregator of seed 002 (paths from the notes):
 *
 * <ul>
 *   <li>{@code POST /model/v1/generation}: create; the body is checked against every input rule of the
 *       seed (400 on a violation); answers the task object.
 *   <li>{@code GET /model/v1/generation/task/{id}}: poll; the task object with status, progress, error,
 *       output[].content[], usage and metadata.
 * </ul>
 *
 * {@code Authorization: Bearer <key>}: 401 for a bad key, 403 when the balance cannot pay a task, 429 and
 * 500 through scenarios ({@code fault: http_error}). Errors are {@code {"error": {code, message, type}}}.
 */
public final class HunyuanApi implements EmulatedApi {
    public static final String PROVIDER = "hunyuan";
    /** The default account's API key and id. */
    public static final String API_KEY = "emulator-hunyuan-key";

    public static final String ACCOUNT = "emulator-hunyuan";
    /** A second account, for tests of several accounts. */
    public static final String SECOND_API_KEY = "emulator-hunyuan-key-2";

    public static final String SECOND_ACCOUNT = "emulator-hunyuan-2";
    /** USD on a fresh account. */
    public static final BigDecimal DEFAULT_BALANCE = new BigDecimal("100");
    /** Upstream's default of 3 concurrent jobs per account. */
    public static final int DEFAULT_CONCURRENCY = 3;

    public static final TaskTiming TIMING =
            new TaskTiming(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(20));
    private static final String BASE = "/model/v1/generation";

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void mount(Router router, EmulatorContext ctx) {
        router.post(BASE).handler(BodyHandler.create().setBodyLimit(32L * 1024 * 1024));
        router.post(BASE).handler(rc -> create(rc, ctx));
        router.get(BASE + "/task/:id").handler(rc -> poll(rc, ctx));
        ctx.tasks().addListener(PROVIDER, (task, from, to) -> {
            if (to == TaskPhase.FAILED || to == TaskPhase.CANCELED) {
                // A failed generation is not billed.
                ctx.accounts()
                        .find(PROVIDER, task.account())
                        .ifPresent(account -> account.refund(HunyuanTaskView.UNIT_PRICE));
            }
        });
    }

    @Override
    public void reset(EmulatorContext ctx) {
        ctx.accounts()
                .register(new Account(PROVIDER, ACCOUNT, DEFAULT_BALANCE, DEFAULT_CONCURRENCY)
                        .credential("apiKey", API_KEY));
        ctx.accounts()
                .register(new Account(PROVIDER, SECOND_ACCOUNT, DEFAULT_BALANCE, DEFAULT_CONCURRENCY)
                        .credential("apiKey", SECOND_API_KEY));
    }

    private void create(RoutingContext rc, EmulatorContext ctx) {
        Optional<Account> account = account(ctx, rc);
        exchange(ctx, rc, "create", HunyuanError.UPSTREAM_CREATION)
                .account(account.map(Account::id).orElse(null))
                .run(ex -> {
                    if (account.isEmpty()) {
                        unauthorized(ex);
                        return;
                    }
                    HunyuanRequest request;
                    try {
                        request = HunyuanRequest.parse(body(rc));
                    } catch (HunyuanRequest.Invalid e) {
                        ex.json(
                                400,
                                HunyuanError.httpBody("invalid_parameter", e.getMessage(), "invalid_request_error"));
                        return;
                    }
                    if (!account.get().charge(HunyuanTaskView.UNIT_PRICE)) {
                        ex.json(
                                403,
                                HunyuanError.httpBody(
                                        "insufficient_balance", "insufficient account balance", "permission_error"));
                        return;
                    }
                    EmulatedTask task = ctx.tasks()
                            .create(
                                    PROVIDER,
                                    account.get().id(),
                                    "task-" + UUID.randomUUID(),
                                    ex.scenario(),
                                    TIMING,
                                    request.toJson());
                    ex.json(200, HunyuanTaskView.of(ctx, task));
                });
    }

    private void poll(RoutingContext rc, EmulatorContext ctx) {
        Optional<Account> account = account(ctx, rc);
        String id = rc.pathParam("id");
        exchange(ctx, rc, "poll", HunyuanError.STATUS_QUERY)
                .account(account.map(Account::id).orElse(null))
                .task(id)
                .run(ex -> {
                    if (account.isEmpty()) {
                        unauthorized(ex);
                        return;
                    }
                    Optional<EmulatedTask> task = ctx.tasks().find(PROVIDER, id).filter(found -> found.account()
                            .equals(account.get().id()));
                    if (task.isEmpty()) {
                        ex.json(
                                404,
                                HunyuanError.httpBody("not_found", "task not found: " + id, "invalid_request_error"));
                        return;
                    }
                    ex.json(200, HunyuanTaskView.of(ctx, task.get()));
                });
    }

    private static Exchange exchange(
            EmulatorContext ctx, RoutingContext rc, String operation, HunyuanError serverError) {
        return ctx.exchange(rc, PROVIDER, operation).errorBody(status -> errorBody(status, serverError));
    }

    /** Injected errors: 429 rate limit, 401/403 auth, 5xx the operation's upstream code. */
    static JsonObject errorBody(int status, HunyuanError serverError) {
        return switch (status) {
            case 401 -> HunyuanError.httpBody("invalid_api_key", "invalid API key", "authentication_error");
            case 403 -> HunyuanError.httpBody(
                    "insufficient_balance", "insufficient account balance", "permission_error");
            case 429 -> HunyuanError.httpBody("rate_limit_exceeded", "too many requests", "rate_limit_error");
            default -> HunyuanError.httpBody(serverError.code(), serverError.message(), "upstream_error");
        };
    }

    private static void unauthorized(Exchange ex) {
        ex.json(401, errorBody(401, HunyuanError.UPSTREAM_HTTP));
    }

    private static Optional<Account> account(EmulatorContext ctx, RoutingContext rc) {
        String authorization = rc.request().getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return ctx.accounts()
                .findByCredential(PROVIDER, "apiKey", authorization.substring(7).trim());
    }

    private static JsonObject body(RoutingContext rc) throws HunyuanRequest.Invalid {
        try {
            JsonObject body = rc.body() == null ? null : rc.body().asJsonObject();
            if (body == null) {
                throw new HunyuanRequest.Invalid("a JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw new HunyuanRequest.Invalid("the body is not valid JSON");
        }
    }
}
