package dev.kiln.emulator.hitem3d;

import dev.kiln.emulator.EmulatedApi;
import dev.kiln.emulator.EmulatorContext;
import dev.kiln.emulator.account.Account;
import dev.kiln.emulator.asset.AssetRef;
import dev.kiln.emulator.callback.CallbackDelivery;
import dev.kiln.emulator.http.Exchange;
import dev.kiln.emulator.scenario.CallbackMode;
import dev.kiln.emulator.scenario.Scenario;
import dev.kiln.emulator.task.EmulatedTask;
import dev.kiln.emulator.task.TaskPhase;
import dev.kiln.emulator.task.TaskTiming;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hitem3D's open API (seeds 000, 001; token, balance, concurrency and callbacks from the notes):
 *
 * <ul>
 *   <li>{@code POST /open-api/v1/auth/token}: Basic client id:secret → 24 h access token; bad
 *       credentials answer HTTP 200 with code 40010000.
 *   <li>{@code POST /open-api/v1/submit-task}: multipart form, every 1003100x code, 30010000 when the
 *       balance cannot pay the task (10 credits by default, refunded if the task fails). An image is
 *       judged by its bytes (PNG, JPEG or WebP signature), not its name; a body that is no form (JSON)
 *       or a malformed one answers 10031008 in the vendor's envelope, with a message saying why.
 *   <li>{@code GET /open-api/v1/query-task?task_id=}: created → queueing → processing → success, or
 *       50010001 on failure; URLs valid one hour.
 *   <li>{@code GET /open-api/v1/balance}: {@code data.totalBalance}.
 * </ul>
 *
 * A bad or expired access token also answers HTTP 200 with code 40010000. Scenario knobs of this API:
 * {@code codeAsString} (send {@code code} as a string), {@code failedAs: "state"} (a failed task answers
 * code 200 with {@code state: failed} instead of code 50010001). Tasks over the account's
 * concurrency limit (10) wait in {@code queueing}: the vendor documents no answer for that case.
 *
 * <p>Callbacks (seed 000): every state change (queueing, processing, success, failed) POSTs the query body to
 * {@code callback_url}; success and failed are retried 3 times if delivery fails, the others are not.
 * Knobs: {@code callbackStates: "final"} (only success/failed), {@code callbackIncludesTaskId: true} (a failure
 * callback adds {@code data.task_id} and the state, which the query's failure body lacks),
 * {@code callbackStateField}: {@code state} (default, as the query) | {@code status} (as seed 000's callback
 * text words it) | {@code both}.
 *
 * <p>An unknown task (or another account's) answers HTTP 200 with body code 404; knob
 * {@code unknownTaskStatus: 404} answers that HTTP status instead. A request_type outside 1–3 answers
 * 10031000 (invalid input, not retryable; the vendor documents no code for it). Knob
 * {@code objAs}: {@code zip} (default: a textured OBJ is a zip of OBJ, MTL and PNG) | {@code obj} (a bare
 * .obj).
 */
public final class Hitem3dApi implements EmulatedApi {
    public static final String PROVIDER = "hitem3d";
    /** The default account's client id, secret and account id. */
    public static final String CLIENT_ID = "emulator-client";

    public static final String CLIENT_SECRET = "emulator-secret";
    /** A second account, for tests of several accounts. */
    public static final String SECOND_CLIENT_ID = "emulator-client-2";

    public static final String SECOND_CLIENT_SECRET = "emulator-secret-2";
    public static final BigDecimal DEFAULT_BALANCE = new BigDecimal("1000");
    public static final int DEFAULT_CONCURRENCY = 10;
    /** Credits one task costs unless the account's setting {@code taskCost} says otherwise. */
    public static final BigDecimal DEFAULT_TASK_COST = BigDecimal.TEN;
    /** Vendor-like, but short enough for a local run; scenarios override. */
    public static final TaskTiming TIMING =
            new TaskTiming(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(15));

    static final int CALLBACK_RETRIES = 3;
    private static final String BASE = "/open-api/v1";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String NOT_A_FORM = Hitem3dCode.IMAGES_REQUIRED.message() + ": submit-task takes multipart/form-data";
    static final String MALFORMED_FORM = Hitem3dCode.IMAGES_REQUIRED.message() + ": malformed multipart/form-data body";

    private Hitem3dTokens tokens;

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public void mount(Router router, EmulatorContext ctx) {
        tokens = new Hitem3dTokens(ctx.clock());
        router.post(BASE + "/auth/token").handler(rc -> token(rc, ctx));
        router.post(BASE + "/submit-task").handler(rc -> submit(rc, ctx));
        router.get(BASE + "/query-task").handler(rc -> query(rc, ctx));
        router.get(BASE + "/balance").handler(rc -> balance(rc, ctx));
        ctx.tasks().addListener(PROVIDER, (task, from, to) -> onPhaseChange(ctx, task, to));
    }

    @Override
    public void reset(EmulatorContext ctx) {
        tokens.clear();
        register(ctx, CLIENT_ID, CLIENT_SECRET);
        register(ctx, SECOND_CLIENT_ID, SECOND_CLIENT_SECRET);
    }

    private static void register(EmulatorContext ctx, String clientId, String secret) {
        ctx.accounts()
                .register(new Account(PROVIDER, clientId, DEFAULT_BALANCE, DEFAULT_CONCURRENCY)
                        .credential("clientId", clientId)
                        .credential("clientSecret", secret));
    }

    private Exchange exchange(RoutingContext rc, EmulatorContext ctx, String operation) {
        return ctx.exchange(rc, PROVIDER, operation).errorBody(Hitem3dApi::errorBody);
    }

    private void token(RoutingContext rc, EmulatorContext ctx) {
        Optional<Account> account = basicCredentials(rc.request().getHeader("Authorization"))
                .flatMap(pair -> ctx.accounts()
                        .findByCredential(PROVIDER, "clientId", pair[0])
                        .filter(found -> found.credential("clientSecret")
                                .map(pair[1]::equals)
                                .orElse(false)));
        exchange(rc, ctx, "auth-token")
                .account(account.map(Account::id).orElse(null))
                .run(ex -> {
                    if (account.isEmpty()) {
                        reply(
                                ex,
                                200,
                                Hitem3dCode.body(
                                        Hitem3dCode.AUTH_FAILED.code(),
                                        "client id or secret is invalid",
                                        new JsonObject()));
                        return;
                    }
                    reply(
                            ex,
                            200,
                            Hitem3dCode.SUCCESS.body(new JsonObject()
                                    .put(
                                            "accessToken",
                                            tokens.issue(account.get().id()))
                                    .put("tokenType", "Bearer")
                                    .put("nonce", UUID.randomUUID().toString().replace("-", ""))));
                });
    }

    private void submit(RoutingContext rc, EmulatorContext ctx) {
        Optional<String> account = tokens.account(rc.request().getHeader("Authorization"));
        if (!SubmitForm.isForm(rc.request().getHeader("Content-Type"))) {
            // A JSON (or any non-form) body carries no image files: the vendor's envelope says so, never a bare 500.
            rc.request().body().onComplete(ignored -> refuseBody(rc, ctx, account, NOT_A_FORM));
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        SubmitForm.read(
                rc.request(),
                form -> {
                    if (answered.compareAndSet(false, true)) {
                        submit(rc, ctx, account, form);
                    }
                },
                failure -> {
                    if (answered.compareAndSet(false, true) && !rc.response().ended()) {
                        refuseBody(rc, ctx, account, MALFORMED_FORM);
                    }
                });
    }

    private void submit(RoutingContext rc, EmulatorContext ctx, Optional<String> account, SubmitForm form) {
        exchange(rc, ctx, "submit-task").account(account.orElse(null)).run(ex -> {
            if (account.isEmpty()) {
                reply(ex, 200, Hitem3dCode.AUTH_FAILED.body());
                return;
            }
            Submission.Result result = Submission.validate(form, url -> isIssuedGeometry(ctx, url));
            if (result.error() != null) {
                reply(ex, 200, Hitem3dCode.body(result.error().code(), result.message(), new JsonObject()));
                return;
            }
            Account payer = ctx.accounts().find(PROVIDER, account.get()).orElseThrow();
            if (!payer.charge(taskCost(payer))) {
                reply(ex, 200, Hitem3dCode.BALANCE_NOT_ENOUGH.body());
                return;
            }
            EmulatedTask task = ctx.tasks()
                    .create(
                            PROVIDER,
                            payer.id(),
                            newTaskId(),
                            ex.scenario(),
                            TIMING,
                            result.submission().toJson());
            reply(ex, 200, Hitem3dCode.SUCCESS.body(new JsonObject().put("task_id", task.id())));
        });
    }

    /**
     * A submit whose body is no form: the vendor documents no answer, so the emulator gives the documented
     * code for a request without images (10031008, invalid input: never retried) with a message that says
     * why, in the vendor's envelope and with HTTP 200 as all its errors.
     */
    private void refuseBody(RoutingContext rc, EmulatorContext ctx, Optional<String> account, String message) {
        exchange(rc, ctx, "submit-task").account(account.orElse(null)).run(ex -> {
            if (account.isEmpty()) {
                reply(ex, 200, Hitem3dCode.AUTH_FAILED.body());
                return;
            }
            reply(ex, 200, Hitem3dCode.body(Hitem3dCode.IMAGES_REQUIRED.code(), message, new JsonObject()));
        });
    }

    private void query(RoutingContext rc, EmulatorContext ctx) {
        Optional<String> account = tokens.account(rc.request().getHeader("Authorization"));
        String taskId = rc.queryParams().get("task_id");
        exchange(rc, ctx, "query-task")
                .account(account.orElse(null))
                .task(taskId)
                .run(ex -> {
                    if (account.isEmpty()) {
                        reply(ex, 200, Hitem3dCode.AUTH_FAILED.body());
                        return;
                    }
                    Optional<EmulatedTask> task = taskId == null
                            ? Optional.empty()
                            : ctx.tasks().find(PROVIDER, taskId).filter(found -> found.account()
                                    .equals(account.get()));
                    if (task.isEmpty()) {
                        // Undocumented by the vendor, whose every other error is HTTP 200 with a body code: so is
                        // this one, unless the scenario's unknownTaskStatus asks for another HTTP status (404).
                        int status = (int)
                                ex.scenario().longValue("unknownTaskStatus").orElse(200);
                        reply(ex, status, Hitem3dCode.body(404, "task not found", new JsonObject()));
                        return;
                    }
                    reply(ex, 200, Hitem3dResults.body(ctx, task.get()));
                });
    }

    private void balance(RoutingContext rc, EmulatorContext ctx) {
        Optional<String> account = tokens.account(rc.request().getHeader("Authorization"));
        exchange(rc, ctx, "balance").account(account.orElse(null)).run(ex -> {
            if (account.isEmpty()) {
                reply(ex, 200, Hitem3dCode.AUTH_FAILED.body());
                return;
            }
            BigDecimal balance =
                    ctx.accounts().find(PROVIDER, account.get()).orElseThrow().balance();
            reply(ex, 200, Hitem3dCode.SUCCESS.body(new JsonObject().put("totalBalance", balance)));
        });
    }

    /**
     * Refunds a failed task, and POSTs a callback on every state change (seed 000): queueing and processing
     * once, success and failed retried {@link #CALLBACK_RETRIES} times. Scenario knob
     * {@code callbackStates: "final"} sends only the final one.
     */
    private static void onPhaseChange(EmulatorContext ctx, EmulatedTask task, TaskPhase phase) {
        if (phase == TaskPhase.FAILED || phase == TaskPhase.CANCELED) {
            // Credits are refunded when a task fails.
            ctx.accounts().find(PROVIDER, task.account()).ifPresent(account -> account.refund(taskCost(account)));
        }
        String callbackUrl = task.input().getString("callback_url");
        if (callbackUrl == null || phase == TaskPhase.CREATED) {
            return;
        }
        Scenario scenario = ctx.tasks().effectiveScenario(task);
        boolean finalOnly =
                scenario.string("callbackStates").map("final"::equals).orElse(false);
        if (!phase.isFinal()) {
            if (finalOnly) {
                return;
            }
            // Intermediate states go out once, as they happen; the delivery modes are for the final one.
            Scenario intermediate = scenario.callbacks() == CallbackMode.NEVER
                    ? scenario
                    : scenario.with("callbacks", CallbackMode.NORMAL.name());
            ctx.callbacks()
                    .send(new CallbackDelivery(
                            PROVIDER,
                            task.id(),
                            callbackUrl,
                            Hitem3dResults.callbackBody(ctx, task),
                            null,
                            0,
                            intermediate));
            return;
        }
        ctx.callbacks()
                .send(new CallbackDelivery(
                        PROVIDER,
                        task.id(),
                        callbackUrl,
                        Hitem3dResults.callbackBody(ctx, task),
                        Hitem3dResults.staleBody(task, scenario),
                        scenario.callbackRetries().orElse(CALLBACK_RETRIES),
                        scenario));
    }

    /**
     * Answers through the exchange. Scenario knob {@code codeAsString: true} sends {@code code} as a string,
     * as the vendor's table (not its examples) says it is.
     */
    private static void reply(Exchange ex, int status, JsonObject body) {
        if (ex.scenario().string("codeAsString").map(Boolean::parseBoolean).orElse(false)) {
            body.put("code", String.valueOf(body.getValue("code")));
        }
        ex.json(status, body);
    }

    /** True for the model URL of a finished request_type 1 task of this emulator. */
    private static boolean isIssuedGeometry(EmulatorContext ctx, String url) {
        Optional<AssetRef> ref = ctx.assets().issued(url).filter(found -> PROVIDER.equals(found.provider()));
        if (ref.isEmpty() || ref.get().taskId() == null || ref.get().fileName().endsWith(".webp")) {
            return false;
        }
        return ctx.tasks()
                .find(PROVIDER, ref.get().taskId())
                .filter(task -> task.phase() == TaskPhase.SUCCEEDED)
                .filter(task -> task.input().getInteger("request_type") == 1)
                .isPresent();
    }

    private static BigDecimal taskCost(Account account) {
        Object cost = account.settings().getValue("taskCost");
        return cost == null ? DEFAULT_TASK_COST : new BigDecimal(String.valueOf(cost));
    }

    private static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0
                    ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Like the vendor's: 32 hex digits, the service name, 10 random letters. */
    private static String newTaskId() {
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            suffix.append(letters.charAt(RANDOM.nextInt(letters.length())));
        }
        return UUID.randomUUID().toString().replace("-", "") + ".jjewelry-aigc-api." + suffix;
    }

    /** The body of an injected HTTP error: the vendor's system error for 5xx (and 200), else its shape. */
    static JsonObject errorBody(int status) {
        if (status >= 500 || status == 200) {
            return Hitem3dCode.SYSTEM_ERROR.body();
        }
        if (status == 401 || status == 403) {
            return Hitem3dCode.AUTH_FAILED.body();
        }
        return Hitem3dCode.body(status, status == 429 ? "too many requests" : "request failed", new JsonObject());
    }
}
