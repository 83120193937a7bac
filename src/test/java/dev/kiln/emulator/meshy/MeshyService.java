package dev.kiln.emulator.meshy;

import dev.kiln.emulator.meshy.account.AccountSettings;
import dev.kiln.emulator.meshy.account.MeshyAccount;
import dev.kiln.emulator.meshy.http.MeshyError;
import dev.kiln.emulator.meshy.task.TaskEngine;
import dev.kiln.emulator.meshy.task.TaskFailure;
import dev.kiln.emulator.meshy.task.TaskIds;
import dev.kiln.emulator.meshy.task.TaskPlan;
import dev.kiln.emulator.meshy.task.TaskSnapshot;
import dev.kiln.emulator.meshy.task.TaskSpec;
import dev.kiln.emulator.meshy.task.TaskViews;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** What the Meshy routes share: accounts, the task engine, the JSON views and the scenario hooks. */
public final class MeshyService {

    private final MeshySettings settings;
    private final Map<String, MeshyAccount> accountsByKey = new HashMap<>();
    private final List<MeshyAccount> accounts;
    private final TaskEngine engine;
    private final TaskViews views;
    private final MeshyScenarioHooks hooks;

    /** @param clock the emulator's clock, epoch milliseconds */
    public MeshyService(MeshySettings settings, LongSupplier clock, AssetLinks links, MeshyScenarioHooks hooks) {
        this.settings = settings;
        this.accounts = settings.accounts().stream()
                .map(account -> new MeshyAccount(account, settings.nanoTime()))
                .toList();
        for (MeshyAccount account : accounts) {
            for (String key : account.apiKeys()) {
                if (accountsByKey.put(key, account) != null) {
                    throw new IllegalArgumentException("API key configured twice: " + key);
                }
            }
        }
        this.engine = new TaskEngine(clock, settings.retention().toMillis());
        this.views = new TaskViews(links);
        this.hooks = hooks;
    }

    public MeshySettings settings() {
        return settings;
    }

    public TaskEngine engine() {
        return engine;
    }

    public TaskViews views() {
        return views;
    }

    public MeshyScenarioHooks hooks() {
        return hooks;
    }

    /** The account configured under {@code id} (for tests and the admin view). */
    public MeshyAccount account(String id) {
        return accounts.stream()
                .filter(account -> account.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no account " + id));
    }

    /**
     * Authenticates, counts the request against the account's rate, and gives scenarios their turn.
     *
     * @return the caller, or null when a scenario has already answered
     * @throws MeshyError 401 for a missing or unknown key, 429 {@code RateLimitExceeded} over the rate
     */
    public Caller admit(RoutingContext ctx, String operation, String taskId) {
        Caller caller = authenticate(ctx.request());
        long retryAfter = caller.account().rateLimiter().tryAcquire();
        if (retryAfter > 0) {
            throw new MeshyError(429, MeshyError.RATE_LIMIT_EXCEEDED, retryAfter);
        }
        return hooks.intercept(ctx, caller, operation, taskId) ? null : caller;
    }

    private Caller authenticate(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        MeshyAccount account = key == null ? null : accountsByKey.get(key);
        if (account == null) {
            throw new MeshyError(401, "Invalid API key");
        }
        return new Caller(account, key);
    }

    /**
     * Creates a task once the request is valid: 429 {@code NoMoreConcurrentTasks} when the account's queue is full
     * (no Retry-After: a slot frees only when a task ends), 402 when the credits do not cover it.
     *
     * @param failure a failure the request itself implies (moderation), or null
     */
    public TaskSnapshot create(Caller caller, TaskSpec spec, TaskFailure failure) {
        MeshyAccount account = caller.account();
        TaskPlan defaults =
                new TaskPlan(settings.queueTime().toMillis(), settings.runTime().toMillis(), failure, 0, 0);
        TaskPlan plan = hooks.plan(caller, spec.kind(), defaults);
        synchronized (engine) {
            if (engine.activeCount(account) >= account.queueLimit()) {
                throw new MeshyError(429, MeshyError.NO_MORE_CONCURRENT_TASKS);
            }
            if (!account.charge(spec.cost())) {
                throw new MeshyError(402, "Insufficient credits to perform this task");
            }
            return engine.create(TaskIds.next(engine.now()), account, caller.apiKey(), spec, plan);
        }
    }

    /** Back to the start: no tasks, configured balances, empty rate windows. */
    public void reset() {
        engine.clear();
        accounts.forEach(MeshyAccount::reset);
    }

    /** The configured accounts, for the admin view. */
    public List<AccountSettings> accountSettings() {
        return settings.accounts();
    }
}
