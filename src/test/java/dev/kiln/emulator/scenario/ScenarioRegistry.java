package dev.kiln.emulator.scenario;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scenario rules in force. A request's scenario is: the base scenario, then every matching rule from
 * the broadest to the most specific, then the request's own {@code X-Emulator-Scenario} header on top.
 */
public final class ScenarioRegistry {
    /** The request header that sets a scenario for one request: inline JSON, a preset or a rule name. */
    public static final String HEADER = "X-Emulator-Scenario";

    private final List<ScenarioRule> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Scenario initialBase;
    private volatile Scenario base;

    public ScenarioRegistry(Scenario base) {
        this.initialBase = base;
        this.base = base;
    }

    /** Adds a rule; returns its id (for {@link #remove}). */
    public String add(
            String provider, String account, String taskId, String operation, Integer times, Scenario scenario) {
        return add(new JsonObject()
                .put("provider", provider)
                .put("account", account)
                .put("taskId", taskId)
                .put("operation", operation)
                .put("times", times)
                .put("scenario", scenario.toJson()));
    }

    /** Adds a rule in its JSON form (see {@link ScenarioRule}); returns its id. */
    public String add(JsonObject ruleJson) {
        String id = "rule-" + ids.incrementAndGet();
        rules.add(ScenarioRule.fromJson(id, ruleJson));
        return id;
    }

    /** Applies a scenario to every task of one account of a provider. */
    public String forAccount(String provider, String account, Scenario scenario) {
        return add(provider, account, null, null, null, scenario);
    }

    /** Applies a scenario to every request and task of a provider. */
    public String forProvider(String provider, Scenario scenario) {
        return add(provider, null, null, null, null, scenario);
    }

    /** Applies a scenario to the next {@code times} calls of one operation of a provider. */
    public String forOperation(String provider, String operation, int times, Scenario scenario) {
        return add(provider, null, null, operation, times, scenario);
    }

    public boolean remove(String id) {
        return rules.removeIf(rule -> rule.id().equals(id));
    }

    /** Drops every rule (the base scenario stays). */
    public void clear() {
        rules.clear();
    }

    /** Drops every rule and puts back the base scenario the server started with. */
    public void reset() {
        rules.clear();
        base = initialBase;
    }

    public Scenario base() {
        return base;
    }

    public void base(Scenario base) {
        this.base = base;
    }

    public JsonArray toJson() {
        JsonArray array = new JsonArray();
        rules.forEach(rule -> array.add(rule.toJson()));
        return array;
    }

    /**
     * The scenario for one request, consuming one use of each limited rule that applies. {@code header} is
     * the value of {@link #HEADER} or null.
     */
    public Scenario forRequest(String provider, String account, String taskId, String operation, String header) {
        Scenario result = base;
        for (ScenarioRule rule : matching(provider, account, taskId, operation)) {
            if (rule.consume()) {
                result = result.with(rule.scenario());
            }
        }
        return result.with(fromHeader(header).orElse(Scenario.NONE));
    }

    /**
     * The scenario for a task's own behaviour (durations, failure, callbacks): rules without an operation
     * that match the task. Consumes nothing.
     */
    public Scenario forTask(String provider, String account, String taskId) {
        Scenario result = Scenario.NONE;
        for (ScenarioRule rule : matching(provider, account, taskId, null)) {
            result = result.with(rule.scenario());
        }
        return result;
    }

    private List<ScenarioRule> matching(String provider, String account, String taskId, String operation) {
        return rules.stream()
                .filter(rule -> rule.matches(provider, account, taskId, operation))
                .sorted(Comparator.comparingInt(ScenarioRule::specificity))
                .toList();
    }

    private Optional<Scenario> fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Optional<Scenario> parsed = Scenario.parse(header);
        if (parsed.isPresent()) {
            return parsed;
        }
        return rules.stream()
                .filter(rule -> header.trim().equals(rule.name()))
                .map(ScenarioRule::scenario)
                .findFirst();
    }
}
