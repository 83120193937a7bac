package dev.kiln.emulator;

import dev.kiln.emulator.account.AccountRegistry;
import dev.kiln.emulator.asset.AssetService;
import dev.kiln.emulator.callback.CallbackSender;
import dev.kiln.emulator.calls.CallLog;
import dev.kiln.emulator.http.Exchange;
import dev.kiln.emulator.scenario.ScenarioRegistry;
import dev.kiln.emulator.task.TaskStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * The services an {@link EmulatedApi} builds on, shared by every API of one server. Thread-safe.
 */
public final class EmulatorContext {
    private final Vertx vertx;
    private final EmulatorClock clock;
    private final ScenarioRegistry scenarios;
    private final CallLog calls;
    private final AccountRegistry accounts;
    private final TaskStore tasks;
    private final AssetService assets;
    private final CallbackSender callbacks;
    private volatile String baseUrl;

    EmulatorContext(Vertx vertx, EmulatorOptions options) {
        this.vertx = vertx;
        this.clock = new EmulatorClock();
        this.scenarios = new ScenarioRegistry(options.baseScenario());
        this.calls = new CallLog(clock);
        this.accounts = new AccountRegistry();
        this.tasks = new TaskStore(clock, scenarios, accounts);
        this.assets = new AssetService(clock, options.signingKey(), this::baseUrl);
        this.callbacks = new CallbackSender(vertx, clock);
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Now, as the emulator sees it; tests move it with {@link EmulatorClock#advance}. */
    public EmulatorClock clock() {
        return clock;
    }

    /** The server's own URL, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public String baseUrl() {
        return baseUrl;
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public ScenarioRegistry scenarios() {
        return scenarios;
    }

    public CallLog calls() {
        return calls;
    }

    public AccountRegistry accounts() {
        return accounts;
    }

    public TaskStore tasks() {
        return tasks;
    }

    public AssetService assets() {
        return assets;
    }

    public CallbackSender callbacks() {
        return callbacks;
    }

    /** Starts handling one call to {@code operation} of {@code provider}; see {@link Exchange}. */
    public Exchange exchange(RoutingContext rc, String provider, String operation) {
        return new Exchange(this, rc, provider, operation);
    }

    /** Clears every shared store and puts the clock back; the server then resets each API. */
    void clearShared() {
        tasks.clear();
        calls.clear();
        scenarios.reset();
        accounts.clear();
        callbacks.clear();
        assets.clearDeleted();
        clock.reset();
    }
}
