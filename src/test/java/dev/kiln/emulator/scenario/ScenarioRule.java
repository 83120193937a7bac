package dev.kiln.emulator.scenario;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scenario and where it applies. A null scope field matches anything; the more fields a rule sets, the
 * more specific it is and the later it is merged. {@code times} limits how many requests it applies to
 * (null: unlimited); task phase and callback decisions do not consume it. A rule with a {@code name} never
 * applies by scope: a request selects it with {@code X-Emulator-Scenario: <name>}.
 *
 * <p>JSON form (admin API): {@code {"name":..,"provider":..,"account":..,"taskId":..,"operation":..,
 * "times":..,"scenario":{knobs}}}.
 */
public final class ScenarioRule {
    private final String id;
    private final String name;
    private final String provider;
    private final String account;
    private final String taskId;
    private final String operation;
    private final AtomicInteger remaining;
    private final Scenario scenario;

    public ScenarioRule(
            String id,
            String name,
            String provider,
            String account,
            String taskId,
            String operation,
            Integer times,
            Scenario scenario) {
        this.id = id;
        this.name = name;
        this.provider = provider;
        this.account = account;
        this.taskId = taskId;
        this.operation = operation;
        this.remaining = times == null ? null : new AtomicInteger(times);
        this.scenario = scenario;
    }

    static ScenarioRule fromJson(String id, JsonObject json) {
        return new ScenarioRule(
                id,
                json.getString("name"),
                json.getString("provider"),
                json.getString("account"),
                json.getString("taskId"),
                json.getString("operation"),
                json.getInteger("times"),
                Scenario.of(json.getJsonObject("scenario", new JsonObject())));
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id)
                .put("name", name)
                .put("provider", provider)
                .put("account", account)
                .put("taskId", taskId)
                .put("operation", operation)
                .put("remaining", remaining == null ? null : remaining.get())
                .put("scenario", scenario.toJson());
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Scenario scenario() {
        return scenario;
    }

    boolean matches(String provider, String account, String taskId, String operation) {
        return name == null
                && (remaining == null || remaining.get() > 0)
                && scopeMatches(this.provider, provider)
                && scopeMatches(this.account, account)
                && scopeMatches(this.taskId, taskId)
                && scopeMatches(this.operation, operation);
    }

    /** Uses up one application; false if another request used the last one first. */
    boolean consume() {
        if (remaining == null) {
            return true;
        }
        return remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    int specificity() {
        int score = 0;
        score += provider == null ? 0 : 1;
        score += account == null ? 0 : 2;
        score += operation == null ? 0 : 4;
        score += taskId == null ? 0 : 8;
        return score;
    }

    private static boolean scopeMatches(String scope, String actual) {
        return scope == null || scope.equals(actual);
    }
}
